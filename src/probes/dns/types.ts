export type RecordType = 'A' | 'AAAA' | 'CNAME' | 'TXT' | 'CAA' | 'NS' | 'MX';

export const RECORD_TYPES: readonly RecordType[] = Object.freeze([
  'A',
  'AAAA',
  'CNAME',
  'TXT',
  'CAA',
  'NS',
  'MX',
]);

export function isRecordType(text: string): text is RecordType {
  return (RECORD_TYPES as readonly string[]).includes(text);
}

/** A resolver given by address; the system resolver is expressed as the string 'system'. */
export interface ResolverSpec {
  address: string;
  port: number;
}

export type ResolverChoice = ResolverSpec | 'system';

export interface DnsSpec {
  name: string;
  type: RecordType;
  resolvers: ResolverChoice[];
  /**
   * `--resolve` pins the name to this address for the check's connections: failures are then
   * information, not failures (pinned.ts).
   */
  pinnedTo?: string;
  /** The answer set every resolver must give (a watch's `expect:`), else DNS_UNEXPECTED_ANSWER. */
  expect?: string[];
}

/** One resource record of an answer section, its data as text (see records.ts). */
export interface DnsRecord {
  name: string;
  type: string;
  ttl: number;
  data: string;
}

export interface ResolverResult {
  /** 'system (127.0.0.53)', '8.8.8.8', '127.0.0.1:5353'. */
  resolver: string;
  address: string;
  port: number;
  /** 'NOERROR', 'NXDOMAIN', …; null when no response was received. */
  rcode: string | null;
  /** Why there is no response: 'timeout', 'refused by address guard: …', 'unreachable (ECONNREFUSED)'. */
  error?: string;
  /** The answer section as received, CNAMEs included. */
  answers: DnsRecord[];
  /** The CNAME targets followed from the queried name, in order (empty when there is no CNAME). */
  cnameChain: string[];
  timeMs: number;
  transport: 'udp' | 'tcp';
}

export interface DnsDetail {
  name: string;
  type: RecordType;
  resolvers: ResolverResult[];
}
