/**
 * `--file` at scale: a running tally of the results (counts, never the results themselves), the
 * closing summary (counts by status, the worst finding codes with example targets) and the one
 * line per target of `--summary`.
 */
import { styleText } from 'node:util';
import { batchWords } from '../i18n/batch-words.js';
import type { Lang } from '../model/index.js';
import type { AnyProbeResult, Severity, Status } from '../probes/index.js';
import { reportOf } from './report.js';
import { tableLines } from './text-table.js';

const STATUSES: readonly Status[] = ['ok', 'warn', 'fail', 'error'];
const LABEL: Record<Status, string> = { ok: 'OK', warn: 'WARN', fail: 'FAIL', error: 'ERROR' };
const COLOUR = { ok: 'green', warn: 'yellow', fail: 'red', error: 'magenta' } as const;
const SEVERITY_RANK: Record<Severity, number> = { fail: 0, warn: 1, info: 2 };
/** Finding codes listed in the summary, and example targets per code. */
const TOP_CODES = 10;
const EXAMPLES = 3;

interface CodeTally {
  code: string;
  severity: Severity;
  count: number;
  examples: string[];
}

export class BatchTally {
  readonly byStatus: Record<Status, number> = { ok: 0, warn: 0, fail: 0, error: 0 };
  /** Lines of the file that name no target (reported on stderr as they are read). */
  unreadable = 0;
  private readonly codes = new Map<string, CodeTally>();

  add(result: AnyProbeResult): void {
    this.byStatus[result.status]++;
    // A code counts once per target, at its worst severity there.
    const seen = new Map<string, Severity>();
    for (const f of result.findings) {
      if (f.severity === 'info') continue;
      const before = seen.get(f.code);
      if (before === undefined || SEVERITY_RANK[f.severity] < SEVERITY_RANK[before])
        seen.set(f.code, f.severity);
    }
    for (const [code, severity] of seen) {
      const t = this.codes.get(code) ?? { code, severity, count: 0, examples: [] };
      t.count++;
      if (SEVERITY_RANK[severity] < SEVERITY_RANK[t.severity]) t.severity = severity;
      if (t.examples.length < EXAMPLES) t.examples.push(result.target);
      this.codes.set(code, t);
    }
  }

  get done(): number {
    return STATUSES.reduce((n, s) => n + this.byStatus[s], 0);
  }

  /** The worst codes first: fail before warn, then the most targets. */
  worstCodes(): CodeTally[] {
    return [...this.codes.values()].sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        b.count - a.count ||
        a.code.localeCompare(b.code),
    );
  }
}

export interface BatchStyle {
  colour: boolean;
  /** The language of findings and summaries (default en). */
  lang?: Lang;
}

function paint(style: BatchStyle, status: Status, text: string): string {
  return style.colour ? styleText(['bold', COLOUR[status]], text) : text;
}

/** `120 ok · 6 warn · 3 fail · 1 error`, leaving out the zero ones (but never all of them). */
export function statusCounts(t: BatchTally, lang: Lang = 'en'): string {
  const w = batchWords(lang);
  const parts = STATUSES.filter((s) => t.byStatus[s] > 0).map((s) => w.count(t.byStatus[s], s));
  return parts.length ? parts.join(' · ') : w.noneChecked;
}

/** The progress line (stderr on a TTY): `wx: 120/1000 checked · 110 ok · …`. */
export function progressText(t: BatchTally, total: number, reading: boolean, lang?: Lang): string {
  return `wx: ${batchWords(lang).progress(t.done, total, reading, statusCounts(t, lang))}`;
}

/** The closing summary, after the results. */
export function summaryText(t: BatchTally, style: BatchStyle): string {
  const w = batchWords(style.lang);
  const unreadable = t.unreadable ? w.unreadable(t.unreadable) : '';
  const worst = STATUSES.filter((s) => t.byStatus[s] > 0).at(-1) ?? 'ok';
  const label = paint(style, worst, w.summaryLabel);
  const counts = statusCounts(t, style.lang);
  const lines = [`${w.summary(label, t.done, counts)}${unreadable}`];
  const codes = t.worstCodes();
  if (codes.length > 0) {
    lines.push('', w.worstHeading);
    const rows = codes
      .slice(0, TOP_CODES)
      .map((c) => [
        c.severity,
        c.code,
        String(c.count),
        c.examples.join(', ') + (c.count > c.examples.length ? ', …' : ''),
      ]);
    lines.push(...tableLines(rows).map((l) => `  ${l}`));
    if (codes.length > TOP_CODES) lines.push(`  ${w.moreCodes(codes.length - TOP_CODES)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `--summary`: one line for a target that is not ok (its verdict, worst finding and codes). */
export function problemLine(result: AnyProbeResult, style: BatchStyle): string {
  const r = reportOf(result, style.lang);
  const codes = [...new Set(r.findings.filter((f) => f.severity !== 'info').map((f) => f.code))];
  return `${paint(style, r.status, LABEL[r.status])} ${r.subject}: ${r.summary}${codes.length ? ` (${codes.join(', ')})` : ''}\n`;
}
