/**
 * A post-incident record as text, for every surface: the facts (target, times, duration), the
 * root-cause sentence and its hint, the fix (before → after) and the timeline, each written with
 * the surface's own markup (`Markup`): the Markdown file here, Slack mrkdwn and WeCom markdown in
 * record-chat.ts. Text from servers and people always goes through `code` or `text`.
 */
import { findingHint } from '../i18n/findings.js';
import { FINDINGS_ZH_CN } from '../i18n/findings-zh-CN.js';
import { type RecordWords, recordWords } from '../i18n/records.js';
import type { IncidentRecord, Lang, SeenFacts } from '../model/index.js';
import { when } from './when.js';

/** How a surface writes inline code, plain text and bold. */
export interface Markup {
  code(text: string): string;
  text(text: string): string;
  bold(markup: string): string;
}

type Entry = IncidentRecord['timeline'][number];

/** `host:port` facts: label → value (already marked up). */
export function recordFacts(r: IncidentRecord, lang: Lang, m: Markup): Array<[string, string]> {
  const w = recordWords(lang);
  const facts: Array<[string, string]> = [
    [w.target, m.code(r.target)],
    [w.kind, m.code(r.kind)],
    [w.opened, m.text(when(r.openedAt))],
    [w.closed, r.closedAt ? m.text(when(r.closedAt)) : m.text(w.stillOpen)],
    [w.duration, m.text(w.span(r.durationMs))],
  ];
  if (r.regions?.length) facts.push([w.regions, r.regions.map((x) => m.code(x)).join(', ')]);
  return facts;
}

/** The root-cause sentence and what fixes it. */
export function recordCause(
  r: IncidentRecord,
  lang: Lang,
  m: Markup,
): { sentence: string; hint?: string } {
  const w = recordWords(lang);
  const p = r.problem;
  if (p.kind === 'expiry') {
    const days = p.level !== null && p.level < 0 ? -1 : p.daysLeft;
    return {
      sentence: m
        .text(w.expiryCause(w.role[p.role], '\u0000', when(p.notAfter), days))
        .replace(m.text('\u0000'), m.code(p.subject)),
    };
  }
  const hint = m.text(findingHint(p.hint, lang));
  if (p.code === 'UNREACHABLE') {
    return { sentence: `${m.text(w.unreachable)} ${m.code(p.message)}`, hint };
  }
  const meaning =
    lang === 'zh-CN' ? FINDINGS_ZH_CN[p.code as keyof typeof FINDINGS_ZH_CN]?.meaning : undefined;
  const sentence = meaning
    ? `${m.code(p.code)} ${m.text(meaning)} ${m.code(p.message)}`
    : `${m.code(p.code)} ${m.text(p.message)}`;
  return { sentence, hint };
}

/** `Certificate replaced: \`ab…\` → \`cd…\``, or that nothing changed. */
export function recordFix(r: IncidentRecord, lang: Lang, m: Markup): string | null {
  const w = recordWords(lang);
  if (!r.closedAt) return null;
  if (!r.fix) return m.text(w.noFix);
  return `${m.text(w.fixWhat[r.fix.what])}: ${m.code(r.fix.before)} → ${m.code(r.fix.after)}`;
}

/** One timeline line: when, what, who, what was seen. */
export function recordEntry(e: Entry, lang: Lang, m: Markup): string {
  const w = recordWords(lang);
  const parts = [m.text(when(e.at)), m.bold(m.text(w.event[e.event]))];
  if (e.by) parts.push(`${m.text(w.by('\u0000')).replace(m.text('\u0000'), m.code(e.by))}`);
  if (e.until) parts.push(m.text(w.until(when(e.until))));
  const seen = e.seen ? seenText(e.seen, w, m) : '';
  return `${parts.join(' · ')}${seen ? ` — ${seen}` : ''}`;
}

function seenText(s: SeenFacts, w: RecordWords, m: Markup): string {
  const out: string[] = [];
  if (s.code) out.push(m.code(s.code));
  if (s.fp) out.push(`${m.text(w.certificate)} ${m.code(s.fp)}`);
  if (s.level !== undefined && s.level !== null && s.level < 0) out.push(m.text(w.expired));
  else if (s.days !== undefined) out.push(m.text(w.daysLeft(s.days)));
  if (s.answer !== undefined) out.push(`${m.text(w.answer)} ${m.code(s.answer)}`);
  return out.join(', ');
}

/** Markdown (CommonMark): code spans that the text cannot close, everything else escaped. */
export const MARKDOWN: Markup = {
  code(text) {
    const flat = text.replace(/\s+/g, ' ').trim();
    const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(longest + 1);
    const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
    return `${fence}${pad}${flat}${pad}${fence}`;
  },
  text: (text) => text.replace(/\s+/g, ' ').replace(/[\\`*_[\]<>#|~!&]/g, (c) => `\\${c}`),
  bold: (markup) => `**${markup}**`,
};

/** The whole record as a Markdown file (Slack's upload, WeCom's link, the status page). */
export function renderRecordMarkdown(r: IncidentRecord, lang: Lang): string {
  const w = recordWords(lang);
  const m = MARKDOWN;
  const lines = [`# ${m.text(w.title(r.id))}`, ''];
  for (const [label, value] of recordFacts(r, lang, m))
    lines.push(`- **${m.text(label)}:** ${value}`);
  const cause = recordCause(r, lang, m);
  lines.push('', `## ${m.text(w.rootCause)}`, '', cause.sentence);
  if (cause.hint) lines.push('', `**${m.text(w.hint)}:** ${cause.hint}`);
  const fix = recordFix(r, lang, m);
  if (fix) lines.push('', `## ${m.text(w.fix)}`, '', fix);
  lines.push('', `## ${m.text(w.timeline)}`, '');
  r.timeline.forEach((e, i) => {
    lines.push(`- ${recordEntry(e, lang, m)}`);
    if (i === 0 && r.dropped) lines.push(`- ${m.text(w.dropped(r.dropped))}`);
  });
  return `${lines.join('\n')}\n`;
}

/** The file's name: `incident-W12.3.md`. */
export function recordFileName(r: IncidentRecord): string {
  return `incident-${r.id}.md`;
}
