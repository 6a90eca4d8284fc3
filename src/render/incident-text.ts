/**
 * The plain-text parts of incident messages that every surface (Slack mrkdwn, WeCom markdown)
 * shares; the words come from the catalogue (`messages(lang).incident`).
 */
import type { IncidentWords } from '../i18n/index.js';
import type { IncidentContent } from '../model/index.js';
import { when } from './when.js';

/** How loud an incident message is. */
export type IncidentTone = 'resolved' | 'critical' | 'open';

export function toneOf(c: IncidentContent): IncidentTone {
  if (!c.open) return 'resolved';
  return c.critical ? 'critical' : 'open';
}

/** The headline of the problem, plain text (the caller escapes or marks up the parts it adds). */
export function headline(c: IncidentContent, w: IncidentWords): string {
  const p = c.problem;
  // An http, dns or wechat watch's incident is headed by its diagnosis's root-cause sentence.
  if (p.kind === 'breakage' && p.probe) return p.message;
  if (p.kind === 'breakage') return p.code === 'UNREACHABLE' ? w.unreachable : p.code;
  if (p.level === null) return w.renewed;
  if (p.level < 0) return w.expired;
  return w.expiresIn(p.level);
}

/** What the problem is about, plain: `leaf CN=api.example.com, valid until … (3 days left)`. */
export function subjectLine(c: IncidentContent, w: IncidentWords): string {
  const p = c.problem;
  if (p.kind === 'breakage' && p.probe) return `${p.probe} ${p.code}`;
  if (p.kind === 'breakage') return p.message;
  return `${w.role[p.role]} ${p.subject}, ${w.validUntil(when(p.notAfter), p.daysLeft)}`;
}

/** The event's prefix in a thread reply ('' for a plain threshold notice). */
export function eventPrefix(c: IncidentContent, w: IncidentWords): string {
  switch (c.event) {
    case 'reminder':
      return w.stillOpen;
    case 'opened':
      return c.part === 'event' ? w.again : '';
    case 'changed':
      return c.problem.kind === 'breakage' && c.problem.probe ? w.causeChanged : w.changed;
    case 'recovered':
      return w.resolved;
    default:
      return '';
  }
}
