/**
 * An incident's timeline: opened, each escalation, who acknowledged or snoozed it and when, what
 * the server served, recovery. Kept on the incident in the watch's state, so it is bounded: the
 * opening stays, the oldest entries after it give way (and are counted).
 */
import type { IncidentEvent, SeenFacts, TimelineEntry } from '../model/index.js';
import { short } from './observe.js';
import type { Incident, ProblemView } from './types.js';

/** Entries kept per incident (a daily-flapping incident must not grow the state without end). */
export const MAX_TIMELINE = 40;

export function note(incident: Incident, entry: TimelineEntry): void {
  const list = incident.timeline ?? [];
  list.push(entry);
  if (list.length > MAX_TIMELINE) {
    list.splice(1, list.length - MAX_TIMELINE);
    incident.timelineDropped = (incident.timelineDropped ?? 0) + 1;
  }
  incident.timeline = list;
}

/**
 * The facts of a problem view worth comparing later; `leaf` (first 16 hex of the leaf's
 * fingerprint) names the certificate served when the view itself does not.
 */
export function seenOf(view: ProblemView | null, leaf = ''): SeenFacts | undefined {
  if (view?.kind === 'expiry') {
    return {
      fp: short(view.fingerprint256),
      days: view.daysLeft,
      level: view.level,
      notAfter: view.notAfter,
    };
  }
  const seen: SeenFacts = {
    ...(view ? { code: view.code } : {}),
    ...(leaf ? { fp: leaf } : {}),
  };
  return Object.keys(seen).length > 0 ? seen : undefined;
}

/** `{seen}` for an entry, or nothing when the view says nothing worth keeping. */
export function withSeen(view: ProblemView | null, leaf = ''): { seen?: SeenFacts } {
  const seen = seenOf(view, leaf);
  return seen ? { seen } : {};
}

/** An event the incident logic recorded, as a timeline entry (reminders are not kept). */
export function noteEvent(
  incident: Incident,
  event: IncidentEvent,
  at: number,
  leaf: string,
): void {
  const kind = event === 'opened' ? 'reopened' : event;
  if (kind !== 'reopened' && kind !== 'threshold' && kind !== 'changed' && kind !== 'recovered') {
    return;
  }
  // Recovered from a breakage: what is served now (the view still names the old problem).
  const recovered = kind === 'recovered' && incident.view.kind === 'breakage';
  note(incident, { at, event: kind, ...withSeen(recovered ? null : incident.view, leaf) });
}
