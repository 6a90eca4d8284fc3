import type { CombinedReport } from '../probes/combine.js';
import type { AnyProbeResult, Status } from '../probes/index.js';
import type { RegionsReport } from '../probes/regions/index.js';
import { worst } from '../probes/verdict.js';

const MAX_CODES = 3;

/**
 * The verdict line: worst status and what caused it, by finding code (codes are the public,
 * language-neutral contract; the renderer words the status). `cert api.example.com:443: fail
 * (CERT_EXPIRED)`, or for a combined check `api.example.com: warn (cert ok, dns warn, http ok)`.
 */
export function summarise(
  results: readonly AnyProbeResult[],
  combined?: CombinedReport,
): { status: Status; summary: string } {
  const status = combined?.status ?? worst(results.map((r) => r.status));
  if (combined) {
    const parts = results.map((r) => `${r.probe} ${r.status}`).join(', ');
    return { status, summary: `${combined.check}: ${status} (${parts})` };
  }
  return { status, summary: results.map(line).join('; ') };
}

function line(r: AnyProbeResult): string {
  const codes = [...new Set(r.findings.filter((f) => f.severity !== 'info').map((f) => f.code))];
  const shown = codes.slice(0, MAX_CODES).join(', ');
  const more = codes.length > MAX_CODES ? ` +${codes.length - MAX_CODES}` : '';
  return `${r.probe} ${r.target}: ${r.status}${shown ? ` (${shown}${more})` : ''}`;
}

/** `http https://x/ from east, north: fail (REGION_MISMATCH; east fail, north ok)` */
export function summariseRegions(report: RegionsReport): { status: Status; summary: string } {
  const names = report.facts.map((f) => f.region).join(', ');
  const per = report.facts.map((f) => `${f.region} ${f.status ?? 'no answer'}`).join(', ');
  const code = report.cause ? `${report.cause.code}; ` : '';
  return {
    status: report.status,
    summary: `${report.title} from ${names}: ${report.status} (${code}${per})`,
  };
}
