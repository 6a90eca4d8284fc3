import { type IPv4, type IPv6, ipaddr } from './ipaddr.js';

/**
 * Which addresses a probe may connect to. The guard is applied to the address actually
 * connected to (after resolution), so a name that resolves to 127.0.0.1 is caught the same way
 * as the literal, and DNS rebinding has no gap to use.
 */
export interface NetworkPolicy {
  /** Refuse loopback, private, link-local, CGNAT, metadata, unspecified and other non-public ranges. */
  denyPrivate: boolean;
  /** CIDRs let through even when denyPrivate is on. */
  allow: string[];
}

export const OPEN_POLICY: NetworkPolicy = { denyPrivate: false, allow: [] };
export const GUARDED_POLICY: NetworkPolicy = { denyPrivate: true, allow: [] };

type Addr = IPv4 | IPv6;

const IP_CHARS = /^[0-9a-fA-FxX.:]+$/;

/** Strips brackets and an IPv6 zone id; returns null when `host` is not an IP literal. */
export function parseIpLiteral(host: string): Addr | null {
  const bare = host.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  // A name is known at once: ipaddr's parsers, tried in turn, cost a watches file of 20,000 hosts
  // 40 MB of garbage. Every IP literal form (octal, hex, short IPv4; IPv6) uses only these.
  if (!IP_CHARS.test(bare)) return null;
  if (!ipaddr.isValid(bare)) return null;
  // ipaddr.process folds v4-mapped IPv6 (::ffff:127.0.0.1) to IPv4.
  return ipaddr.process(bare);
}

/**
 * A pure function of a string, remembered: a probe asks about the same few addresses several
 * times (dial, hostname check, the legacy hello's connection), and each ipaddr parse makes ~1 KB
 * of garbage. Bounded: the map starts over when full.
 */
function remembered<T>(fn: (s: string) => T, size = 4096): (s: string) => T {
  const known = new Map<string, T>();
  return (s) => {
    if (known.has(s)) return known.get(s) as T;
    if (known.size >= size) known.clear();
    const value = fn(s);
    known.set(s, value);
    return value;
  };
}

/** Normalised text of an IP literal (decimal, octal, hex and short IPv4 forms expanded), or null. */
export const normaliseIp = remembered(
  (host: string): string | null => parseIpLiteral(host)?.toString() ?? null,
);

/** IPv4 embedded in NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses. */
function embeddedV4(addr: IPv6): IPv4 | null {
  const b = addr.toByteArray();
  const range = addr.range();
  if (range === 'rfc6052') return ipaddr.fromByteArray(b.slice(12, 16)) as IPv4;
  if (range === '6to4') return ipaddr.fromByteArray(b.slice(2, 6)) as IPv4;
  return null;
}

/**
 * IPv4-compatible IPv6 (::/96, RFC 4291 §2.5.5.1) is deprecated and never a public address, but
 * ipaddr.js calls it unicast; some stacks still route `::7f00:1` to 127.0.0.1.
 */
function ipv4Compatible(addr: IPv6): boolean {
  return addr
    .toByteArray()
    .slice(0, 12)
    .every((b) => b === 0);
}

/** The non-public range an address falls in, or null for a public unicast address. */
export const restrictedRange = remembered(rangeOf);

function rangeOf(address: string): string | null {
  const addr = parseIpLiteral(address);
  if (!addr) return 'not-an-ip';
  if (addr.kind() === 'ipv6') {
    if (addr.range() === 'unicast' && ipv4Compatible(addr as IPv6)) return 'ipv4Compatible';
    const v4 = embeddedV4(addr as IPv6);
    if (v4) return v4.range() === 'unicast' ? null : `${addr.range()}(${v4.range()})`;
  }
  const range = addr.range();
  return range === 'unicast' ? null : range;
}

function allowListed(addr: Addr, allow: readonly string[]): boolean {
  return allow.some((cidr) => {
    const [net, bits] = ipaddr.parseCIDR(cidr);
    const candidate =
      net.kind() === addr.kind()
        ? addr
        : addr.kind() === 'ipv4'
          ? (addr as IPv4).toIPv4MappedAddress()
          : null;
    return candidate?.match([net, bits] as never) === true;
  });
}

/** Why the policy refuses `address`, or null when it may be connected to. */
export function refusal(policy: NetworkPolicy, address: string): string | null {
  if (!policy.denyPrivate) return null;
  const range = restrictedRange(address);
  if (range === null) return null;
  const addr = parseIpLiteral(address);
  if (addr && allowListed(addr, policy.allow)) return null;
  return `${address} is in a ${range} range`;
}

/** Validates CIDRs for an allow-list; throws naming the bad entry. */
export function parseAllowList(entries: readonly string[]): string[] {
  return entries.map((raw) => {
    const cidr = raw.trim();
    try {
      const [net, bits] = ipaddr.parseCIDR(
        cidr.includes('/') ? cidr : `${cidr}/${cidr.includes(':') ? 128 : 32}`,
      );
      return `${net.toString()}/${bits}`;
    } catch {
      throw new Error(`not a CIDR: ${JSON.stringify(raw)}`);
    }
  });
}
