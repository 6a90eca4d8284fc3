import { styleText } from 'node:util';
import { type Messages, messages } from '../i18n/index.js';
import type { Lang } from '../model/index.js';
import type { CombinedReport } from '../probes/combine.js';
import type { AnyProbeResult, Finding, Status } from '../probes/index.js';
import { type CombinedReports, type Report, reportOf, reportsOf, type Section } from './report.js';
import { factLines, padEnd, tableLines } from './text-table.js';

export interface TerminalStyle {
  colour: boolean;
  /** The language of the words (default en); codes, names and values stay as they are. */
  lang?: Lang;
}

const LABEL_EN: Record<Status, string> = { ok: 'OK', warn: 'WARN', fail: 'FAIL', error: 'ERROR' };

/** The verdict words: English keeps its terse capitals, other languages their catalogue's. */
function labels(lang: Lang, t: Messages): Record<Status, string> {
  return lang === 'en' ? LABEL_EN : t.status;
}
const COLOUR: Record<Status, 'green' | 'yellow' | 'red' | 'magenta'> = {
  ok: 'green',
  warn: 'yellow',
  fail: 'red',
  error: 'magenta',
};
const SEVERITY_COLOUR = { fail: 'red', warn: 'yellow', info: 'cyan' } as const;

function paint(
  style: TerminalStyle,
  format: Parameters<typeof styleText>[0],
  text: string,
): string {
  return style.colour ? styleText(format, text) : text;
}

/** Human output: the one-line verdict, findings with their hints, then the details. */
export function renderResult(result: AnyProbeResult, style: TerminalStyle): string {
  return renderReport(reportOf(result, style.lang), style);
}

/**
 * A combined check opens with two lines, the verdict with the root cause and its fix; then the
 * other independent problems; then each probe's details, where a finding that follows from
 * another says so instead of giving a fix of its own.
 */
export function renderCombined(combined: CombinedReport, style: TerminalStyle): string {
  return renderCaused(reportsOf(combined, style.lang ?? 'en'), style);
}

/**
 * A verdict with its root cause, the other problems, then each part's report: a combined check,
 * or `wx … --from` across regions (terminal-regions.ts, loaded only for it).
 */
export function renderCaused(
  { status, subject, cause, others, parts }: Omit<CombinedReports, 'status'> & { status: Status },
  style: TerminalStyle,
): string {
  const lang = style.lang ?? 'en';
  const t = messages(lang);
  const LABEL = labels(lang, t);
  const label = paint(style, ['bold', COLOUR[status]], LABEL[status]);
  const lines = cause
    ? [
        `${label} ${subject}: ${cause.message} (${cause.probe} ${paint(style, 'bold', cause.code)})`,
        t.fix(cause.hint),
      ]
    : [
        `${label} ${subject}: ${parts.map((p) => `${p.probe} ${LABEL[p.status].toLowerCase()}`).join(', ')}`,
      ];
  if (others.length > 0) {
    lines.push('', t.alsoFound);
    for (const o of others) lines.push(...findingLines(o, style, o.probe));
  }
  return [...lines, '', ...parts.map((p) => indent(renderReport(p, style)))].join('\n');
}

export function renderReport(report: Report, style: TerminalStyle): string {
  const LABEL = labels(style.lang ?? 'en', messages(style.lang ?? 'en'));
  const lines = [
    `${paint(style, ['bold', COLOUR[report.status]], LABEL[report.status])} ${report.subject}: ${report.summary}`,
  ];
  if (report.findings.length > 0) {
    lines.push('');
    for (const f of report.findings) lines.push(...findingLines(f, style));
  }
  for (const s of report.sections) lines.push('', ...renderSection(s, style));
  return `${lines.join('\n')}\n`;
}

/** A finding and its fix, or what it follows from. `probe` names it outside its own report. */
function findingLines(f: Finding, style: TerminalStyle, probe?: string): string[] {
  const lang = style.lang ?? 'en';
  const code = `${probe ? `${probe} ` : ''}${paint(style, 'bold', f.code)}`;
  const after = f.consequenceOf
    ? `↳ ${messages(lang).followsFrom(f.consequenceOf)}`
    : `→ ${f.hint}`;
  // English keeps the probe's own severity words (`fail`, `warn`, `info`).
  const severity = lang === 'en' ? f.severity : messages(lang).severity[f.severity];
  return [
    `  ${paint(style, SEVERITY_COLOUR[f.severity], padEnd(severity, 4))} ${code}  ${f.message}`,
    `       ${paint(style, 'dim', after)}`,
  ];
}

function renderSection(section: Section, style: TerminalStyle): string[] {
  const out = [paint(style, 'bold', section.title)];
  if (section.facts) out.push(...factLines(section.facts).map((l) => `  ${l}`));
  if (section.table) out.push(...tableLines(section.table).map((l) => `  ${l}`));
  return out;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}
