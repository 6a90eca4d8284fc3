/**
 * An incident → its post-incident record (pure): the timeline with ISO times, the duration, the
 * problem as last seen while open (its root-cause sentence and hint), and the fix the checks saw:
 * the certificate (or CA chain, or answer) served when it opened against the one at recovery.
 */
import type { IncidentRecord, RecordFix, SeenFacts, TimelineEntry } from '../model/index.js';
import { short } from './observe.js';
import { type Incident, kindOf, targetOf, type Watch } from './types.js';

/** `W48213907.3`: a watch's reference and one of its incidents. */
export function recordId(ref: string, n: number): string {
  return `${ref}.${n}`;
}

export function buildRecord(watch: Watch, incident: Incident, now: number): IncidentRecord {
  const timeline = incident.timeline ?? [];
  const end = incident.open ? now : (incident.closedAt ?? now);
  const fix = incident.open ? undefined : fixOf(incident, timeline);
  return {
    id: recordId(watch.ref, incident.n),
    ref: watch.ref,
    n: incident.n,
    watchId: watch.id,
    target: targetOf(watch),
    kind: kindOf(watch),
    key: incident.key,
    problem: worstView(incident, timeline),
    openedAt: iso(incident.openedAt),
    ...(incident.open || incident.closedAt === undefined
      ? {}
      : { closedAt: iso(incident.closedAt) }),
    durationMs: Math.max(0, end - incident.openedAt),
    timeline: timeline.map(({ at, until, ...rest }) => ({
      ...rest,
      at: iso(at),
      ...(until !== undefined ? { until: iso(until) } : {}),
    })),
    ...(incident.timelineDropped ? { dropped: incident.timelineDropped } : {}),
    ...(fix ? { fix } : {}),
    // A regional watch: the regions it was checked from.
    ...(watch.regions?.length ? { regions: watch.regions } : {}),
  };
}

/**
 * The problem the record is about. A renewed certificate closes an expiry incident with the new
 * certificate's view (no threshold): the record names the one that was expiring, as last seen.
 */
function worstView(incident: Incident, timeline: readonly TimelineEntry[]) {
  const v = incident.view;
  if (v.kind !== 'expiry' || v.level !== null) return v;
  const last = [...timeline].reverse().find((e) => e.event !== 'recovered' && e.seen?.fp);
  const seen = last?.seen;
  if (!seen?.fp || seen.fp === short(v.fingerprint256)) {
    return v;
  }
  return {
    ...v,
    fingerprint256: seen.fp,
    notAfter: seen.notAfter ?? v.notAfter,
    daysLeft: seen.days ?? v.daysLeft,
    level: seen.level ?? null,
  };
}

function fixOf(incident: Incident, timeline: readonly TimelineEntry[]): RecordFix | undefined {
  const v = incident.view;
  if (v.kind === 'breakage' && v.change) {
    return { what: 'issuer', before: v.change.before.issuer, after: v.change.after.issuer };
  }
  const before = firstSeen(timeline);
  const after = [...timeline].reverse().find((e) => e.event === 'recovered')?.seen;
  if (
    before?.answer !== undefined &&
    after?.answer !== undefined &&
    before.answer !== after.answer
  ) {
    return { what: 'answer', before: before.answer, after: after.answer };
  }
  if (before?.fp && after?.fp && before.fp !== after.fp) {
    return { what: 'certificate', before: before.fp, after: after.fp };
  }
  return undefined;
}

function firstSeen(timeline: readonly TimelineEntry[]): SeenFacts | undefined {
  return timeline.find((e) => e.event !== 'recovered' && e.seen)?.seen;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
