/**
 * A regional watch's check: the per-region results of its probe made into the one result the
 * incident logic judges. The worst verdict decides: a region that fails fails the watch, and the
 * incident names the regions that see the problem when not all do ("served by the east edge
 * only"). Recovery needs every listed region clean: while a region is silent or inconclusive and
 * the others are clean, the check is inconclusive (nothing opens, nothing closes). Pure.
 */
import { finding, isInconclusive } from '../probes/findings.js';
import type { AnyProbeResult, Finding } from '../probes/index.js';
import { diagnose } from './diagnosis.js';
import { isCertWatch, type RegionState, type Watch } from './types.js';

export interface RegionAnswer {
  region: string;
  /** null: the region's worker did not answer in time (or there is none). */
  result: AnyProbeResult | null;
}

export interface RegionalCheck {
  /** What the incident logic judges: the worst region's result; null when inconclusive. */
  result: AnyProbeResult | null;
  /** The regions that see the problem; [] when the check is clean or inconclusive. */
  affected: string[];
  /** Every listed region answered something conclusive about the target. */
  complete: boolean;
  /** Each listed region's view, for the watch's state (list, status page). */
  regions: Record<string, RegionState>;
  /** Each region's own result to keep for /metrics, a silent region's as REGION_NO_ANSWER. */
  answers: Array<{ region: string; result: AnyProbeResult }>;
}

const RANK: Record<AnyProbeResult['status'], number> = { ok: 0, warn: 1, fail: 2, error: 3 };

/**
 * How bad a region's result is for this watch: 0 clean, higher worse; null when it says nothing
 * about the target (a crashed probe, a refused address, no answer).
 */
function badness(watch: Watch, result: AnyProbeResult): number | null {
  if (isCertWatch(watch)) {
    if (result.findings.some((f) => isInconclusive(f.code))) return null;
    return RANK[result.status];
  }
  const d = diagnose(result);
  if (d.kind === 'inconclusive') return null;
  return d.kind === 'healthy' ? 0 : 1 + RANK[d.status];
}

/** The result of a region whose worker did not answer: inconclusive by its finding. */
export function noAnswerResult(
  like: AnyProbeResult,
  region: string,
  waitedMs: number,
): AnyProbeResult {
  const f: Finding = finding(
    'REGION_NO_ANSWER',
    `${region}: the region's worker did not answer within ${Math.round(waitedMs / 100) / 10} s`,
  );
  // 'error': says nothing about the target (probe_success 0, as a probe that did not run).
  return { ...like, status: 'error', findings: [f] };
}

/**
 * `empty`: a result of the watch's probe that says nothing (failedResult), the shape a silent
 * region's result takes.
 */
export function combineRegions(
  watch: Watch,
  answers: readonly RegionAnswer[],
  empty: AnyProbeResult,
  waitedMs: number,
): RegionalCheck {
  const regions: Record<string, RegionState> = {};
  const kept: RegionalCheck['answers'] = [];
  const judged: Array<{ region: string; result: AnyProbeResult; bad: number }> = [];
  let unknown = false;
  for (const { region, result } of answers) {
    if (!result) {
      regions[region] = 'no-answer';
      kept.push({ region, result: noAnswerResult(empty, region, waitedMs) });
      unknown = true;
      continue;
    }
    regions[region] = result.status;
    kept.push({ region, result });
    const bad = badness(watch, result);
    if (bad === null) unknown = true;
    else judged.push({ region, result, bad });
  }
  const worst = Math.max(0, ...judged.map((j) => j.bad));
  if (worst > 0) {
    const affected = judged.filter((j) => j.bad === worst);
    return {
      result: (affected[0] as (typeof judged)[number]).result,
      affected: affected.map((j) => j.region),
      complete: !unknown,
      regions,
      answers: kept,
    };
  }
  if (unknown || judged.length === 0) {
    // Clean where answered, unknown elsewhere: not enough to recover, nothing to open.
    return { result: null, affected: [], complete: false, regions, answers: kept };
  }
  const first = judged[0] as (typeof judged)[number];
  return { result: first.result, affected: [], complete: true, regions, answers: kept };
}

/**
 * The affected regions as an incident names them: only when some listed region does not see
 * the problem (every region seeing it is the plain headline).
 */
export function namedRegions(affected: readonly string[], listed: readonly string[]): string[] {
  if (affected.length === 0 || affected.length >= listed.length) return [];
  return [...affected].sort();
}
