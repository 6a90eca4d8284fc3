/**
 * The incident logic, pure: (watch, previous state, new result, now) → new state + messages.
 * One incident per (watch, problem); a notice per (watch, certificate fingerprint, threshold) at
 * most once, whatever certificate is served in between (a CDN flipping between an old and a new
 * certificate does not repeat anything). No Redis, no chat, no clock of its own.
 */
import type { OutboundMessage } from '../model/index.js';
import { DAY_MS } from '../probes/cert/wording.js';
import type { AnyProbeResult, CertResult } from '../probes/index.js';
import { diagnose, FAILING } from './diagnosis.js';
import { Changes, reply } from './incident-changes.js';
import { acceptChange, ISSUER_CHANGED, judgeIssuer, snapshotOf } from './issuer.js';
import { messagesFor } from './messages.js';
import { observe, UNREACHABLE } from './observe.js';
import { DEAD_AFTER } from './schedule.js';
import { note } from './timeline.js';
import {
  type CertWatch,
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

function prune(state: WatchState, now: number, keepClosedMs: number): void {
  state.incidents = state.incidents.filter(
    (i) => i.open || now - (i.closedAt ?? now) < keepClosedMs,
  );
}
