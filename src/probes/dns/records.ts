import type { Answer } from 'dns-packet';
import { canonicalName, sameName } from './name.js';
import type { DnsRecord, RecordType } from './types.js';

/** Bounds a CNAME chain that does not loop but goes on and on (resolvers stop at 8 to 16). */
const MAX_CHAIN = 16;

/** An answer-section record as plain JSON, its data as text a person would type into a zone. */
export function toRecord(answer: Answer): DnsRecord {
  return {
    name: canonicalName(answer.name),
    type: answer.type,
    ttl: 'ttl' in answer ? (answer.ttl ?? 0) : 0,
    data: recordData(answer),
  };
}

function recordData(answer: Answer): string {
  switch (answer.type) {
    case 'A':
    case 'AAAA':
      return answer.data;
    case 'CNAME':
    case 'NS':
    case 'DNAME':
    case 'PTR':
      return canonicalName(answer.data);
    case 'MX':
      return `${answer.data.preference ?? 0} ${canonicalName(answer.data.exchange)}`;
    case 'TXT':
      return txtText(answer.data);
    case 'CAA':
      return `${answer.data.flags ?? 0} ${answer.data.tag} ${JSON.stringify(answer.data.value)}`;
    case 'OPT':
      return '';
    default:
      // Types this probe does not ask for can still appear (DNAME synthesis, RRSIG): keep them visible.
      return Buffer.isBuffer(answer.data)
        ? answer.data.toString('hex')
        : JSON.stringify(answer.data);
  }
}

function txtText(data: string | Buffer | Array<string | Buffer>): string {
  const parts = Array.isArray(data) ? data : [data];
  // A long TXT value is split into 255-byte strings on the wire; joined, it reads as published.
  return parts.map((p) => (typeof p === 'string' ? p : p.toString('utf8'))).join('');
}

export interface Followed {
  /** CNAME targets followed from the queried name, in order. */
  chain: string[];
  /** The name the final records belong to (the end of the chain). */
  finalName: string;
  /** Records of the asked type at the end of the chain. */
  final: DnsRecord[];
  /** The chain returned to a name already on it (RFC 1034 §3.6.2); its last element is that name. */
  loop: boolean;
}

/** Follows CNAMEs from `qname` through the answer section and picks the records of `type`. */
export function followChain(records: DnsRecord[], qname: string, type: RecordType): Followed {
  const chain: string[] = [];
  let current = canonicalName(qname);
  let loop = false;
  if (type !== 'CNAME') {
    for (let hops = 0; hops < MAX_CHAIN; hops++) {
      const cname = records.find((r) => r.type === 'CNAME' && sameName(r.name, current));
      if (!cname) break;
      chain.push(cname.data);
      if (sameName(cname.data, qname) || chain.slice(0, -1).some((n) => sameName(n, cname.data))) {
        loop = true;
        break;
      }
      current = cname.data;
    }
  }
  const final = loop ? [] : records.filter((r) => r.type === type && sameName(r.name, current));
  return { chain, finalName: current, final, loop };
}
