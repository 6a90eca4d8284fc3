/**
 * What the status page shows of each watch, as neutral data: kind, target, state, the open
 * incident that heads it, days left, last check and region. Only what a chat user can be shown
 * anyway: no destinations (who is told is decided in chat, and `--to` answers hide it), no user
 * ids (who added or acknowledged), no `connectTo` address, no pins.
 */
import type { IncidentProblem } from '../model/index.js';
import { isCritical } from './messages.js';
import { daysLeft } from './service.js';
import type { StoredWatch } from './store.js';
import {
  type Incident,
  kindOf,
  type RegionState,
  targetOf,
  type Watch,
  type WatchState,
} from './types.js';

export type StatusState = 'ok' | 'warn' | 'fail' | 'error' | 'pending';

export interface StatusIncident {
  n: number;
  key: string;
  problem: IncidentProblem;
  openedAt: number;
  critical: boolean;
  acknowledged: boolean;
  snoozedUntil: number | null;
}

export interface StatusEntry {
  ref: string;
  /** `cert` today; `http`, `dns`, `wechat` as those kinds arrive. */
  kind: string;
  /** What is watched, as a person would name it: `host:port`, a URL, a name, an app alias. */
  target: string;
  /** The last conclusive check's status; `pending` before the first. */
  state: StatusState;
  muted: boolean;
  /** Certificates: whole days to the earliest expiry in the chain; null otherwise or unknown. */
  daysLeft: number | null;
  checkedAt: number | null;
  /** Where the last check ran, once workers declare regions; null when unknown. */
  region: string | null;
  /** A regional watch: its regions, each with what it saw at the last check; null otherwise. */
  regions: WatchRegion[] | null;
  /** The open incident that matters most (null: none open). */
  incident: StatusIncident | null;
  openIncidents: number;
}

export interface WatchRegion {
  region: string;
  /** `pending` before the region's first check. */
  state: RegionState | 'pending';
}

/** A watch's listed regions with their last states, in the watch's order; null without regions. */
export function watchRegions(watch: Watch, state: WatchState): WatchRegion[] | null {
  if (!watch.regions?.length) return null;
  return watch.regions.map((region) => ({ region, state: state.regions?.[region] ?? 'pending' }));
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;

function regionOf(state: WatchState): string | null {
  return text((state as WatchState & { region?: unknown }).region) ?? null;
}

/** Lower is worse: expired, then broken, then expiring soon, then the rest. */
function rank(i: Incident): number {
  const v = i.view;
  if (v.kind === 'expiry') {
    if (v.level !== null && v.level < 0) return 0;
    return isCritical(i) ? 2 : 3;
  }
  return isCritical(i) ? 1 : 3;
}

const STATE_ORDER: Record<StatusState, number> = { fail: 0, error: 1, warn: 2, pending: 3, ok: 4 };

/** Open incidents, the one that matters most first. */
function openIncidents(state: WatchState): Incident[] {
  return state.incidents
    .filter((i) => i.open)
    .sort((a, b) => rank(a) - rank(b) || b.openedAt - a.openedAt);
}

export function statusEntry(stored: StoredWatch, now: number): StatusEntry {
  const { watch, state } = stored;
  const open = openIncidents(state);
  const top = open[0];
  const cert = kindOf(watch) === 'cert';
  return {
    ref: watch.ref,
    kind: kindOf(watch),
    target: targetOf(watch),
    state: state.checkedAt === undefined ? 'pending' : (state.status ?? 'pending'),
    muted: (state.mutedUntil ?? 0) > now,
    daysLeft: cert ? daysLeft(state, now) : null,
    checkedAt: state.checkedAt ?? null,
    region: regionOf(state),
    regions: watchRegions(watch, state),
    incident: top
      ? {
          n: top.n,
          key: top.key,
          problem: top.view,
          openedAt: top.openedAt,
          critical: isCritical(top),
          acknowledged: top.ack !== undefined,
          snoozedUntil: (top.snoozedUntil ?? 0) > now ? (top.snoozedUntil as number) : null,
        }
      : null,
    openIncidents: open.length,
  };
}

/** Open incidents first (worst, then newest), then by state, days left and target. */
export function statusEntries(watches: readonly StoredWatch[], now: number): StatusEntry[] {
  const none = Number.POSITIVE_INFINITY;
  return watches
    .map((s) => {
      const top = openIncidents(s.state)[0];
      return { e: statusEntry(s, now), rank: top ? rank(top) : none };
    })
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        (b.e.incident?.openedAt ?? 0) - (a.e.incident?.openedAt ?? 0) ||
        STATE_ORDER[a.e.state] - STATE_ORDER[b.e.state] ||
        (a.e.daysLeft ?? none) - (b.e.daysLeft ?? none) ||
        a.e.target.localeCompare(b.e.target),
    )
    .map((x) => x.e);
}
