/**
 * MessageContent → WeCom markdown, from the neutral Report, so every probe kind renders without
 * changes here. Everything from a person or a probed server is escaped (look-alikes, see
 * wecom-markdown.ts). A result is one short message (wecom-short.ts) ending in `wx details #W12`;
 * its details stay within WeCom's byte limit: detail rows are folded first ("… N more" line); if
 * the findings alone do not fit, they are split into numbered parts, each carrying the short
 * reference (`#W12`), since WeCom has no threads.
 */
import { causeMessage, findingHint } from '../i18n/findings.js';
import { type Messages, messages } from '../i18n/index.js';
import { type Lang, type MessageContent, PermanentDeliveryError } from '../model/index.js';
import type { Finding } from '../probes/index.js';
import { renderIncidentMarkdown } from './incident-markdown.js';
import { renderWecomRecord } from './record-chat.js';
import type { Section } from './report.js';
import { type ResultData, summaryIsAFinding, viewOf } from './result-view.js';
import {
  bold,
  byteLength,
  clipBytes,
  code,
  esc,
  font,
  mention,
  withCode,
} from './wecom-markdown.js';
import {
  commandCode,
  type Doc,
  refOf,
  SEVERITY_ICON,
  STATUS_ICON,
  statusLabel,
  VALUE_BYTES,
  value,
} from './wecom-parts.js';
import { shortDoc } from './wecom-short.js';

/** Bytes of UTF-8 per markdown message: app messages and appchat 2048, group robots 4096. */
export const WECOM_MARKDOWN_LIMITS = { app: 2048, robot: 4096 } as const;

export interface WecomRenderOptions {
  maxBytes: number;
  /** Group robots: WeCom userids to @mention at the end of the (last) message. */
  mentions?: readonly string[];
  /** At most this many messages for one result (default 4); findings beyond are counted. */
  maxParts?: number;
}

/** One or more messages (in order), each at most `opts.maxBytes` bytes of UTF-8. */
export function renderWecom(
  content: MessageContent,
  lang: Lang,
  opts: WecomRenderOptions,
): string[] {
  const t = messages(lang);
  const mentions = (opts.mentions ?? []).map(mention).join(' ');
  if (content.type === 'incident') {
    // Certificate-watch incidents have their own renderer (one short message, `#W12` first).
    const text = [renderIncidentMarkdown(content, lang), mentions].filter(Boolean).join('\n');
    return [clipBytes(text, opts.maxBytes)];
  }
  if (content.type === 'incident-record') {
    const text = [renderWecomRecord(content, lang, opts.maxBytes - 200), mentions]
      .filter(Boolean)
      .join('\n');
    return [clipBytes(text, opts.maxBytes)];
  }
  const doc = docOf(content, lang, t);
  if (mentions) doc.foot.push(mentions);
  // A command's result is one message; its details may take a few.
  const maxParts = content.type === 'result' ? 1 : (opts.maxParts ?? 4);
  return layout(doc, t, opts.maxBytes, maxParts);
}

function docOf(content: MessageContent, lang: Lang, t: Messages): Doc {
  switch (content.type) {
    case 'pending':
      return {
        ...refOf(content.invocation),
        head: `⏳ ${t.asked(esc(content.invocation.user), commandCode(content.invocation))} — ${t.running}`,
        findings: [],
        details: [],
        foot: [],
      };
    case 'verdict':
      return {
        ...refOf(content.invocation),
        head: `${statusLabel(content.status, t)} ${commandCode(content.invocation)} — ${
          content.cause
            ? `${value(causeMessage(content.cause, lang))} (${esc(`${content.cause.probe} ${content.cause.code}`)})`
            : value(content.summary)
        }`,
        findings: [],
        details: [],
        foot: [],
      };
    case 'notice':
      return noticeDoc(content.level, content.text);
    case 'result':
      return shortDoc(content, lang, t);
    case 'details':
      return detailsDoc(content, lang, t);
    default:
      // A content type added elsewhere and not wired in here yet: say so instead of sending junk.
      throw new PermanentDeliveryError(
        `wecom: cannot render message type ${JSON.stringify((content as { type?: unknown }).type)}`,
      );
  }
}

