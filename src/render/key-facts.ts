/**
 * The few facts a short chat answer shows (days left, issuer, address, protocol, HTTP status),
 * taken from the probes' details. Values come from servers: surfaces put them in code spans.
 */
import type { ShortWords } from '../i18n/index.js';
import { commonName } from '../probes/cert/dn.js';
import type { AnyProbeResult } from '../probes/index.js';
import { formatHostPort } from '../probes/net/target.js';

export type FactKey = keyof ShortWords['facts'];

/** At most this many resolved addresses in the facts. */
const MAX_ANSWERS = 3;

export function keyFacts(results: readonly AnyProbeResult[]): Array<[FactKey, string]> {
  const facts = new Map<FactKey, string>();
  const set = (key: FactKey, value: string | null | undefined) => {
    if (value && !facts.has(key)) facts.set(key, value);
  };
  for (const r of results) {
    switch (r.probe) {
      case 'cert': {
        const d = r.detail;
        const leaf = d.chain?.[0];
        if (leaf) {
          set('daysLeft', String(leaf.daysLeft));
          set('issuer', commonName(leaf.issuer));
        }
        if (d.address) set('address', formatHostPort(d.address, d.port));
        set('protocol', d.protocol);
        break;
      }
      case 'http': {
        const d = r.detail;
        if (typeof d.status === 'number') {
          set('httpStatus', `${d.status} ${d.statusText ?? ''}`.trim());
        }
        set('address', d.address);
        set('protocol', d.tls?.protocol);
        break;
      }
      case 'dns': {
        const answers = (r.detail.resolvers ?? [])
          .filter((x) => x.rcode === 'NOERROR')
          .flatMap((x) => x.answers.filter((a) => a.type === r.detail.type).map((a) => a.data));
        const unique = [...new Set(answers)];
        const more = unique.length > MAX_ANSWERS ? ` +${unique.length - MAX_ANSWERS}` : '';
        if (unique.length > 0) set('answers', `${unique.slice(0, MAX_ANSWERS).join(', ')}${more}`);
        break;
      }
      default:
        break;
    }
  }
  // The order a person reads them in, whichever probe found them first.
  const ORDER: FactKey[] = ['daysLeft', 'issuer', 'address', 'answers', 'protocol', 'httpStatus'];
  return ORDER.flatMap((k): Array<[FactKey, string]> => {
    const v = facts.get(k);
    return v === undefined ? [] : [[k, v]];
  });
}
