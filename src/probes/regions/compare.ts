/**
 * The same command's results from several regions, compared: what differs between regions
 * (REGION_MISMATCH, naming the regions and the facts), which region did not answer
 * (REGION_NO_ANSWER), and the comparers' own findings (COMPARERS: CDN edges plug in there). The
 * root cause across regions: a disagreement explains more than any one region's finding ("east:
 * HTTP 502 from 10.0.0.1; north: HTTP 200 from 10.0.0.2 — the east edge is broken"); when every
 * region agrees, the regions' shared cause is the cause. Pure.
 */
import type { Cause } from '../cause.js';
import { finding } from '../findings.js';
import { type CdnEdge, cdnEdgeFindings } from '../http/cdn-edges.js';
import type { Finding, ProbeResult, Status } from '../types.js';
import { worst } from '../verdict.js';
import { factsOf } from './facts.js';
import {
  isCombined,
  type RegionAnswer,
  type RegionComparer,
  type RegionFacts,
  type RegionResult,
  type RegionsReport,
} from './types.js';

/**
 * Comparisons of one probe kind's results across regions, each run on the regions that
 * answered with a result of that kind: CDN edges serving an older copy of a URL (CDN_STALE_EDGE).
 */
export const COMPARERS: RegionComparer[] = [
  (regions) =>
    cdnEdgeFindings(
      regions.filter((r): r is CdnEdge => r.result.probe === 'http') as readonly CdnEdge[],
    ),
];

/** A fact regions can differ on, in the causal order a client meets them. */
interface Aspect {
  name: string;
  value(f: RegionFacts): string | null;
  /** How a region's value reads in the finding (`HTTP 502 from 10.0.0.1`). */
  words(f: RegionFacts): string;
}

const ASPECTS: Aspect[] = [
  {
    name: 'DNS answers',
    value: (f) => (f.answers.length > 0 ? f.answers.join(',') : null),
    words: (f) => `answers ${f.answers.join(', ') || 'none'}`,
  },
  {
    name: 'reachability',
    value: (f) => (f.reachable === null ? null : String(f.reachable)),
    words: (f) => (f.reachable ? 'reachable' : 'unreachable'),
  },
  {
    name: 'address',
    value: (f) => f.address,
    words: (f) => `served from ${f.address ?? 'nowhere'}`,
  },
  {
    name: 'certificate',
    value: (f) => f.fingerprint,
    words: (f) =>
      f.fingerprint
        ? `certificate ${f.fingerprint.replaceAll(':', '').slice(0, 12).toLowerCase()}…${f.daysLeft !== null ? ` (${f.daysLeft} days left)` : ''}`
        : 'no certificate',
  },
  {
    name: 'HTTP status',
    value: (f) => (f.httpStatus === null ? null : String(f.httpStatus)),
    words: (f) => (f.httpStatus === null ? 'no HTTP answer' : `HTTP ${f.httpStatus}`),
  },
  {
    name: 'verdict',
    value: (f) => (f.status === null ? null : `${f.status}/${f.problem ?? ''}`),
    words: (f) => `${f.status}${f.problem ? ` (${f.problem})` : ''}`,
  },
];

const RANK: Record<Status, number> = { ok: 0, warn: 1, fail: 2, error: 3 };

export interface CompareOptions {
  /** How long the regions were waited for: REGION_NO_ANSWER says it. */
  waitedMs?: number;
  comparers?: readonly RegionComparer[];
}

export function compareRegions(
  title: string,
  regions: RegionAnswer[],
  opts: CompareOptions = {},
): RegionsReport {
  const facts = regions.map(factsOf);
  const answered = facts.filter((f) => f.answered);
  const findings: Finding[] = [];
  const mismatch = mismatchOf(answered);
  if (mismatch) findings.push(mismatch);
  findings.push(...comparerFindings(regions, opts.comparers ?? COMPARERS));
  for (const f of facts.filter((x) => !x.answered))
    findings.push(noAnswer(f.region, opts.waitedMs));

  const status: Status =
    answered.length === 0
      ? 'error'
      : worst([
          ...answered.map((f) => f.status ?? 'ok'),
          ...findings.map((f): Status => (f.severity === 'info' ? 'ok' : f.severity)),
        ]);
  const times = regions.flatMap((r) => (r.result ? [span(r.result)] : []));
  const startedAt = times.length > 0 ? Math.min(...times.map((t) => t.start)) : Date.now();
  const endedAt = times.length > 0 ? Math.max(...times.map((t) => t.end)) : startedAt;
  return {
    title,
    status,
    cause: status === 'ok' ? null : causeOf(findings, regions),
    findings,
    regions,
    facts,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: endedAt - startedAt,
  };
}

