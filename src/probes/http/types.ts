import type { ResolverChoice } from '../dns/types.js';
import type { ResolveOverride } from '../net/resolve-override.js';

export interface HttpSpec {
  /** An absolute http:// or https:// URL (see parseHttpUrl for what the command layer accepts). */
  url: string;
  /** curl's --resolve: connections to host:port go to the given address instead. */
  resolve: ResolveOverride[];
  /** Resolve host names through these resolvers, in order, instead of the system's (`check --resolver`). */
  resolvers?: ResolverChoice[];
  /** Redirects followed before HTTP_REDIRECT_LOOP (default 10, as curl's --max-redirs). */
  maxRedirects?: number;
  /** What a watch expects of the final response; unset, 4xx/5xx alone are findings. */
  expect?: HttpExpect;
}

/** A watch's expectations (Gatus-like conditions), each judged on the final response. */
export interface HttpExpect {
  /** Inclusive status range; outside it is HTTP_STATUS_UNEXPECTED (HTTP_5XX for a 5xx). */
  status?: [number, number];
  /** Text the body (its first BODY_LIMIT bytes) must contain, else HTTP_BODY_MISMATCH. */
  body?: string;
  /** Whole exchange longer than this is HTTP_SLOW. */
  maxMs?: number;
}

/** Phase timings in whole milliseconds, as blackbox_exporter's probe_http_duration_seconds. */
export interface HttpTimings {
  /** DNS lookup (0 for an IP literal, a --resolve override or a reused connection). */
  resolveMs: number;
  /** TCP connect. */
  connectMs: number;
  /** TLS handshake (0 for http://). */
  tlsMs: number;
  /** Request written → response headers (time to first byte). */
  processingMs: number;
  /** Response headers → body read (or the body limit reached). */
  transferMs: number;
  totalMs: number;
}

export interface RedirectStep {
  url: string;
  status: number;
  /** The Location header resolved against `url`, as followed. */
  location: string;
}

export interface HttpHop {
  url: string;
  /** null when the hop failed before response headers arrived. */
  status: number | null;
  /** The address connected to, when a connection was made. */
  address: string | null;
  timings: HttpTimings;
}

/** The final response's headers worth a diagnosis; the others are not kept. */
export interface HttpHeaders {
  'strict-transport-security'?: string;
  'cache-control'?: string;
  server?: string;
  location?: string;
}

/** Cache and CDN headers of the final response; absent headers are left out. */
export interface HttpCache {
  cacheControl?: string;
  /** Seconds the response has spent in caches (RFC 9111 §5.1); absent: not from a cache. */
  age?: number;
  etag?: string;
  lastModified?: string;
  expires?: string;
  /** The Date header: with Age, when the copy was fetched from the origin. */
  date?: string;
  vary?: string;
  via?: string;
  /** CDN status and edge headers by lower-case name (X-Cache, CF-Cache-Status, EagleId …: cache-headers.ts). */
  cdn: Record<string, string>;
}

export interface HttpDetail {
  url: string;
  /** The last URL requested (the URL itself when there were no redirects). */
  finalUrl: string;
  /** Of the final response; null when no response arrived. */
  status: number | null;
  statusText: string | null;
  httpVersion: string | null;
  /** The address the final response came from. */
  address: string | null;
  tls?: { protocol: string; cipher: string };
  headers: HttpHeaders;
  /** Of the final response; absent when no response arrived (and in results from before it existed). */
  cache?: HttpCache;
  redirects: RedirectStep[];
  hops: HttpHop[];
  /** Summed over hops. */
  timings: HttpTimings;
  /** Body bytes read from the final response (reading stops at BODY_LIMIT). */
  bodyBytes: number;
}
