import { normaliseIp } from '../src/probes/net/guard.js';
import { UsageError } from './types.js';

const HOSTNAME =
  /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*\.?$/i;

/** A host name or IP literal, normalised (lower case, no trailing dot, brackets removed). */
export function parseHost(command: string, raw: string): string {
  const ip = normaliseIp(raw);
  if (ip) return ip;
  if (!HOSTNAME.test(raw)) throw new UsageError(`not a host name: ${JSON.stringify(raw)}`, command);
  return raw.toLowerCase().replace(/\.$/, '');
}

/** `host`, `host:port`, `[v6]:port`, or a URL (its host and port). */
export function parseHostPort(
  command: string,
  raw: string,
  defaultPort = 443,
): { host: string; port: number } {
  const text = raw.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new UsageError(`not a URL: ${JSON.stringify(raw)}`, command);
    }
    const port = url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : defaultPort;
    return { host: parseHost(command, url.hostname), port };
  }
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(text) ?? /^([^:]+)(?::(\d+))?$/.exec(text);
  // A bare IPv6 literal has colons but no brackets.
  if (!m) return { host: parseHost(command, text), port: defaultPort };
  const port = m[2] === undefined ? defaultPort : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`bad port in ${JSON.stringify(raw)}`, command);
  }
  return { host: parseHost(command, m[1] ?? ''), port };
}
