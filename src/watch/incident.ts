/**
 * The incident logic, pure: (watch, previous state, new result, now) → new state + messages.
 * One incident per (watch, problem); a notice per (watch, certificate fingerprint, threshold) at
 * most once, whatever certificate is served in between (a CDN flipping between an old and a new
 * certificate does not repeat anything). No Redis, no chat, no clock of its own.
 */
import type { IncidentEvent, OutboundMessage } from '../model/index.js';
import { DAY_MS } from '../probes/cert/wording.js';
import type { AnyProbeResult, CertResult } from '../probes/index.js';
import { diagnose, FAILING } from './diagnosis.js';
import { acceptChange, ISSUER_CHANGED, judgeIssuer, snapshotOf } from './issuer.js';
import { type IncidentChange, isCritical, messagesFor } from './messages.js';
import { type BreakageView, type ExpiryView, observe, short, UNREACHABLE } from './observe.js';
import { DEAD_AFTER } from './schedule.js';
import { note, noteEvent, withSeen } from './timeline.js';
import {
  type CertWatch,
  type Incident,
  isCertWatch,
  type ProblemView,
  type Watch,
  type WatchState,
} from './types.js';

export interface EvaluateOptions {
  /** Checks in a row that could not reach the server before an incident opens (default 3). */
  unreachableAfter?: number;
  /** http, dns, wechat: failing checks in a row before an incident opens (default 2). */
  failingAfter?: number;
  /** A critical open incident nobody acknowledged is brought up again this often (default 24 h). */
  remindEveryMs?: number;
  /** Closed incidents are forgotten after this long (default 14 days). */
  keepClosedMs?: number;
}

export interface Evaluation {
  state: WatchState;
  messages: OutboundMessage[];
}

/** Checks in a row without the problem that close an incident. */
const CLEAR_AFTER = 2;
/** Fingerprints whose notices are remembered: the current and a few past certificates. */
const MAX_NOTIFIED = 16;
/** A breakage seen again on the same certificate re-opens only after this long closed. */
const REBREAK_AFTER_MS = DAY_MS;

/**
 * `regions`: a regional watch's regions that see the problem, when not all of them do; the
 * incident's view names them (regional.ts decides which result is judged). `seenFrom`: every
 * region that sees it, given only when the check heard every listed region; an open incident
 * whose set changes says so in its thread.
 */
export function evaluate(
  watch: Watch,
  prev: WatchState,
  result: AnyProbeResult,
  now: number,
  opts: EvaluateOptions = {},
  regions: readonly string[] = [],
  seenFrom?: readonly string[],
): Evaluation {
  const seen = regions.length > 0 ? [...regions] : undefined;
  const from = seenFrom ? [...seenFrom].sort() : undefined;
  if (isCertWatch(watch) && result.probe === 'cert') {
    return evaluateCert(watch, prev, result as CertResult, now, opts, seen, from);
  }
  return evaluateCause(watch, prev, result, now, opts, seen, from);
}

/** The view with the regions that see it (none: as before regions). */
function seenFrom<V extends ProblemView>(view: V, regions: string[] | undefined): V {
  if (!regions) return view;
  return { ...view, regions };
}

function seenAll<V extends ProblemView>(
  views: Map<string, V>,
  regions: string[] | undefined,
): Map<string, V> {
  if (!regions) return views;
  return new Map([...views].map(([k, v]) => [k, seenFrom(v, regions)]));
}

/**
 * http, dns and wechat watches: one incident per outage (key FAILING), headed by the root cause
 * of the diagnosis; opened after `failingAfter` failing checks in a row, closed after clean ones.
 */
function evaluateCause(
  watch: Watch,
  prev: WatchState,
  result: AnyProbeResult,
  now: number,
  opts: EvaluateOptions,
  regions: string[] | undefined,
  heard: string[] | undefined,
): Evaluation {
  const state: WatchState = structuredClone(prev);
  state.checkedAt = now;
  const diagnosis = diagnose(result);
  if (diagnosis.kind === 'inconclusive') return { state, messages: [] };
  state.status = diagnosis.status;
  const ctx = new Changes(watch, state, now);
  if (diagnosis.kind === 'failing') {
    state.failing = (state.failing ?? 0) + 1;
    const open = state.incidents.some((i) => i.key === FAILING && i.open);
    if (open || state.failing >= (opts.failingAfter ?? 2)) {
      ctx.breakage(new Map([[FAILING, seenFrom(diagnosis.view, regions)]]), '', [FAILING]);
    }
  } else {
    state.failing = 0;
    ctx.breakage(new Map(), '', [FAILING]);
  }
  if (heard) ctx.seenFrom(heard);
  ctx.reminders(opts.remindEveryMs ?? DAY_MS);
  prune(state, now, opts.keepClosedMs ?? 14 * DAY_MS);
  return { state, messages: ctx.messages() };
}

