import { isInconclusive } from './findings.js';
import type { Finding, ProbeResult, Status } from './types.js';

const RANK: Record<Status, number> = { ok: 0, warn: 1, fail: 2, error: 3 };

/** The worst of several statuses (error > fail > warn > ok), as monitoring plugins rank them. */
export function worst(statuses: Iterable<Status>): Status {
  let out: Status = 'ok';
  for (const s of statuses) if (RANK[s] > RANK[out]) out = s;
  return out;
}

const SEVERITY_ORDER = { fail: 0, warn: 1, info: 2 } as const;

/** Sort order of findings, worst first (stable: equals keep the probe's order). */
export function bySeverity(a: Pick<Finding, 'severity'>, b: Pick<Finding, 'severity'>): number {
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
}

/** The problems (no information findings), worst first: the first is what an answer opens with. */
export function problemsWorstFirst<F extends Pick<Finding, 'severity'>>(
  findings: readonly F[],
): F[] {
  return findings.filter((f) => f.severity !== 'info').sort(bySeverity);
}

export function statusOf(findings: readonly Finding[]): Status {
  if (findings.some((f) => isInconclusive(f.code))) return 'error';
  return worst(
    findings.map(
      (f): Status => (f.severity === 'fail' ? 'fail' : f.severity === 'warn' ? 'warn' : 'ok'),
    ),
  );
}

/** Exit codes as monitoring plugins use them: 0 ok, 1 warn, 2 fail, 3 error/unknown. */
export function exitCodeOf(status: Status): 0 | 1 | 2 | 3 {
  return RANK[status] as 0 | 1 | 2 | 3;
}

export interface Started {
  /** Wall-clock start, from the probe context's clock. */
  at: Date;
  /** Monotonic start, for the duration. */
  mono: number;
}

export function start(now: () => Date): Started {
  return { at: now(), mono: performance.now() };
}

/** Assembles a ProbeResult; the status always follows from the findings. */
export function makeResult<D>(
  probe: string,
  target: string,
  started: Started,
  findings: Finding[],
  detail: D,
): ProbeResult<D> {
  return {
    probe,
    target,
    status: statusOf(findings),
    findings,
    detail,
    startedAt: started.at.toISOString(),
    durationMs: Math.round(performance.now() - started.mono),
  };
}
