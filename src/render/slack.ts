/**
 * MessageContent → Slack (fallback `text` + Block Kit), from the neutral Report. Everything from a
 * person or a probed server is escaped; the result always stays within Block Kit's limits, cutting
 * details first, then findings, and saying so.
 */
import { findingHint } from '../i18n/findings.js';
import { type Messages, messages } from '../i18n/index.js';
import type { Invocation, Lang, MessageContent } from '../model/index.js';
import type { Finding, Severity, Status } from '../probes/index.js';
import { renderSlackRecord } from './record-chat.js';
import type { Report, Section } from './report.js';
import { summaryIsAFinding, viewOf } from './result-view.js';
import { BlockBudget, context, type KnownBlock, LIMITS, section } from './slack-blocks.js';
import { renderSlackIncident } from './slack-incident.js';
import { clip, clipMrkdwn, code, codeBlock, esc, mention } from './slack-mrkdwn.js';
import { factLines, tableLines } from './text-table.js';

export { LIMITS } from './slack-blocks.js';
export { esc } from './slack-mrkdwn.js';

export interface SlackMessage {
  /** Notification and screen-reader fallback (mrkdwn, escaped). */
  text: string;
  blocks: KnownBlock[];
}

export interface SlackRenderOptions {
  /** Delivered through response_url because the bot is not in the channel: add the invite hint. */
  notInChannel?: boolean;
}

/** action_id of the Re-check button; its value is JSON `{text}`. */
export const RECHECK_ACTION = 'wx_recheck';

const STATUS_EMOJI: Record<Status, string> = {
  ok: ':white_check_mark:',
  warn: ':warning:',
  fail: ':x:',
  error: ':grey_question:',
};
const SEVERITY_EMOJI: Record<Severity, string> = {
  fail: ':red_circle:',
  warn: ':large_yellow_circle:',
  info: ':information_source:',
};

/** Room kept in sections for the closing `…` and code fences. */
const SECTION_ROOM = LIMITS.sectionText - 100;

export function renderSlack(
  content: MessageContent,
  lang: Lang,
  opts: SlackRenderOptions = {},
): SlackMessage {
  const t = messages(lang);
  const tail = opts.notInChannel ? [context(t.inviteHint)] : [];
  switch (content.type) {
    case 'pending':
      return renderPending(content.invocation, t, tail);
    case 'verdict':
      return renderVerdict(content, t, tail);
    case 'notice':
      return renderNotice(content.level, content.text, {}, tail);
    case 'result':
      return renderResult(content, lang, tail);
    case 'incident':
      return renderSlackIncident(content, lang);
    case 'incident-record':
      return renderSlackRecord(content, lang);
  }
}

/** The command as the person typed it, inline code. */
function commandCode(inv: Invocation): string {
  return code(`/wx ${inv.text}`);
}

function renderPending(inv: Invocation, t: Messages, tail: KnownBlock[]): SlackMessage {
  const line = `:hourglass_flowing_sand: ${t.asked(mention(inv.user), commandCode(inv))}`;
  return {
    text: `${t.asked(mention(inv.user), commandCode(inv))} — ${t.running}`,
    blocks: [section(line), context(t.running), ...tail],
  };
}

function renderVerdict(
  v: Extract<MessageContent, { type: 'verdict' }>,
  t: Messages,
  tail: KnownBlock[],
): SlackMessage {
  const line = clipMrkdwn(
    `${STATUS_EMOJI[v.status]} *${t.status[v.status]}* ${commandCode(v.invocation)} — ${esc(
      clip(v.summary, 1000),
    )} · ${mention(v.invocation.user)}`,
    LIMITS.sectionText,
  );
  return { text: line, blocks: [section(line), ...tail] };
}

/**
 * A short notice (usage, rate limit, queue unavailable). `text` is plain text, escaped here,
 * unless `trusted` (our own mrkdwn whose values are escaped already); `detail` goes in a code
 * block (usage, help).
 */
export function renderNotice(
  level: 'info' | 'error',
  text: string,
  extra: { detail?: string; trusted?: boolean } = {},
  tail: KnownBlock[] = [],
): SlackMessage {
  const body = extra.trusted ? text : esc(text);
  const line = clipMrkdwn(`${level === 'error' ? ':warning: ' : ''}${body}`, LIMITS.sectionText);
  const blocks = [section(line)];
  if (extra.detail) blocks.push(section(codeBlock(extra.detail, SECTION_ROOM)));
  return { text: clipMrkdwn(line, LIMITS.text), blocks: [...blocks, ...tail] };
}

/** Help text (plain, preformatted) as a code block only the asker sees. */
export function renderHelp(helpText: string): SlackMessage {
  return {
    text: clipMrkdwn(esc(helpText), LIMITS.text),
    blocks: [section(codeBlock(helpText, SECTION_ROOM))],
  };
}

function renderResult(
  content: Extract<MessageContent, { type: 'result' }>,
  lang: Lang,
  extraTail: KnownBlock[],
): SlackMessage {
  const t = messages(lang);
  const inv = content.invocation;
  const view = viewOf(content, t);
  const verdict = `${STATUS_EMOJI[view.status]} *${t.status[view.status]}* ${code(view.subject)}${tagline(view)}`;
  // A combined check opens with two lines: the verdict with its root cause, then the fix.
  const head = clipMrkdwn(
    view.cause
      ? `${verdict}\n→ ${t.fix(`_${esc(clip(findingHint(view.cause.hint, lang), 800))}_`)}`
      : verdict,
    LIMITS.sectionText,
  );

  const tail: KnownBlock[] = [
    context(
      `${t.requestedBy(mention(inv.user))} · ${commandCode(inv)} · ${t.tookMs(view.durationMs)}`,
    ),
  ];
  const button = recheckButton(inv, t);
  if (button) tail.push(button);
  tail.push(...extraTail);

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

function recheckButton(inv: Invocation, t: Messages): KnownBlock | undefined {
  const value = JSON.stringify({ text: inv.text });
  if (value.length > LIMITS.buttonValue) return undefined;
  return {
    type: 'actions',
    block_id: clip(`wx_recheck-${inv.id}`, LIMITS.blockId),
    elements: [
      {
        type: 'button',
        action_id: RECHECK_ACTION,
        text: { type: 'plain_text', text: clip(t.recheckButton, LIMITS.buttonText), emoji: true },
        value,
      },
    ],
  };
}
