/** Targets as people type them: a host name or IP literal, `host:port`, `[v6]:port`, or a URL. */
import { normaliseIp } from './guard.js';

/** The text is not a host, port or URL; the message says which and quotes it. */
export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

const HOSTNAME =
  /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*\.?$/i;

/** A host name or IP literal, normalised (lower case, no trailing dot, brackets removed). */
export function parseHost(raw: string): string {
  const ip = normaliseIp(raw);
  if (ip) return ip;
  if (!HOSTNAME.test(raw)) throw new TargetError(`not a host name: ${JSON.stringify(raw)}`);
  return raw.toLowerCase().replace(/\.$/, '');
}

/** `host`, `host:port`, `[v6]:port`, or a URL (its host and port). */
export function parseHostPort(raw: string, defaultPort = 443): { host: string; port: number } {
  const text = raw.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new TargetError(`not a URL: ${JSON.stringify(raw)}`);
    }
    const port = url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : defaultPort;
    return { host: parseHost(url.hostname), port };
  }
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(text) ?? /^([^:]+)(?::(\d+))?$/.exec(text);
  // A bare IPv6 literal has colons but no brackets.
  if (!m) return { host: parseHost(text), port: defaultPort };
  const port = m[2] === undefined ? defaultPort : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new TargetError(`bad port in ${JSON.stringify(raw)}`);
  }
  return { host: parseHost(m[1] ?? ''), port };
}

/** A host as URLs and `host:port` text write it: an IPv6 literal in brackets. */
export function bracketHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** `host:port` (`[v6]:port`); only the host when `port` is `omitPort` (the scheme's default). */
export function formatHostPort(host: string, port: number, omitPort?: number): string {
  return port === omitPort ? bracketHost(host) : `${bracketHost(host)}:${port}`;
}
