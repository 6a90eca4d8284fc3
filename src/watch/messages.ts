/**
 * Incident events → OutboundMessages, one per destination. Ids are deterministic (watch,
 * incident, event key, destination), so the notify job's `sent:<id>` dedupe makes a retried or
 * re-run check idempotent; replies and edits name their parent by id (threadOf / updateOf).
 */
import { createHash } from 'node:crypto';
import type { IncidentContent, IncidentEvent, OutboundMessage } from '../model/index.js';
import { FINDINGS, type FindingCode } from '../probes/findings.js';
import type { Destination, Incident, Watch } from './types.js';

function isWarning(code: string): boolean {
  return code in FINDINGS && FINDINGS[code as FindingCode].severity === 'warn';
}

/** What happened to one incident in one evaluation. */
export interface IncidentChange {
  incident: Incident;
  event: IncidentEvent;
  /** post: open the parent; reply: an event in the thread (key makes its id); edit: parent only. */
  kind: 'post' | 'reply' | 'edit';
  /** Reply id part: `e<fp>.<level>`, `ok.3`, … (required for replies). */
  key?: string;
}

export function destinationKey(d: Destination): string {
  return createHash('sha256')
    .update(`${d.platform}\u0000${d.workspace}\u0000${d.conversation}`)
    .digest('hex')
    .slice(0, 10);
}

function base(watch: Watch, n: number): string {
  return `wxw-${watch.id}-${n}`;
}

export function parentId(watch: Watch, n: number, d: Destination): string {
  return `${base(watch, n)}-p-${destinationKey(d)}`;
}

export function isCritical(incident: Incident): boolean {
  const v = incident.view;
  if (!incident.open) return false;
  // A changed issuer is a warning to look at, not a broken site: no daily reminders.
  if (v.kind === 'breakage' && v.code === 'CERT_ISSUER_CHANGED') return false;
  // Nor is a server that still accepts TLS 1.0/1.1 (which current clients do not use).
  if (v.kind === 'breakage' && v.code === 'TLS_LEGACY_PROTOCOL') return false;
  // Neither is a cause of severity warn (resolvers that disagree, a slow answer).
  if (v.kind === 'breakage' && v.probe) return !isWarning(v.code);
  if (v.kind === 'breakage') return true;
  return v.level !== null && v.level <= 3;
}

export function incidentContent(
  watch: Watch,
  incident: Incident,
  part: 'parent' | 'event',
  event: IncidentEvent,
): IncidentContent {
  return {
    type: 'incident',
    part,
    event,
    ref: watch.ref,
    watchId: watch.id,
    incident: incident.n,
    target: watch.id,
    open: incident.open,
    problem: incident.view,
    openedAt: new Date(incident.openedAt).toISOString(),
    ...(incident.ack
      ? { ack: { user: incident.ack.user, at: new Date(incident.ack.at).toISOString() } }
      : {}),
    ...(incident.snoozedUntil !== undefined
      ? { snoozedUntil: new Date(incident.snoozedUntil).toISOString() }
      : {}),
    critical: isCritical(incident),
    ...(event === 'regions' && incident.seenFrom ? { seenFrom: [...incident.seenFrom] } : {}),
  };
}

/** Escalation to 3 days or less, and expiry, are also shown in the Slack channel. */
function broadcastWorthy(change: IncidentChange): boolean {
  const v = change.incident.view;
  if (change.event !== 'threshold' && change.event !== 'changed') return false;
  return v.kind === 'expiry' && v.level !== null && v.level <= 3;
}

export function messagesFor(watch: Watch, changes: readonly IncidentChange[]): OutboundMessage[] {
  const out: OutboundMessage[] = [];
  for (const change of changes) {
    const { incident } = change;
    for (const d of watch.to) {
      const addressed = {
        platform: d.platform,
        workspace: d.workspace,
        conversation: d.conversation,
        lang: watch.lang,
      };
      const parent = parentId(watch, incident.n, d);
      if (change.kind === 'post') {
        out.push({
          ...addressed,
          id: parent,
          action: 'post',
          content: incidentContent(watch, incident, 'parent', change.event),
        });
        continue;
      }
      if (change.kind === 'reply') {
        out.push({
          ...addressed,
          id: `${base(watch, incident.n)}-${change.key}-${destinationKey(d)}`,
          action: 'reply',
          threadOf: parent,
          ...(broadcastWorthy(change) ? { broadcast: true } : {}),
          content: incidentContent(watch, incident, 'event', change.event),
        });
      }
      out.push({
        ...addressed,
        id: `${base(watch, incident.n)}-u${incident.rev}-${destinationKey(d)}`,
        action: 'update',
        updateOf: parent,
        content: incidentContent(watch, incident, 'parent', 'state'),
      });
    }
  }
  return out;
}