/** A notice: our sentence, possibly quoting what a person typed; one unit per line. */
function noticeDoc(level: 'info' | 'error', text: string): Doc {
  const lines = text.split(/\r?\n/).map(withCode);
  const [first = '', ...rest] = lines;
  const head = level === 'error' ? `⚠️ ${font('warning', first)}` : first;
  return { head, findings: rest.filter((l) => l.trim() !== ''), details: [], foot: [] };
}

/** A result in full (`details #W12`): every finding, then every detail row. */
function detailsDoc(content: ResultData, lang: Lang, t: Messages): Doc {
  const inv = content.invocation;
  const view = viewOf(content, t, lang);
  const findings: string[] = [];
  // A combined check opens with two lines: the verdict with its root cause, then the fix.
  if (view.cause)
    findings.push(
      `→ ${t.fix(withCode(clipBytes(findingHint(view.cause.hint, lang), VALUE_BYTES)))}`,
    );
  const others = view.others ?? [];
  if (others.length > 0) findings.push(bold(t.alsoFound));
  findings.push(...others.map((o) => findingLines(o, lang, t, o.probe)));
  for (const part of view.parts) {
    if (view.multi)
      findings.push(`${STATUS_ICON[part.status]} ${bold(value(part.subject))}${tagline(part)}`);
    findings.push(...part.findings.map((f) => findingLines(f, lang, t)));
  }
  if (!view.multi && view.parts.every((p) => p.findings.length === 0)) {
    findings.push(font('comment', t.noFindings));
  }
  const details = view.parts.flatMap((p) =>
    p.sections.map((s) => (view.multi ? { ...s, title: `${p.probe} · ${s.title}` } : s)),
  );
  return {
    ...refOf(inv),
    spread: true,
    head: `${font('comment', esc(t.short.detailsButton))} ${statusLabel(view.status, t)} ${code(view.subject, 200)}${tagline(view)}`,
    findings,
    details,
    foot: [
      font(
        'comment',
        `${t.requestedBy(esc(inv.user))} · ${esc(clipBytes(`/wx ${inv.text}`, 200))} · ${t.tookMs(view.durationMs)}`,
      ),
    ],
  };
}

/** ` — summary`, unless the summary is just the first finding's message (listed right below). */
function tagline(r: { summary: string; findings?: Finding[] }): string {
  if (summaryIsAFinding(r)) return '';
  // A summary may name server values in code spans (zh-CN messages do): keep them code.
  return ` — ${withCode(clipBytes(r.summary, VALUE_BYTES))}`;
}

/** A finding and its fix, or what it follows from; `probe` names it outside its own part. */
function findingLines(f: Finding, lang: Lang, t: Messages, probe?: string): string {
  const message = withCode(clipBytes(f.message, VALUE_BYTES));
  const after = f.consequenceOf
    ? `↳ ${esc(t.followsFrom(f.consequenceOf))}`
    : `→ ${withCode(clipBytes(findingHint(f.hint, lang), VALUE_BYTES))}`;
  const label = esc(probe ? `${probe} ${f.code}` : f.code);
  return `${SEVERITY_ICON[f.severity]} ${bold(label)}（${t.severity[f.severity]}）${message}\n> ${after}`;
}

/** A section's rows as quoted lines: `key: value` facts, then table rows (header dimmed). */
function detailRows(s: Section): string[] {
  const rows = (s.facts ?? []).map(([k, v]) => `> ${esc(k)}: ${value(v)}`);
  const [header, ...body] = s.table ?? [];
  if (header) rows.push(`> ${font('comment', header.map(esc).join(' · '))}`);
  for (const r of body) rows.push(`> ${r.map((c) => value(c)).join(' · ')}`);
  return rows;
}

function join(lines: readonly string[]): string {
  return lines.filter((l) => l !== '').join('\n');
}

