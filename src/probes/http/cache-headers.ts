/**
 * The cache and CDN headers of a response: what explains "the new API is unreachable, the cache
 * was not refreshed". Standard ones (RFC 9111) get fields of their own; the CDN status headers are
 * kept by name, as each CDN spells its own.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { HttpCache } from './types.js';

/**
 * CDN status and edge headers, lower-case. X-Cache: Squid, Varnish, Fastly, CloudFront, Akamai,
 * Azure, Alibaba Cloud; X-Cache-Status: nginx's $upstream_cache_status by convention;
 * CF-Cache-Status/CF-Ray: Cloudflare; X-Served-By, X-Cache-Hits: Fastly; X-Amz-Cf-Pop: CloudFront;
 * EO-Cache-Status: Tencent EdgeOne; X-Cache-Lookup: Tencent Cloud CDN and Huawei Cloud;
 * X-Hcs-Proxy-Type: Huawei Cloud; X-Swift-CacheTime, X-Swift-SaveTime, EagleId: Alibaba Cloud
 * (Swift is its cache server, EagleId its request trace id); X-Cdn-Src-Port: the port the CDN
 * reached the origin on; X-Via: Wangsu/ChinaCache; X-Varnish: Varnish.
 */
export const CDN_HEADERS = [
  'x-cache',
  'x-cache-status',
  'x-cache-lookup',
  'x-cache-hits',
  'cf-cache-status',
  'cf-ray',
  'eo-cache-status',
  'x-served-by',
  'x-amz-cf-pop',
  'x-hcs-proxy-type',
  'x-swift-cachetime',
  'x-swift-savetime',
  'eagleid',
  'x-cdn-src-port',
  'x-via',
  'x-varnish',
] as const;

/** A header's value as one string (repeated headers joined as RFC 9110 §5.3 allows). */
function one(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : value;
}

export function cacheOf(headers: IncomingHttpHeaders): HttpCache {
  const cache: HttpCache = { cdn: {} };
  const cacheControl = one(headers, 'cache-control');
  if (cacheControl !== undefined) cache.cacheControl = cacheControl;
  const age = parseAge(one(headers, 'age'));
  if (age !== null) cache.age = age;
  const fields = [
    ['etag', 'etag'],
    ['last-modified', 'lastModified'],
    ['expires', 'expires'],
    ['date', 'date'],
    ['vary', 'vary'],
    ['via', 'via'],
  ] as const;
  for (const [header, key] of fields) {
    const value = one(headers, header);
    if (value !== undefined) cache[key] = value;
  }
  for (const name of CDN_HEADERS) {
    const value = one(headers, name);
    if (value !== undefined) cache.cdn[name] = value;
  }
  return cache;
}

/** Age is a non-negative number of seconds (RFC 9111 §5.1); anything else is ignored. */
function parseAge(value: string | undefined): number | null {
  if (value === undefined) return null;
  const first = value.split(',')[0]?.trim() ?? '';
  return /^\d+$/.test(first) ? Number(first) : null;
}

/** Cache-Control directives, lower-case names; a directive without a value maps to true. */
export function directivesOf(cacheControl: string | undefined): Map<string, string | true> {
  const out = new Map<string, string | true>();
  if (cacheControl === undefined) return out;
  for (const part of cacheControl.split(',')) {
    const [rawName, ...rest] = part.split('=');
    const name = rawName?.trim().toLowerCase() ?? '';
    if (name === '') continue;
    const value = rest
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (!out.has(name)) out.set(name, rest.length > 0 ? value : true);
  }
  return out;
}

/** Seconds of a delta-seconds directive (`max-age=600`), or null when absent or not a number. */
export function seconds(directives: Map<string, string | true>, name: string): number | null {
  const value = directives.get(name);
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : null;
}
