/**
 * A dns result's target and empty detail: what the probers map needs without the comparison of
 * answers (compare.ts) a probe run loads.
 */
import type { DnsDetail, DnsSpec, RecordType } from './types.js';

/** `name` for A questions, `name TYPE` for the others. */
export function questionText(q: { name: string; type: RecordType }): string {
  const name = q.name === '' ? '.' : q.name;
  return q.type === 'A' ? name : `${name} ${q.type}`;
}

/** `name` for A questions, `name TYPE` for the others: the target string of a dns result. */
export function dnsTarget(spec: Pick<DnsSpec, 'name' | 'type'>): string {
  return questionText({ name: String(spec.name), type: spec.type });
}

export function emptyDnsDetail(spec: Pick<DnsSpec, 'name' | 'type'>): DnsDetail {
  return { name: String(spec.name), type: spec.type, resolvers: [] };
}