function layout(doc: Doc, t: Messages, maxBytes: number, maxParts: number): string[] {
  const tag = doc.ref ? bold(`#${esc(doc.ref)}`) : '';
  const head = tag ? `${tag} ${doc.head}` : doc.head;
  const rows = doc.details.flatMap((s) =>
    detailRows(s).map((line, i) => (i === 0 ? `${bold(esc(s.title))}\n${line}` : line)),
  );
  const essentials = [head, ...doc.findings];

  const whole = join([...essentials, ...rows, ...doc.foot]);
  if (byteLength(whole) <= maxBytes) return [whole];
  if (doc.spread) return spread(doc, rows, t, maxBytes, maxParts);

  // Fold: verdict and findings stay; detail rows go from the end, and a line says how many.
  const note = (n: number) => font('comment', t.moreDetailRows(n));
  const fixedBytes = byteLength(join([...essentials, note(rows.length), ...doc.foot]));
  if (fixedBytes <= maxBytes) {
    let used = fixedBytes;
    const kept: string[] = [];
    for (const row of rows) {
      const more = byteLength(row) + 1;
      if (used + more > maxBytes) break;
      used += more;
      kept.push(row);
    }
    const dropped = rows.length - kept.length;
    return [join([...essentials, ...kept, dropped > 0 ? note(dropped) : '', ...doc.foot])];
  }

  return split(doc, t, maxBytes, maxParts, rows.length > 0 ? note(rows.length) : '');
}

/**
 * Details over several messages, each starting with `#W12 · part i/n`: findings and rows in
 * order; rows that do not fit `maxParts` messages go from the end, and a line says how many.
 */
function spread(
  doc: Doc,
  rows: string[],
  t: Messages,
  maxBytes: number,
  maxParts: number,
): string[] {
  const label = (i: number, n: number) =>
    `${doc.ref ? `${bold(`#${esc(doc.ref)}`)} ` : ''}${font('comment', t.partOf(i, n))}`;
  const room = maxBytes - byteLength(label(maxParts, maxParts)) - 1;
  const note = (n: number) => (n > 0 ? font('comment', t.moreDetailRows(n)) : '');
  const step = Math.max(1, Math.ceil(rows.length / 10));
  for (let kept = rows.length; kept > 0; kept = Math.max(0, kept - step)) {
    const units = [doc.head, ...doc.findings, ...rows.slice(0, kept), note(rows.length - kept)];
    const parts = pack(
      [...units, join(doc.foot)].filter((u) => u !== ''),
      room,
    );
    // One message needs no part label (the AI bot's one answer).
    if (parts.length === 1)
      return [doc.ref ? `${bold(`#${esc(doc.ref)}`)} ${parts[0]}` : `${parts[0]}`];
    if (parts.length <= maxParts) return parts.map((p, i) => `${label(i + 1, parts.length)}\n${p}`);
  }
  return split(doc, t, maxBytes, maxParts, note(rows.length));
}

/** Verdict and findings over several messages, each starting with `#W12 · part i/n`. */
function split(doc: Doc, t: Messages, maxBytes: number, maxParts: number, note: string): string[] {
  const label = (i: number, n: number) =>
    `${doc.ref ? `${bold(`#${esc(doc.ref)}`)} ` : ''}${font('comment', t.partOf(i, n))}`;
  // Room for the longest label this split could need.
  const room = maxBytes - byteLength(label(maxParts, maxParts)) - 1;
  const foot = join(doc.foot);
  const attempt = (kept: number) => {
    const omitted = doc.findings.length - kept;
    const units = [
      doc.head,
      ...doc.findings.slice(0, kept),
      omitted > 0 ? font('comment', t.moreFindings(omitted)) : '',
      note,
      foot,
    ].filter((u) => u !== '');
    return pack(units, room);
  };
  let kept = doc.findings.length;
  let parts = attempt(kept);
  while (parts.length > maxParts && kept > 0) parts = attempt(--kept);
  parts = parts.slice(0, maxParts);
  return parts.map((p, i) => `${label(i + 1, parts.length)}\n${p}`);
}

/** Units packed in order into as few chunks of at most `room` bytes as they fit. */
function pack(units: readonly string[], room: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of units) {
    // Only a pathological single unit (a huge heading) is cut; values are clipped before this.
    const unit = byteLength(raw) > room ? clipBytes(raw, room) : raw;
    const joined = current ? `${current}\n${unit}` : unit;
    if (byteLength(joined) <= room) {
      current = joined;
      continue;
    }
    if (current) chunks.push(current);
    current = unit;
  }
  if (current) chunks.push(current);
  return chunks;
}
