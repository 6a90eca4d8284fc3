/**
 * HTTP_CACHEABLE_API: an API answer that a shared cache (CDN, reverse proxy) may store and serve
 * to the next client without asking the origin: a new release then stays invisible behind the
 * cache, and one client's answer may reach another.
 *
 * "API" here, documented in docs/findings.md through the catalogue: the request carried
 * credentials (an Authorization or Cookie header, or a credential in the query string such as
 * WeChat's `access_token` or WeCom's webhook `key`), or the path sits under a common API prefix
 * (`/api`, `/apis`, `/cgi-bin`, `/graphql`, `/rest`, `/openapi`, `/v1`, `/v2` …). A host named
 * `api.*` alone does not count: its root and static paths are often cacheable on purpose.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { finding } from '../findings.js';
import type { Finding } from '../types.js';
import { directivesOf, seconds } from './cache-headers.js';
import type { HopResponse } from './hop.js';

const CREDENTIAL_PARAMS = ['access_token', 'token', 'key', 'api_key', 'apikey', 'signature'];
const CREDENTIAL_HEADERS = ['authorization', 'cookie'];
const API_PREFIX = /^(api|apis|cgi-bin|graphql|rest|openapi|v\d+)$/i;

/** Statuses a cache may store without explicit freshness (RFC 9110 §15.1: heuristically cacheable). */
const HEURISTIC_STATUSES = new Set([200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501]);

/** Why the request counts as an API call, in words; null when it does not. */
export function apiReason(url: URL, sent: Readonly<Record<string, string>>): string | null {
  const headers = Object.keys(sent)
    .map((h) => h.toLowerCase())
    .filter((h) => CREDENTIAL_HEADERS.includes(h));
  if (headers.length > 0) return `the request carried ${headers.join(' and ')}`;
  const param = CREDENTIAL_PARAMS.find((p) => url.searchParams.has(p));
  if (param) return `the query carries \`${param}\``;
  const first = url.pathname.split('/')[1] ?? '';
  if (API_PREFIX.test(first)) return `the path is under /${first}`;
  return null;
}

/** What a shared cache may do with a response, from its Cache-Control (RFC 9111 §3, §5.2.2). */
export function sharedStorage(
  status: number,
  headers: IncomingHttpHeaders,
): { kind: 'explicit' | 'heuristic'; cacheControl: string | null } | null {
  const raw = headers['cache-control'];
  const cacheControl = raw === undefined ? null : Array.isArray(raw) ? raw.join(', ') : raw;
  if (cacheControl === null) {
    return HEURISTIC_STATUSES.has(status) ? { kind: 'heuristic', cacheControl } : null;
  }
  const d = directivesOf(cacheControl);
  if (d.has('no-store') || d.has('private') || d.has('no-cache')) return null;
  if (!d.has('public') && !d.has('s-maxage')) return null;
  // Stored but stale at once: every use is revalidated with the origin, which is harmless here.
  const lifetime = seconds(d, 's-maxage') ?? seconds(d, 'max-age');
  if (lifetime === 0) return null;
  return { kind: 'explicit', cacheControl };
}

export function cacheableApiFindings(
  url: URL,
  res: HopResponse,
  sent: Readonly<Record<string, string>>,
): Finding[] {
  const why = apiReason(url, sent);
  if (!why) return [];
  const storage = sharedStorage(res.status, res.headers);
  if (!storage) return [];
  const how =
    storage.kind === 'explicit'
      ? `its Cache-Control ${JSON.stringify(storage.cacheControl)} lets a shared cache (CDN, proxy) store it and answer later requests without asking the origin`
      : `it has no Cache-Control header, so a CDN or proxy may cache it by its own rules (heuristic freshness, RFC 9111 §4.2.2)`;
  return [
    finding(
      'HTTP_CACHEABLE_API',
      `${url.href} looks like an API (${why}), and ${how}: a stale or another client's answer can be served`,
    ),
  ];
}
