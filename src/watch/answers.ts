/**
 * The answers of `/wx watch …` as neutral data; `src/render/watch-answers.ts` puts them in words.
 */
import type { AddressRefusal } from './admit.js';
import { daysLeft } from './service.js';
import { type WatchRegion, watchRegions } from './status.js';
import type { StoredWatch } from './store.js';
import type { Destination, WatchKind } from './types.js';

export type WatchAnswer =
  | {
      answer: 'added';
      ref: string;
      id: string;
      to: Destination[];
      /** Thresholds of a certificate watch; empty for the other kinds. */
      days: number[];
      created: boolean;
      /** Absent: a certificate watch. */
      kind?: WatchKind;
      /** `--from`: the regions it is checked from; absent: any worker. */
      regions?: string[];
    }
  /** A `--to` that names no destination; `problem` says why. */
  | { answer: 'bad-destination'; problem: string }
  /**
   * A `--to` this person may not target (not where the watch is added, not allow-listed, not an
   * admin); a `#name` is shown as typed, so the answer does not tell whether the channel exists.
   */
  | { answer: 'not-allowed'; to: Destination | string }
  /** `--to #name` that names no channel the bot can post in. */
  | {
      answer: 'channel';
      name: string;
      problem: 'not-found' | 'not-member' | 'unavailable';
      /** The channel's id when it exists (never shown: it decides who may be told). */
      id?: string;
    }
  /** The address guard refuses the target (a name's private addresses are not named). */
  | { answer: 'refused'; id: string; refusal: AddressRefusal }
  /** Chat-added watches are at a limit. */
  | { answer: 'limit'; limit: 'conversation' | 'total'; max: number }
  /** Another conversation's watch (one watch per host:port). */
  | { answer: 'elsewhere'; id: string }
  /** A watch from the watches file: it is changed there, not from chat. */
  | { answer: 'in-file'; id: string }
  | { answer: 'removed'; id: string }
  | { answer: 'not-watched'; id: string }
  | { answer: 'muted'; id: string; until: number }
  | { answer: 'checking'; id: string }
  /** `/wx incident report`: no incident of that watch this conversation may see. */
  | { answer: 'no-record'; ref: string }
  /** `all`: every watch (an admin asked); else those of the conversation it was asked in. */
  | { answer: 'list'; rows: WatchRow[]; all: boolean };

/** One line of `watch list`. */
export interface WatchRow {
  ref: string;
  id: string;
  /** Whole days until the earliest expiry in the chain; null before a conclusive check. */
  daysLeft: number | null;
  /** Status of the last conclusive check; undefined when never checked. */
  checked?: { status: string };
  /** Open incidents: `expiry` for certificate expiry, else the breakage code in `key`. */
  open: Array<{ key: string; n: number; expiry: boolean }>;
  muted: boolean;
  fromFile: boolean;
  /** A regional watch's regions and what each saw last; absent otherwise. */
  regions?: WatchRegion[];
}

/** Each watch with days left and state, soonest expiry first (never checked last). */
export function watchRows(watches: StoredWatch[], now: number): WatchRow[] {
  return watches
    .map((s) => ({ s, left: daysLeft(s.state, now) }))
    .sort((a, b) => (a.left ?? Number.POSITIVE_INFINITY) - (b.left ?? Number.POSITIVE_INFINITY))
    .map(({ s, left }) => ({
      ref: s.watch.ref,
      id: s.watch.id,
      daysLeft: left,
      ...(s.state.checkedAt === undefined ? {} : { checked: { status: s.state.status ?? '?' } }),
      open: s.state.incidents
        .filter((i) => i.open)
        .map((i) => ({
          // A failing http, dns or wechat watch shows its cause's code.
          key: i.view.kind === 'breakage' ? i.view.code : i.key,
          n: i.n,
          expiry: i.key.startsWith('exp:'),
        })),
      muted: (s.state.mutedUntil ?? 0) > now,
      fromFile: s.watch.source === 'file',
      ...regionsOf(s),
    }));
}

function regionsOf(s: StoredWatch): { regions?: WatchRegion[] } {
  const regions = watchRegions(s.watch, s.state);
  return regions ? { regions } : {};
}
