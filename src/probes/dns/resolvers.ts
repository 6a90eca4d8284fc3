import dns from 'node:dns';
import net from 'node:net';
import type { ResolverChoice, ResolverSpec } from './types.js';

const DNS_PORT = 53;

export const DEFAULT_RESOLVERS: ResolverChoice[] = [
  'system',
  { address: '119.29.29.29', port: DNS_PORT }, // DNSPod
  { address: '223.5.5.5', port: DNS_PORT }, // AliDNS
  { address: '114.114.114.114', port: DNS_PORT }, // 114DNS
  { address: '8.8.8.8', port: DNS_PORT }, // Google
  { address: '1.1.1.1', port: DNS_PORT }, // Cloudflare
];

/** "IP", "IP:PORT" or "[IPv6]:PORT" (a bare IPv6 address means port 53). Throws on bad input. */
export function parseResolver(text: string): ResolverSpec {
  const spec = tryParseResolver(text.trim());
  if (!spec) {
    throw new Error(
      `not a resolver address: ${JSON.stringify(text)} (want IP, IP:PORT or [IPv6]:PORT, for example 223.5.5.5 or [2400:3200::1]:53)`,
    );
  }
  return spec;
}

function tryParseResolver(text: string): ResolverSpec | null {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  if (bracketed?.[1]) {
    return net.isIPv6(bracketed[1]) ? spec(bracketed[1], bracketed[2]) : null;
  }
  if (net.isIPv6(text)) return spec(text, undefined);
  const v4 = /^([^:]+)(?::(\d{1,5}))?$/.exec(text);
  if (v4?.[1] && net.isIPv4(v4[1])) return spec(v4[1], v4[2]);
  return null;
}

function spec(address: string, portText: string | undefined): ResolverSpec | null {
  const port = portText === undefined ? DNS_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  // Only the address part is case-insensitive; a zone id names an interface.
  return { address: address.replace(/^[^%]*/, (a) => a.toLowerCase()), port };
}

/** Whether an address/port pair from a job payload is something we can send to. */
export function isValidSpec(s: ResolverSpec): boolean {
  return net.isIP(s.address) !== 0 && Number.isInteger(s.port) && s.port >= 1 && s.port <= 65535;
}

/** The first nameserver of the system configuration (/etc/resolv.conf), or null if none. */
export function systemResolver(): ResolverSpec | null {
  const first = dns.getServers()[0];
  return first ? tryParseResolver(first) : null;
}

/** "8.8.8.8", "127.0.0.1:5353", "[::1]:5353". */
export function formatResolver(s: ResolverSpec): string {
  if (s.port === DNS_PORT) return s.address;
  return net.isIPv6(s.address) ? `[${s.address}]:${s.port}` : `${s.address}:${s.port}`;
}
