import type { ProbeResult, Status } from './types.js';
import { worst } from './verdict.js';

/** Several probe results about one host, reported together (`wx check`). */
export interface CombinedReport {
  check: string;
  status: Status;
  results: ProbeResult[];
  startedAt: string;
  durationMs: number;
}

export function combine(check: string, results: ProbeResult[]): CombinedReport {
  const starts = results.map((r) => Date.parse(r.startedAt));
  const ends = results.map((r) => Date.parse(r.startedAt) + r.durationMs);
  return {
    check,
    status: worst(results.map((r) => r.status)),
    results,
    startedAt: new Date(Math.min(...starts)).toISOString(),
    durationMs: Math.max(...ends) - Math.min(...starts),
  };
}
