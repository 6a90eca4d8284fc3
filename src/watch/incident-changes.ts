/**
 * What one evaluation changes in a watch's incidents (opened, escalated, changed, closed, reminded),
 * recorded on the state as it goes, and the messages that follow from them. Pure, as incident.ts.
 */
import type { IncidentEvent, OutboundMessage } from '../model/index.js';
import { DAY_MS } from '../probes/cert/wording.js';
import { FAILING } from './diagnosis.js';
import { type IncidentChange, isCritical, messagesFor } from './messages.js';
import { type BreakageView, type ExpiryView, short, UNREACHABLE } from './observe.js';
import { note, noteEvent, withSeen } from './timeline.js';
import type { Incident, ProblemView, Watch, WatchState } from './types.js';

/** Checks in a row without the problem that close an incident. */
const CLEAR_AFTER = 2;
/** Fingerprints whose notices are remembered: the current and a few past certificates. */
const MAX_NOTIFIED = 16;
/** A breakage seen again on the same certificate re-opens only after this long closed. */
const REBREAK_AFTER_MS = DAY_MS;

export function reply(incident: Incident, event: IncidentEvent, key: string): IncidentChange {
  return { incident, event, kind: 'reply', key };
}

/** The changes of one evaluation; the state is updated as they are recorded. */
export class Changes {
  private readonly list: IncidentChange[] = [];
  private readonly muted: boolean;
  /** The leaf served at this check (first 16 hex), for the timeline; '' when none. */
  private leaf = '';

  constructor(
    private readonly watch: Watch,
    private readonly state: WatchState,
    private readonly now: number,
  ) {
    this.muted = (state.mutedUntil ?? 0) > now;
  }

  messages(): OutboundMessage[] {
    const all = messagesFor(this.watch, this.list);
    // Muted: the parent may still be edited (silently), nothing is posted.
    return this.muted ? all.filter((m) => m.action === 'update') : all;
  }

  expiry(present: Map<string, ExpiryView>): void {
    for (const [key, view] of present) {
      const incident = this.find(key);
      const fp = short(view.fingerprint256);
      if (view.level === null) {
        if (!incident?.open) continue;
        const prevView = incident.view as ExpiryView;
        if (prevView.fingerprint256 !== view.fingerprint256) {
          // A new certificate above every threshold: renewed.
          this.close(incident, view);
        } else if (++incident.clear >= CLEAR_AFTER) {
          this.close(incident, view);
        }
        continue;
      }
      const notifiedAt = this.state.notified[fp];
      const fresh = notifiedAt === undefined || view.level < notifiedAt;
      const critical = view.level <= 3;
      if (incident?.open) {
        incident.clear = 0;
        const same = (incident.view as ExpiryView).fingerprint256 === view.fingerprint256;
        if (!fresh) {
          // Keeps the parent's days left current for the next edit; another certificate served
          // in between (a CDN flipping) does not take the incident over.
          if (same) incident.view = view;
          continue;
        }
        if (this.silenced(incident, critical)) continue;
        incident.view = view;
        this.notified(fp, view.level);
        this.record(incident, same ? 'threshold' : 'changed', `e${fp}.${view.level}`);
        continue;
      }
      if (!fresh || this.muted) continue;
      this.notified(fp, view.level);
      this.open(key, view, `e${fp}.${view.level}`);
    }
    // An element no longer sent (a CA replaced by another): gone for two checks closes it.
    for (const incident of this.state.incidents) {
      if (!incident.open || incident.view.kind !== 'expiry' || present.has(incident.key)) continue;
      if (++incident.clear >= CLEAR_AFTER) this.close(incident, incident.view);
    }
  }

