import type { VerdictCause } from '../model/index.js';
import type { CombinedReport } from '../probes/combine.js';
import type { AnyProbeResult, Finding, Status } from '../probes/index.js';
import type { RegionsReport } from '../probes/regions/index.js';
import { problemsWorstFirst, worst } from '../probes/verdict.js';

const MAX_CODES = 3;

/** The parent's one-line verdict: the status, a neutral summary and what it names as the cause. */
export interface Verdict {
  status: Status;
  summary: string;
  cause?: VerdictCause;
}

/**
 * The verdict line: worst status and what caused it, by finding code (codes are the public,
 * language-neutral contract; the renderer words the status and the cause). `cert
 * api.example.com:443: fail (CERT_EXPIRED)`, or for a combined check its one root cause:
 * `api.example.com: fail (cause: cert CHAIN_INCOMPLETE)`, never a list of every probe. One
 * probe's verdict names its worst problem as the cause, the one its answer opens with.
 */
export function summarise(results: readonly AnyProbeResult[], combined?: CombinedReport): Verdict {
  const status = combined?.status ?? worst(results.map((r) => r.status));
  if (combined) {
    const { cause } = combined;
    if (!cause || status === 'ok') return { status, summary: `${combined.check}: ${status}` };
    return {
      status,
      summary: `${combined.check}: ${status} (cause: ${cause.probe} ${cause.code})`,
      cause: causeOf(cause.probe, cause),
    };
  }
  const summary = results.map(line).join('; ');
  const [only] = results;
  const worstProblem =
    results.length === 1 && only ? problemsWorstFirst(only.findings)[0] : undefined;
  return {
    status,
    summary,
    ...(only && worstProblem ? { cause: causeOf(only.probe, worstProblem) } : {}),
  };
}

function causeOf(
  probe: string,
  f: Pick<Finding, 'code' | 'message' | 'args' | 'variant'>,
): VerdictCause {
  return {
    probe,
    code: f.code,
    message: f.message,
    ...(f.args ? { args: f.args } : {}),
    ...(f.variant ? { variant: f.variant } : {}),
  };
}

function line(r: AnyProbeResult): string {
  const codes = [...new Set(r.findings.filter((f) => f.severity !== 'info').map((f) => f.code))];
  const shown = codes.slice(0, MAX_CODES).join(', ');
  const more = codes.length > MAX_CODES ? ` +${codes.length - MAX_CODES}` : '';
  return `${r.probe} ${r.target}: ${r.status}${shown ? ` (${shown}${more})` : ''}`;
}

/** `http https://x/ from east, north: fail (REGION_MISMATCH; east fail, north ok)` */
export function summariseRegions(report: RegionsReport): Verdict {
  const names = report.facts.map((f) => f.region).join(', ');
  const per = report.facts.map((f) => `${f.region} ${f.status ?? 'no answer'}`).join(', ');
  const { cause } = report;
  return {
    status: report.status,
    summary: `${report.title} from ${names}: ${report.status} (${cause ? `${cause.code}; ` : ''}${per})`,
    ...(cause && report.status !== 'ok' ? { cause: causeOf(cause.probe, cause) } : {}),
  };
}
