/**
 * A regional result (`--from`) as every surface opens it: the verdict with the cause across
 * regions (a disagreement names the broken region) and its fix; the other comparison findings and
 * each region's own problems (`east: …`); then the regions side by side, one row each: verdict,
 * addresses, HTTP status, certificate, days left, time.
 */
import { findingHint, findingMessage } from '../i18n/findings.js';
import type { Messages } from '../i18n/index.js';
import type { Lang } from '../model/index.js';
import type { Cause } from '../probes/cause.js';
import type { ProbeName } from '../probes/index.js';
import {
  isCombined,
  type RegionFacts,
  type RegionResult,
  type RegionsReport,
} from '../probes/regions/index.js';
import type { Report } from './report.js';

export interface RegionsView {
  status: RegionsReport['status'];
  subject: string;
  cause: Cause | null;
  others: Cause[];
  /** One part: the side-by-side table. */
  parts: Report[];
}

const SEVERITY_ORDER = { fail: 0, warn: 1, info: 2 } as const;

export function regionsView(report: RegionsReport, t: Messages, lang: Lang = 'en'): RegionsView {
  const names = report.facts.map((f) => f.region).join(', ');
  const isCause = (c: Cause) =>
    report.cause !== null && c.code === report.cause.code && c.message === report.cause.message;
  const others: Cause[] = [
    ...report.findings
      .filter((f) => f.severity !== 'info' || f.code === 'REGION_MISMATCH')
      .map((f) => ({
        probe: 'regions',
        code: f.code,
        severity: f.severity,
        message: f.message,
        hint: f.hint,
      })),
    ...report.regions.flatMap(({ region, result }) =>
      result ? regionProblems(region, result) : [],
    ),
  ].filter((c) => !isCause(c));
  others.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const [columns, ...rows] = [t.regionColumns, ...report.facts.map((f) => row(f, t))];
  return {
    status: report.status,
    subject: t.fromRegions(report.title, names),
    cause: report.cause && said(report.cause, lang),
    others: dedupe(others)
      .filter((c) => !(report.cause && c.message.endsWith(report.cause.message)))
      .map((c) => said(c, lang)),
    parts: [
      {
        probe: probeOf(report),
        status: report.status,
        subject: t.regionsHeading,
        summary: names,
        overview: names,
        findings: [],
        sections: [{ title: t.regionsHeading, table: [[...columns], ...rows] }],
      },
    ],
  };
}

/** One region in one line for the short answer: `east · fail HTTP_5XX · 10.0.0.1 · 502 · 31 ms`. */
export function regionLine(f: RegionFacts, t: Messages): string {
  return row(f, t)
    .filter((cell) => cell !== '')
    .join(' · ');
}

function row(f: RegionFacts, t: Messages): string[] {
  if (!f.answered) return [f.region, t.noAnswer, '', '', '', '', ''];
  const addresses = f.answers.length > 0 ? f.answers.join(' ') : (f.address ?? '');
  return [
    f.region,
    `${t.status[f.status ?? 'error']}${f.problem ? ` ${f.problem}` : ''}`,
    addresses,
    f.httpStatus === null ? '' : String(f.httpStatus),
    f.fingerprint ? `${f.fingerprint.replaceAll(':', '').slice(0, 12).toLowerCase()}…` : '',
    f.daysLeft === null ? '' : String(f.daysLeft),
    f.durationMs === null ? '' : `${f.durationMs} ms`,
  ];
}

/** A region's own problems, named by region: its causes and independent findings. */
function regionProblems(region: string, result: RegionResult): Cause[] {
  const results = isCombined(result) ? result.results : [result];
  return results.flatMap((r) =>
    r.findings
      .filter((f) => f.severity !== 'info' && f.consequenceOf === undefined)
      .map((f) => ({
        probe: `${region} ${r.probe}`,
        code: f.code,
        severity: f.severity,
        message: f.message,
        hint: f.hint,
        ...(f.args ? { args: f.args } : {}),
        ...(f.variant ? { variant: f.variant } : {}),
      })),
  );
}

function dedupe(causes: Cause[]): Cause[] {
  const seen = new Set<string>();
  return causes.filter((c) => {
    const key = `${c.probe}|${c.code}|${c.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function probeOf(report: RegionsReport): ProbeName {
  const first = report.regions.find((r) => r.result)?.result;
  if (!first) return 'cert';
  return (isCombined(first) ? (first.results[0]?.probe ?? 'cert') : first.probe) as ProbeName;
}

/** A cause in the reader's language (the comparison is made on the probes' own words). */
function said(c: Cause, lang: Lang): Cause {
  return lang === 'en' ? c : { ...c, message: findingMessage(c, lang), hint: findingHint(c, lang) };
}
