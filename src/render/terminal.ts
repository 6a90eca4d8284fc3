import { styleText } from 'node:util';
import type { CombinedReport } from '../probes/combine.js';
import type { AnyProbeResult, Status } from '../probes/index.js';
import { type Report, reportOf, reportsOf, type Section } from './report.js';
import { factLines, tableLines } from './text-table.js';

export interface TerminalStyle {
  colour: boolean;
}

const LABEL: Record<Status, string> = { ok: 'OK', warn: 'WARN', fail: 'FAIL', error: 'ERROR' };
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
  return renderReport(reportOf(result), style);
}

export function renderCombined(combined: CombinedReport, style: TerminalStyle): string {
  const { status, subject, parts } = reportsOf(combined);
  const head = `${paint(style, ['bold', COLOUR[status]], LABEL[status])} ${subject}: ${parts
    .map((p) => `${p.probe} ${LABEL[p.status].toLowerCase()}`)
    .join(', ')}`;
  return [head, '', ...parts.map((p) => indent(renderReport(p, style)))].join('\n');
}

export function renderReport(report: Report, style: TerminalStyle): string {
  const lines = [
    `${paint(style, ['bold', COLOUR[report.status]], LABEL[report.status])} ${report.subject}: ${report.summary}`,
  ];
  if (report.findings.length > 0) {
    lines.push('');
    for (const f of report.findings) {
      lines.push(
        `  ${paint(style, SEVERITY_COLOUR[f.severity], f.severity.padEnd(4))} ${paint(style, 'bold', f.code)}  ${f.message}`,
      );
      lines.push(`       ${paint(style, 'dim', `→ ${f.hint}`)}`);
    }
  }
  for (const s of report.sections) lines.push('', ...renderSection(s, style));
  return `${lines.join('\n')}\n`;
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
