/** The same probes run from several regions (`--from`), side by side and compared. Plain JSON. */
import type { Cause } from '../cause.js';
import type { CombinedReport } from '../combine.js';
import type { Finding, ProbeResult, Status } from '../types.js';

/** One region's answer: a probe's result, a combined check (`check`), or none within the deadline. */
export type RegionResult = ProbeResult | CombinedReport;

export interface RegionAnswer {
  region: string;
  /** null: the region's worker did not answer in time (REGION_NO_ANSWER). */
  result: RegionResult | null;
}

/** What one region saw, in the terms regions are compared in. */
export interface RegionFacts {
  region: string;
  answered: boolean;
  status: Status | null;
  /** A and AAAA answers of the dns probe, every resolver asked, sorted. */
  answers: string[];
  /** The address cert or http connected to (http's when both ran); null when none was reached. */
  address: string | null;
  httpStatus: number | null;
  /** SHA-256 fingerprint of the leaf certificate served. */
  fingerprint: string | null;
  daysLeft: number | null;
  /** Reached the server (a TCP connection was made); null when no probe connects (dns, wechat). */
  reachable: boolean | null;
  /** The region's worst problem, as `CODE` (its cause for a check); null when ok. */
  problem: string | null;
  durationMs: number | null;
}

/** Compares one probe kind's results across regions: the hook for more comparisons (CDN edges). */
export type RegionComparer = (
  regions: ReadonlyArray<{ region: string; result: ProbeResult }>,
) => Finding[];

export interface RegionsReport {
  /** `http https://api.example.com/`, `check api.example.com:443`. */
  title: string;
  status: Status;
  /** The root cause across regions (a REGION_MISMATCH when they disagree); null when ok. */
  cause: Cause | null;
  /** The comparison's findings: REGION_MISMATCH, REGION_NO_ANSWER, and the comparers'. */
  findings: Finding[];
  regions: RegionAnswer[];
  facts: RegionFacts[];
  startedAt: string;
  durationMs: number;
}

export function isCombined(r: RegionResult): r is CombinedReport {
  return 'check' in r && Array.isArray((r as CombinedReport).results);
}
