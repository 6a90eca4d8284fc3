import { isIPv6 } from 'node:net';
import { formatHostPort } from '../net/target.js';

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Parses what a person typed: an http(s) URL, or a bare host (`api.example.com`,
 * `api.example.com:8443/path`), which means https. Throws an Error that says what is wrong.
 */
export function parseHttpUrl(text: string): URL {
  const raw = text.trim();
  if (raw === '') throw new Error('no URL given');
  let url: URL;
  try {
    // A bare IPv6 literal (`::1`) needs its brackets to be a URL's host.
    url = new URL(HAS_SCHEME.test(raw) ? raw : `https://${isIPv6(raw) ? `[${raw}]` : raw}`);
  } catch {
    throw new Error(`not a URL: ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `only http:// and https:// URLs can be probed, got ${JSON.stringify(url.protocol)}`,
    );
  }
  if (url.hostname === '') throw new Error(`no host in ${JSON.stringify(text)}`);
  // They would be echoed into chat and job payloads.
  if (url.username !== '' || url.password !== '') {
    throw new Error('URLs with a user name or password are not accepted');
  }
  url.hash = '';
  return url;
}

export interface Origin {
  /** Without IPv6 brackets: what SNI, certificate checks and --resolve match against. */
  host: string;
  port: number;
  https: boolean;
}

export function originOf(url: URL): Origin {
  const https = url.protocol === 'https:';
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase(),
    port: url.port === '' ? (https ? 443 : 80) : Number(url.port),
    https,
  };
}

/** `https://host:port` with the port always written: the key connections are pooled by. */
export function originKey(o: Origin): string {
  return `${o.https ? 'https' : 'http'}://${formatHostPort(o.host, o.port)}`;
}
