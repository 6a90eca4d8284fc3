/**
 * The plain-text parts of incident messages that every surface (Slack mrkdwn, WeCom markdown)
 * shares; the words come from the catalogue (`messages(lang).incident`).
 */
import { type FindingWords, findingHint, findingMessage } from '../i18n/findings.js';
import type { IncidentWords } from '../i18n/index.js';
import type { IncidentContent, Lang } from '../model/index.js';
import { when } from './when.js';

/** How loud an incident message is. */
export type IncidentTone = 'resolved' | 'critical' | 'open';

export function toneOf(c: IncidentContent): IncidentTone {
  if (!c.open) return 'resolved';
  return c.critical ? 'critical' : 'open';
}

/** The headline of the problem, plain text (the caller escapes or marks up the parts it adds). */
export function headline(
  c: Pick<IncidentContent, 'problem'> & Partial<Pick<IncidentContent, 'event'>>,
  w: IncidentWords,
  lang: Lang,
): string {
  const regions = c.problem.regions;
  const head = problemHeadline(c, w, lang);
  // The regions reply says every region that sees it in its prefix.
  if ('event' in c && c.event === 'regions') return head;
  // A regional watch whose problem only some regions see names them.
  return regions?.length ? `${head}${w.onlyIn(regions)}` : head;
}

function problemHeadline(
  c: Pick<IncidentContent, 'problem'>,
  w: IncidentWords,
  lang: Lang,
): string {
  const p = c.problem;
  // An http, dns or wechat watch's incident is headed by its diagnosis's root-cause sentence
  // (said in `lang` from its finding; incidents stored before findings were kept say English).
  if (p.kind === 'breakage' && p.probe)
    return p.finding ? findingMessage(findingOf(p, p.finding), lang) : p.message;
  if (p.kind === 'breakage') return p.code === 'UNREACHABLE' ? w.unreachable : p.code;
  if (p.level === null) return w.renewed;
  if (p.level < 0) return w.expired;
  return w.expiresIn(p.level);
}

/** What the problem is about, plain: `leaf CN=api.example.com, valid until … (3 days left)`. */
export function subjectLine(
  c: Pick<IncidentContent, 'problem'>,
  w: IncidentWords,
  lang: Lang = 'en',
): string {
  const p = c.problem;
  if (p.kind === 'breakage') {
    // A watch of another kind says which probe found the cause (the headline is its sentence).
    if (p.probe) return `${p.probe} ${p.code}`;
    if (!p.finding || lang === 'en') return p.message;
    // An unreachable server names the code that made it so (`CONNECT_REFUSED: …`).
    const prefix = p.code === p.finding.code ? '' : `${p.finding.code}: `;
    return `${prefix}${findingMessage(findingOf(p, p.finding), lang)}`;
  }
  return `${w.role[p.role]} ${p.subject}, ${w.validUntil(when(p.notAfter), p.daysLeft)}`;
}

/** A breakage's fix in `lang` (from its finding when it has one). */
export function problemHint(c: IncidentContent, lang: Lang): string {
  const p = c.problem;
  if (p.kind !== 'breakage') return '';
  return findingHint(p.finding ? findingOf(p, p.finding) : p.hint, lang);
}

type Breakage = Extract<IncidentContent['problem'], { kind: 'breakage' }>;

/** The finding's words, its message and hint defaulting to the problem's. */
function findingOf(p: Breakage, f: NonNullable<Breakage['finding']>): FindingWords {
  return { ...f, message: f.message ?? p.message, hint: f.hint ?? p.hint };
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
    case 'regions':
      return w.nowSeenFrom(c.seenFrom ?? c.problem.regions ?? []);
    case 'recovered':
      return w.resolved;
    default:
      return '';
  }
}
