/** A result in full, for Slack: what the short answer leaves out. */
import { findingHint } from '../i18n/findings.js';
import { type Messages, messages } from '../i18n/index.js';
import type { Lang } from '../model/index.js';
import type { Finding } from '../probes/index.js';
import type { Report, Section } from './report.js';
import { type ResultData, summaryIsAFinding, viewOf } from './result-view.js';
import { BlockBudget, context, type KnownBlock, LIMITS, section } from './slack-blocks.js';
import { clip, clipMrkdwn, code, codeBlock, esc, mention } from './slack-mrkdwn.js';
import {
  commandCode,
  SECTION_ROOM,
  SEVERITY_EMOJI,
  type SlackMessage,
  STATUS_EMOJI,
} from './slack-parts.js';
import { factLines, tableLines } from './text-table.js';

/**
 * A result in full (`details #W12`, the Details button): the verdict and fix, every finding with
 * its fix or what it follows from, then each probe's details. It always stays within Block Kit's
 * limits, cutting details first, then findings, and saying so.
 */
export function renderSlackDetails(
  content: ResultData,
  lang: Lang,
  extraTail: KnownBlock[],
): SlackMessage {
  const t = messages(lang);
  const inv = content.invocation;
  const view = viewOf(content, t, lang);
  const verdict = `${STATUS_EMOJI[view.status]} *${t.status[view.status]}* ${code(view.subject)}${tagline(view)}`;
  // A combined check opens with two lines: the verdict with its root cause, then the fix.
  const head = clipMrkdwn(
    view.cause
      ? `${verdict}\n→ ${t.fix(`_${esc(clip(findingHint(view.cause.hint, lang), 800))}_`)}`
      : verdict,
    LIMITS.sectionText,
  );

  const ref = inv.ref ? `${esc(t.short.detailsOf(`#${inv.ref}`))} · ` : '';
  const tail: KnownBlock[] = [
    context(
      `${ref}${t.requestedBy(mention(inv.user))} · ${commandCode(inv)} · ${t.tookMs(view.durationMs)}`,
    ),
    ...extraTail,
  ];

  // One block and its characters stay free for the "cut to fit" note.
  const noteRoom = 400;
  const budget = new BlockBudget(
    LIMITS.blocks - tail.length - 1,
    LIMITS.cumulative - tail.reduce((n, b) => n + JSON.stringify(b).length, 0) - noteRoom,
  );
  budget.add(section(head));

  let omittedFindings = 0;
  let detailsCut = false;
  const others = view.others ?? [];
  if (others.length > 0) {
    const lines = others.map((o) => findingLine(o, t, lang, o.probe));
    omittedFindings += packLines(budget, [`*${esc(t.alsoFound)}*`, ...lines], 1);
  }
  for (const part of view.parts) {
    const lines = part.findings.map((f) => findingLine(f, t, lang));
    if (view.multi) {
      lines.unshift(`${STATUS_EMOJI[part.status]} *${esc(part.subject)}*${tagline(part)}`);
    }
    omittedFindings += packLines(budget, lines, view.multi ? 1 : 0);
  }
  if (view.parts.every((p) => p.findings.length === 0) && !view.multi) {
    budget.add(context(t.noFindings));
  }
  // Key facts (the first section, when it is label/value pairs) as fields; the rest as text.
  for (const part of view.parts) {
    const [first, ...rest] = part.sections;
    const key = first?.facts?.length && !first.table ? first : undefined;
    if (key) {
      if ((key.facts?.length ?? 0) > LIMITS.fields) detailsCut = true;
      detailsCut = !budget.add(factsBlock(part, key, view.multi)) || detailsCut;
    }
    const details = (key ? rest : part.sections).filter(
      (s) => (s.facts?.length ?? 0) > 0 || (s.table?.length ?? 0) > 0,
    );
    for (const s of details) detailsCut = !budget.add(detailBlock(s)) || detailsCut;
  }

  const notes: string[] = [];
  if (omittedFindings > 0) notes.push(t.moreFindings(omittedFindings));
  if (detailsCut) notes.push(t.detailsTruncated);
  const blocks = [...budget.blocks];
  if (notes.length > 0) blocks.push(context(notes.join(' ')));
  blocks.push(...tail);

  const fallback = [
    head,
    ...others.map((o) => `• ${esc(o.code)}: ${esc(o.message)}`),
    ...view.parts.flatMap((p) => p.findings.map((f) => `• ${esc(f.code)}: ${esc(f.message)}`)),
  ].join('\n');
  return { text: clipMrkdwn(fallback, LIMITS.text), blocks };
}

/** ` — summary`, unless the summary is just the first finding's message (listed right below). */
function tagline(r: { summary: string; findings?: Finding[] }): string {
  if (summaryIsAFinding(r)) return '';
  return ` — ${esc(clip(r.summary, 1000))}`;
}

/** A finding and its fix, or what it follows from; `probe` names it outside its own part. */
function findingLine(f: Finding, t: Messages, lang: Lang, probe?: string): string {
  const after = f.consequenceOf
    ? `↳ _${esc(t.followsFrom(f.consequenceOf))}_`
    : `→ _${esc(clip(findingHint(f.hint, lang), 800))}_`;
  return `${SEVERITY_EMOJI[f.severity]} *${esc(probe ? `${probe} ${f.code}` : f.code)}* (${t.severity[f.severity]}) ${esc(
    clip(f.message, 800),
  )}\n      ${after}`;
}

/**
 * Lines packed into as few sections as fit the budget; the first `headings` lines are not
 * findings (not counted when cut). Returns how many finding lines did not fit.
 */
function packLines(budget: BlockBudget, lines: string[], headings: number): number {
  let omitted = 0;
  let current = '';
  let currentFindings = 0;
  let stopped = false;
  const fits = (text: string) =>
    text.length <= SECTION_ROOM && text.length <= budget.charsLeft && budget.blocksLeft > 0;
  lines.forEach((raw, i) => {
    const finding = i >= headings ? 1 : 0;
    if (stopped) {
      omitted += finding;
      return;
    }
    const line = clipMrkdwn(raw, SECTION_ROOM);
    const joined = current ? `${current}\n${line}` : line;
    if (fits(joined)) {
      current = joined;
      currentFindings += finding;
      return;
    }
    if (current && !budget.add(section(current))) {
      stopped = true;
      omitted += currentFindings + finding;
      return;
    }
    current = '';
    currentFindings = 0;
    if (fits(line)) {
      current = line;
      currentFindings = finding;
    } else {
      stopped = true;
      omitted += finding;
    }
  });
  if (!stopped && current && !budget.add(section(current))) omitted += currentFindings;
  return omitted;
}

function factsBlock(part: Report, key: Section, multi: boolean): KnownBlock {
  const fields = (key.facts ?? []).slice(0, LIMITS.fields).map(([k, v]) => ({
    type: 'mrkdwn' as const,
    text: clipMrkdwn(`*${esc(k)}*\n${esc(v)}`, LIMITS.fieldText),
  }));
  const title = multi ? `${part.probe} · ${key.title}` : key.title;
  return { type: 'section', text: { type: 'mrkdwn', text: `*${esc(title)}*` }, fields };
}

function detailBlock(s: Section): KnownBlock {
  const lines = s.facts ? factLines(s.facts) : [];
  if (s.table) lines.push(tableLines(s.table).join('\n'));
  const title = `*${esc(clip(s.title, 200))}*\n`;
  return section(`${title}${codeBlock(lines.join('\n'), SECTION_ROOM - title.length)}`);
}
