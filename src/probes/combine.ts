import { attribute, type Cause } from './cause.js';
import type { ProbeResult, Status } from './types.js';

export type { Cause } from './cause.js';

/** Several probe results about one host, reported together (`wx check`). */
export interface CombinedReport {
  check: string;
  /** The worst status among the causes: consequences of another finding do not count. */
  status: Status;
  /** The root cause (cause.ts); null when the status is ok. */
  cause: Cause | null;
  /** Findings that follow from another probe's carry `consequenceOf: "<probe>/<CODE>"`. */
  results: ProbeResult[];
  startedAt: string;
  durationMs: number;
}

export function combine(check: string, results: ProbeResult[]): CombinedReport {
  const starts = results.map((r) => Date.parse(r.startedAt));
  const ends = results.map((r) => Date.parse(r.startedAt) + r.durationMs);
  const attributed = attribute(results);
  return {
    check,
    status: attributed.status,
    cause: attributed.status === 'ok' ? null : attributed.cause,
    results: attributed.results,
    startedAt: new Date(Math.min(...starts)).toISOString(),
    durationMs: Math.max(...ends) - Math.min(...starts),
  };
}
