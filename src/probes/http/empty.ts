/** The detail of an http probe that never sent a request: what the probers map needs, alone. */
import type { HttpDetail, HttpTimings } from './types.js';

export const ZERO_TIMINGS: HttpTimings = {
  resolveMs: 0,
  connectMs: 0,
  tlsMs: 0,
  processingMs: 0,
  transferMs: 0,
  totalMs: 0,
};

/** The detail of a probe that never sent a request (only for PROBE_ERROR). */
export function emptyDetail(url: string): HttpDetail {
  return {
    url,
    finalUrl: url,
    status: null,
    statusText: null,
    httpVersion: null,
    address: null,
    headers: {},
    redirects: [],
    hops: [],
    timings: { ...ZERO_TIMINGS },
    bodyBytes: 0,
  };
}
