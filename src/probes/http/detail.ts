import type { IncomingHttpHeaders } from 'node:http';
import { cacheOf } from './cache-headers.js';
import { emptyDetail, ZERO_TIMINGS } from './empty.js';
import type { HopOutcome } from './hop.js';
import { reasonPhrase } from './judge.js';
import type { HttpDetail, HttpHeaders, HttpTimings, RedirectStep } from './types.js';

export { emptyDetail } from './empty.js';

const KEPT_HEADERS = ['strict-transport-security', 'cache-control', 'server', 'location'] as const;

export function buildDetail(
  first: URL,
  hops: readonly HopOutcome[],
  redirects: RedirectStep[],
): HttpDetail {
  const last = hops[hops.length - 1];
  if (!last) return emptyDetail(first.href);
  const res = last.response;
  const detail: HttpDetail = {
    url: first.href,
    finalUrl: last.url.href,
    status: res?.status ?? null,
    statusText: res ? reasonPhrase(res) : null,
    // undici's client speaks HTTP/1.1 (ALPN offers only http/1.1).
    httpVersion: res ? '1.1' : null,
    address: addressOf(last),
    headers: res ? keptHeaders(res.headers) : {},
    ...(res ? { cache: cacheOf(res.headers) } : {}),
    redirects,
    hops: hops.map((h) => ({
      url: h.url.href,
      status: h.response?.status ?? null,
      address: addressOf(h),
      timings: h.timings,
    })),
    timings: sum(hops.map((h) => h.timings)),
    bodyBytes: res?.bodyBytes ?? 0,
  };
  const tls = last.connection?.tls;
  if (tls && last.url.protocol === 'https:') detail.tls = { ...tls };
  return detail;
}

function addressOf(hop: HopOutcome): string | null {
  return hop.failure?.address ?? hop.connection?.address ?? null;
}

function keptHeaders(headers: IncomingHttpHeaders): HttpHeaders {
  const out: HttpHeaders = {};
  for (const name of KEPT_HEADERS) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function sum(all: readonly HttpTimings[]): HttpTimings {
  const total = { ...ZERO_TIMINGS };
  for (const t of all) {
    for (const key of Object.keys(total) as Array<keyof HttpTimings>) total[key] += t[key];
  }
  return total;
}
