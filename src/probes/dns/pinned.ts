import type { Finding } from '../types.js';

/**
 * A name pinned to an address (`wx check --resolve HOST:PORT:ADDR`): the check connects there
 * without asking DNS, so what DNS says is worth seeing but breaks nothing: information only. The
 * probe's own trouble (PROBE_ERROR, a resolver the guard refused) keeps its weight.
 */
export function pinnedFindings(findings: Finding[], name: string, address: string): Finding[] {
  return findings.map((f) =>
    f.severity === 'info' || f.code === 'PROBE_ERROR' || f.code === 'ADDRESS_BLOCKED'
      ? f
      : {
          ...f,
          severity: 'info',
          message: `${f.message} (not used to connect: --resolve pins ${name} to ${address})`,
        },
  );
}