  /** `judged`: the codes this check can say something about (present or absent). */
  breakage(present: Map<string, BreakageView>, leaf: string, judged: string[]): void {
    this.leaf = leaf;
    for (const key of judged) {
      const view = present.get(key);
      const incident = this.find(key);
      if (!view) {
        if (incident?.open && ++incident.clear >= CLEAR_AFTER) this.close(incident, incident.view);
        continue;
      }
      if (incident?.open) {
        incident.clear = 0;
        const before = incident.view;
        incident.view = view;
        // A failing watch whose cause changed (502, then a timeout): said in the same thread.
        if (key === FAILING && before.kind === 'breakage' && before.code !== view.code) {
          this.record(incident, 'changed', `c${view.code}.${incident.rev + 1}`);
        }
        continue;
      }
      const dedupe = `${key}:${leaf}`;
      // Unreachability is already damped (several checks in a row): a new outage is always news.
      const reopenable =
        key === UNREACHABLE ||
        key === FAILING ||
        incident?.closedAt === undefined ||
        this.now - incident.closedAt >= REBREAK_AFTER_MS;
      if ((this.state.broken.includes(dedupe) && !reopenable) || this.muted) continue;
      if (!this.state.broken.includes(dedupe)) this.state.broken.push(dedupe);
      this.state.broken = this.state.broken.slice(-MAX_NOTIFIED);
      this.open(key, view, `b${key}.${leaf || 'none'}`);
    }
  }

  /**
   * A check that heard every region: an open incident still seen, by another set of regions than
   * at the last such check, says which regions see it now (once per change; not with another
   * message of the same check, whose headline names the regions already).
   */
  seenFrom(regions: string[]): void {
    if (regions.length === 0) return;
    for (const incident of this.state.incidents) {
      if (!incident.open || incident.clear > 0) continue;
      const before = incident.seenFrom;
      incident.seenFrom = regions;
      if (!before || before.join(',') === regions.join(',')) continue;
      if (this.list.some((c) => c.incident === incident)) continue;
      this.record(incident, 'regions', `g${regions.join('+')}.${incident.rev + 1}`);
    }
  }

  /** Critical incidents (broken, expired, 3 days or less) nobody acknowledged come up again. */
  reminders(everyMs: number): void {
    for (const incident of this.state.incidents) {
      if (!incident.open || incident.ack || this.list.some((c) => c.incident === incident)) {
        continue;
      }
      if (!isCritical(incident)) continue;
      if ((incident.snoozedUntil ?? 0) > this.now || this.muted) continue;
      if (this.now - incident.lastNoticeAt < everyMs) continue;
      incident.lastNoticeAt = this.now;
      this.record(incident, 'reminder', `m${Math.floor(this.now / everyMs)}`);
    }
  }

  private silenced(incident: Incident, critical: boolean): boolean {
    if (this.muted) return true;
    return !critical && (incident.snoozedUntil ?? 0) > this.now;
  }

  private find(key: string): Incident | undefined {
    return this.state.incidents.find((i) => i.key === key);
  }

  private notified(fp: string, level: number): void {
    delete this.state.notified[fp];
    this.state.notified[fp] = level;
    const fps = Object.keys(this.state.notified);
    for (const old of fps.slice(0, Math.max(0, fps.length - MAX_NOTIFIED))) {
      delete this.state.notified[old];
    }
  }

  private open(key: string, view: ProblemView, replyKey: string): void {
    const closed = this.find(key);
    if (closed && !closed.open) {
      // Back while the closed incident is remembered (an old certificate still served
      // somewhere, a fix rolled back): the same thread, not a new one.
      closed.open = true;
      delete closed.closedAt;
      closed.view = view;
      closed.clear = 0;
      // A problem may come back more than once: each return is its own message.
      this.record(closed, 'opened', `${replyKey}.r${closed.rev + 1}`);
      return;
    }
    if (closed) this.state.incidents = this.state.incidents.filter((i) => i !== closed);
    const incident: Incident = {
      n: this.state.next++,
      key,
      open: true,
      openedAt: this.now,
      view,
      clear: 0,
      lastNoticeAt: this.now,
      rev: 0,
    };
    note(incident, { at: this.now, event: 'opened', ...withSeen(view, this.leaf) });
    this.state.incidents.push(incident);
    this.list.push({ incident, event: 'opened', kind: 'post' });
  }

  private close(incident: Incident, view: ProblemView): void {
    incident.open = false;
    incident.closedAt = this.now;
    incident.view = view;
    incident.clear = 0;
    delete incident.snoozedUntil;
    this.record(incident, 'recovered', `ok${incident.rev + 1}`);
  }

  private record(incident: Incident, event: IncidentEvent, key: string): void {
    incident.rev++;
    incident.lastNoticeAt = this.now;
    this.list.push(reply(incident, event, key));
    noteEvent(incident, event, this.now, this.leaf);
  }
}
