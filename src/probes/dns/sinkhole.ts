import { finding } from '../findings.js';
import { parseIpLiteral } from '../net/guard.js';
import { type IPv4, type IPv6, ipaddr } from '../net/ipaddr.js';
import type { Finding } from '../types.js';
import { canonicalName } from './name.js';
import { list } from './wording.js';

/**
 * Top-level labels that never resolve on the public internet, so a loopback or private answer
 * for a name under them is expected: the IANA special-use names (RFC 6761 test/localhost/invalid/
 * example, RFC 6762 local, RFC 7686 onion, RFC 9476 alt, arpa for home.arpa and its kin), ICANN's
 * `internal` and the colliding names it will not delegate (home, corp, mail), and the LAN suffixes
 * routers and /etc/hosts use.
 */
const NON_PUBLIC_TLDS = new Set([
  'test',
  'localhost',
  'invalid',
  'example',
  'local',
  'onion',
  'alt',
  'arpa',
  'internal',
  'home',
  'corp',
  'mail',
  'lan',
  'localdomain',
]);

/** A name the public DNS can hold: at least two labels, not under a special-use or LAN suffix. */
export function isPublicName(name: string): boolean {
  if (parseIpLiteral(name)) return false;
  const labels = canonicalName(name).split('.');
  const tld = labels.at(-1);
  return labels.length >= 2 && tld !== undefined && !NON_PUBLIC_TLDS.has(tld);
}

/**
 * Addresses no public service can have: what filtering resolvers answer for a blocked name
 * (0.0.0.0, ::, 127.0.0.1) and their kin. Private, CGNAT and ULA ranges are not here: a split
 * view legitimately gives them for a public name, and 198.18.0.0/15 is what fake-IP proxies hand
 * out on purpose.
 */
const RANGES: ReadonlyArray<[cidr: string, kind: string]> = [
  ['0.0.0.0/8', 'unspecified'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['192.0.2.0/24', 'documentation'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fe80::/10', 'link-local'],
  ['ff00::/8', 'multicast'],
  ['100::/64', 'discard'],
  ['2001:db8::/32', 'documentation'],
];
/** Parsed on first use: a probe that resolves no public name (--resolve, an IP) never needs them. */
let parsed: Array<{ range: [IPv4 | IPv6, number]; kind: string }> | undefined;

/** Why `address` cannot be a public service's ("loopback", "unspecified", …), or null. */
export function sinkholeKind(address: string): string | null {
  // Folds v4-mapped IPv6 (::ffff:0.0.0.0) to IPv4.
  const addr = parseIpLiteral(address);
  if (!addr) return null;
  parsed ??= RANGES.map(([cidr, kind]) => ({ range: ipaddr.parseCIDR(cidr), kind }));
  for (const { range, kind } of parsed) {
    if (range[0].kind() === addr.kind() && addr.match(range as never)) return kind;
  }
  return null;
}

/** What one resolver answered: its label and its answer set. */
export interface Said {
  label: string;
  data: string[];
}

/**
 * DNS_SINKHOLE for the resolvers whose every answer is a sinkhole address: a failure when no
 * resolver gives a routable answer, a warning when `routable` ones do (the record is fine there).
 */
export function sinkholeFinding(subject: string, sinkholed: Said[], routable: Said[]): Finding {
  const says = (s: Said) => `${s.label} says ${s.data.join(', ')}`;
  const kinds = [...new Set(sinkholed.flatMap((s) => s.data.map((d) => sinkholeKind(d) ?? '')))];
  const why =
    routable.length > 0
      ? `${list(routable.map(says))}, so the record is fine and ${sinkholed.length > 1 ? 'those resolvers filter' : 'that resolver filters'} the name.`
      : 'No resolver asked gives a routable address: the record itself is wrong, or every resolver asked filters the name.';
  return finding(
    'DNS_SINKHOLE',
    `${list(sinkholed.map(says))} for ${subject}: ${list(kinds)} ${kinds.length > 1 ? 'addresses' : 'address'}, which no public service has, the mark of a filtering resolver or a bad record. ${why}`,
    {
      severity: routable.length > 0 ? 'warn' : 'fail',
      args: {
        subject,
        answers: sinkholed.map((s) => `${s.label}: ${s.data.join(', ')}`).join('; '),
        kinds: kinds.join(', '),
        ...(routable.length > 0
          ? { routable: routable.map((s) => `${s.label}: ${s.data.join(', ')}`).join('; ') }
          : {}),
      },
      variant: routable.length > 0 ? 'filtered' : 'record',
    },
  );
}