/** REGION_MISMATCH: the first aspects (in causal order) on which answered regions differ. */
function mismatchOf(answered: RegionFacts[]): Finding | null {
  if (answered.length < 2) return null;
  const differing = ASPECTS.filter((a) => {
    const values = answered.map(a.value);
    return values.some((v) => v !== null) && new Set(values).size > 1;
  });
  if (differing.length === 0) return null;
  const shown = differing.filter((a) => a.name !== 'verdict');
  const aspects = shown.length > 0 ? shown : differing;
  const best = Math.min(...answered.map((f) => RANK[f.status ?? 'ok']));
  const broken = answered.filter((f) => RANK[f.status ?? 'ok'] > best);
  // Broken regions first: they are what the person came for.
  const ordered = [...broken, ...answered.filter((f) => !broken.includes(f))];
  const per = ordered
    .map(
      (f) => `${f.region}: ${aspects.map((a) => a.words(f)).join(', ')}${verdictNote(f, aspects)}`,
    )
    .join('; ');
  const failing = broken.some((f) => f.status === 'fail') && best === RANK.ok;
  // CDNs and GeoDNS give each region its own addresses: news only when outcomes differ too.
  const routine = aspects.every((a) => a.name === 'DNS answers' || a.name === 'address');
  const names = broken.map((f) => f.region).join(', ');
  const verdict =
    broken.length === 0
      ? ''
      : failing
        ? ` — the ${names} edge${broken.length > 1 ? 's are' : ' is'} broken`
        : ` — ${names} ${broken.length > 1 ? 'see' : 'sees'} a problem the others do not`;
  return finding(
    'REGION_MISMATCH',
    `regions differ in ${aspects.map((a) => a.name).join(', ')}: ${per}${verdict}`,
    { severity: failing ? 'fail' : routine && broken.length === 0 ? 'info' : 'warn' },
  );
}

function verdictNote(f: RegionFacts, aspects: Aspect[]): string {
  if (aspects.some((a) => a.name === 'verdict')) return '';
  return f.status && f.status !== 'ok' ? ` (${f.status}${f.problem ? ` ${f.problem}` : ''})` : '';
}

function noAnswer(region: string, waitedMs: number | undefined): Finding {
  const within =
    waitedMs !== undefined ? ` within ${Math.round(waitedMs / 100) / 10} s` : ' in time';
  return finding('REGION_NO_ANSWER', `${region}: the region's worker did not answer${within}`);
}

/** Each comparer gets one probe kind's results of the regions that answered. */
function comparerFindings(
  regions: RegionAnswer[],
  comparers: readonly RegionComparer[],
): Finding[] {
  if (comparers.length === 0) return [];
  const byKind = new Map<string, Array<{ region: string; result: ProbeResult }>>();
  for (const { region, result } of regions) {
    if (!result) continue;
    for (const r of isCombined(result) ? result.results : [result]) {
      const list = byKind.get(r.probe) ?? [];
      list.push({ region, result: r });
      byKind.set(r.probe, list);
    }
  }
  return [...byKind.values()].flatMap((list) =>
    list.length < 2 ? [] : comparers.flatMap((compare) => compare(list)),
  );
}

/**
 * A disagreement is the cause (it names the broken region); otherwise the regions' shared cause,
 * as the first region with one has it; a region not answering comes last.
 */
function causeOf(findings: Finding[], regions: RegionAnswer[]): Cause | null {
  const ranked = [...findings].sort((a, b) => severityRank(b) - severityRank(a));
  const mismatch = ranked.find((f) => f.code !== 'REGION_NO_ANSWER' && f.severity !== 'info');
  if (mismatch) return { probe: 'regions', ...pick(mismatch) };
  for (const { result } of regions) {
    const c = result ? regionCause(result) : null;
    if (c) return c;
  }
  const none = findings.find((f) => f.code === 'REGION_NO_ANSWER');
  return none ? { probe: 'regions', ...pick(none) } : null;
}

function regionCause(r: RegionResult): Cause | null {
  if (isCombined(r)) return r.cause;
  const top = [...r.findings]
    .filter((f) => f.severity !== 'info')
    .sort((a, b) => severityRank(b) - severityRank(a))[0];
  return top ? { probe: r.probe, ...pick(top) } : null;
}

function pick(f: Finding) {
  return { code: f.code, severity: f.severity, message: f.message, hint: f.hint };
}

function severityRank(f: Finding): number {
  return f.severity === 'fail' ? 2 : f.severity === 'warn' ? 1 : 0;
}

function span(r: RegionResult): { start: number; end: number } {
  const start = Date.parse(r.startedAt);
  return { start, end: start + r.durationMs };
}