function evaluateCert(
  watch: CertWatch,
  prev: WatchState,
  result: CertResult,
  now: number,
  opts: EvaluateOptions,
  regions: string[] | undefined,
  heard: string[] | undefined,
): Evaluation {
  const state: WatchState = structuredClone(prev);
  state.checkedAt = now;
  const obs = observe(result, watch.days, now);
  if (obs.kind === 'inconclusive') return { state, messages: [] };

  const ctx = new Changes(watch, state, now);
  if (obs.kind === 'unreachable') {
    state.unreachable++;
    state.status = 'fail';
    if (state.unreachable >= (opts.unreachableAfter ?? DEAD_AFTER)) {
      ctx.breakage(new Map([[UNREACHABLE, seenFrom(obs.view, regions)]]), '', [UNREACHABLE]);
    }
  } else {
    state.unreachable = 0;
    state.status = result.status;
    if (obs.earliestNotAfter) state.earliestNotAfter = obs.earliestNotAfter;
    else delete state.earliestNotAfter;
    ctx.expiry(seenAll(obs.expiry, regions));
    const breakage = new Map(seenAll(obs.breakage, regions));
    const issuer = judgeIssuer(state.cert, snapshotOf(result), now);
    if (issuer.memory) state.cert = issuer.memory;
    if (issuer.verdict.kind === 'changed') {
      breakage.set(ISSUER_CHANGED, seenFrom(issuer.verdict.view, regions));
    }
    const known = state.incidents
      .filter((i) => i.view.kind === 'breakage')
      .map((i) => i.key)
      // A check that cannot say who issued the certificate neither confirms nor clears a change.
      .filter((k) => k !== ISSUER_CHANGED || issuer.verdict.kind !== 'unjudged');
    ctx.breakage(breakage, obs.leaf, [...new Set([...known, ...breakage.keys()])]);
  }
  if (heard) ctx.seenFrom(heard);
  ctx.reminders(opts.remindEveryMs ?? DAY_MS);
  prune(state, now, opts.keepClosedMs ?? 14 * DAY_MS);
  return { state, messages: ctx.messages() };
}

/**
 * Someone pressed Acknowledge: shown on the parent; reminders stop, escalations do not. On a
 * changed issuer it also accepts the new CA as a known one, which closes the incident.
 */
export function acknowledge(
  watch: Watch,
  prev: WatchState,
  n: number,
  user: string,
  now: number,
): Evaluation {
  const state = structuredClone(prev);
  const incident = state.incidents.find((i) => i.n === n && i.open);
  if (!incident || incident.ack) return { state, messages: [] };
  incident.ack = { user, at: now };
  incident.rev++;
  note(incident, { at: now, event: 'acknowledged', by: user });
  if (incident.key === ISSUER_CHANGED) {
    const accepted = acceptChange(state.cert);
    if (accepted) state.cert = accepted;
    incident.open = false;
    incident.closedAt = now;
    incident.clear = 0;
  }
  return { state, messages: messagesFor(watch, [reply(incident, 'acknowledged', `ack`)]) };
}

/** Snooze: no reminders and no notices short of an escalation (3 days or less) until `until`. */
export function snooze(
  watch: Watch,
  prev: WatchState,
  n: number,
  until: number,
  now: number,
  by?: string,
): Evaluation {
  const state = structuredClone(prev);
  const incident = state.incidents.find((i) => i.n === n && i.open);
  if (!incident || until <= now) return { state, messages: [] };
  incident.snoozedUntil = until;
  incident.rev++;
  note(incident, { at: now, event: 'snoozed', until, ...(by ? { by } : {}) });
  return {
    state,
    messages: messagesFor(watch, [reply(incident, 'snoozed', `sz${Math.floor(until / 1000)}`)]),
  };
}

function reply(incident: Incident, event: IncidentEvent, key: string): IncidentChange {
  return { incident, event, kind: 'reply', key };
}

/** The changes of one evaluation; the state is updated as they are recorded. */
class Changes {
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

function prune(state: WatchState, now: number, keepClosedMs: number): void {
  state.incidents = state.incidents.filter(
    (i) => i.open || now - (i.closedAt ?? now) < keepClosedMs,
  );
}
