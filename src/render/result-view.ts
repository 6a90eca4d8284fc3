/**
 * A result message's shape before any surface renders it: one report, or several (a combined
 * check, or several probes of one command) under one overall status.
 */
import type { Messages } from '../i18n/index.js';
import type { Lang, MessageContent } from '../model/index.js';
import type { Cause } from '../probes/cause.js';
import type { AnyProbeResult, Finding, Status } from '../probes/index.js';
import { worst } from '../probes/verdict.js';
import { regionsView } from './regions-view.js';
import { type Report, reportOf, reportsOf } from './report.js';

export interface ResultView {
  status: Status;
  subject: string;
  summary: string;
  /** A combined check: the root cause (its message is the summary) and the other problems. */
  cause?: Cause | null;
  others?: Cause[];
  parts: Report[];
  /** Several reports: each gets its own heading line. */
  multi: boolean;
  durationMs: number;
}

/** What a result message carries, whichever form it is shown in (short answer, details). */
export type ResultData = Pick<
  Extract<MessageContent, { type: 'result' }>,
  'invocation' | 'results' | 'combined' | 'regions'
>;

export function viewOf(content: ResultData, t: Messages, lang: Lang = 'en'): ResultView {
  if (content.regions) {
    const view = regionsView(content.regions, t, lang);
    return {
      ...view,
      summary: view.cause
        ? `${view.cause.message} (${view.cause.probe} ${view.cause.code})`
        : content.regions.facts
            .map((f) => `${f.region}: ${t.status[f.status ?? 'error']}`)
            .join(' · '),
      multi: true,
      durationMs: content.regions.durationMs,
    };
  }
  if (content.combined) {
    const { status, subject, cause, others, parts } = reportsOf(content.combined, lang);
    return {
      status,
      subject,
      summary: cause
        ? `${cause.message} (${cause.probe} ${cause.code})`
        : parts.map((p) => `${p.probe}: ${t.status[p.status]}`).join(' · '),
      cause,
      others,
      parts,
      multi: true,
      durationMs: content.combined.durationMs,
    };
  }
  const parts = content.results.map((r: AnyProbeResult) => reportOf(r, lang));
  const [first] = parts;
  if (parts.length === 1 && first) {
    return { ...first, parts, multi: false, durationMs: content.results[0]?.durationMs ?? 0 };
  }
  const status = worst(parts.map((p) => p.status));
  return {
    status,
    subject: content.invocation.text,
    summary: parts.map((p) => `${p.subject}: ${t.status[p.status]}`).join(' · '),
    parts,
    multi: true,
    durationMs: Math.max(0, ...content.results.map((r) => r.durationMs)),
  };
}

/** The summary is just a finding's message (listed right below it), so it is not repeated. */
export function summaryIsAFinding(r: { summary: string; findings?: Finding[] }): boolean {
  return r.findings?.some((f) => f.message === r.summary) ?? false;
}
