import type { IncomingHttpHeaders } from 'node:http';
import type { Agent } from 'undici';
import type { ProbeContext } from '../types.js';
import type { Connection } from './connector.js';
import { classifyHopError, type HopFailure } from './failures.js';
import type { HttpTimings } from './types.js';

/** Read at most this much of a body: enough to time the transfer, bounded for huge downloads. */
export const BODY_LIMIT = 1024 * 1024;

export interface HopResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  bodyBytes: number;
  /** The body read (up to BODY_LIMIT), only when asked for (a watch's `body:`). */
  body?: Buffer;
}

interface HopBase {
  url: URL;
  /** The connection this hop used (new, or reused from an earlier hop to the same origin). */
  connection: Connection | null;
  timings: HttpTimings;
}

/** A hop either got its whole response, or failed (after the headers, when the body failed). */
export type HopOutcome =
  | (HopBase & { response: HopResponse; failure: null })
  | (HopBase & { response: HopResponse | null; failure: HopFailure });

/** Tracks connections so each hop knows which one it used and whether it paid for a new one. */
export class ConnectionLog {
  private readonly byOrigin = new Map<string, Connection>();
  private fresh: Connection | null = null;

  record = (conn: Connection): void => {
    this.fresh = conn;
    this.byOrigin.set(conn.origin, conn);
  };

  beginHop(): void {
    this.fresh = null;
  }

  /** The connection made during this hop, if any. */
  freshConnection(): Connection | null {
    return this.fresh;
  }

  reused(origin: string): Connection | null {
    return this.byOrigin.get(origin) ?? null;
  }
}

/** The headers every request of the probe sends (what HTTP_CACHEABLE_API judges credentials by). */
export function requestHeaders(ctx: ProbeContext): Record<string, string> {
  return { 'user-agent': ctx.userAgent, accept: '*/*' };
}

/** One GET, its headers and (up to BODY_LIMIT of) its body, with phase timings. */
export async function fetchHop(
  agent: Agent,
  url: URL,
  poolKey: string,
  log: ConnectionLog,
  ctx: ProbeContext,
  keepBody = false,
): Promise<HopOutcome> {
  log.beginHop();
  const started = performance.now();
  let headersAt: number | null = null;
  let response: HopResponse | null = null;
  let failure: HopFailure | null = null;
  try {
    const res = await agent.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: requestHeaders(ctx),
      signal: ctx.signal,
      // The signal carries the deadline; these only back it up.
      headersTimeout: remainingMs(ctx) + 1000,
      bodyTimeout: remainingMs(ctx) + 1000,
    });
    headersAt = performance.now();
    response = {
      status: res.statusCode,
      statusText: res.statusText,
      headers: res.headers,
      bodyBytes: 0,
    };
    const kept: Buffer[] = [];
    for await (const chunk of res.body) {
      response.bodyBytes += (chunk as Buffer).length;
      if (keepBody) kept.push(chunk as Buffer);
      // Leaving the loop destroys the body (and so the connection): no need to read the rest.
      if (response.bodyBytes >= BODY_LIMIT) break;
    }
    if (keepBody) response.body = Buffer.concat(kept).subarray(0, BODY_LIMIT);
  } catch (err) {
    failure = classifyHopError(
      err,
      url,
      { gotHeaders: headersAt !== null, bodyBytes: response?.bodyBytes ?? 0 },
      ctx.signal.aborted,
    );
  }
  const ended = performance.now();
  const fresh = log.freshConnection();
  const connection = fresh ?? (failure?.atConnect ? null : log.reused(poolKey));
  const timings = hopTimings(started, headersAt, ended, fresh, failure?.atConnect === true);
  if (failure) return { url, connection, response, failure, timings };
  if (!response) throw new Error('a hop without a failure has a response');
  return { url, connection, response, failure, timings };
}

function hopTimings(
  started: number,
  headersAt: number | null,
  ended: number,
  fresh: Connection | null,
  connectFailed: boolean,
): HttpTimings {
  // GET has no body, so the request is written as soon as the connection is ready (or at once,
  // on a reused connection): processing starts there.
  const written = Math.max(started, fresh?.readyAt ?? started);
  const responded = headersAt ?? ended;
  return {
    resolveMs: Math.round(fresh?.dnsMs ?? 0),
    connectMs: Math.round(fresh?.connectMs ?? 0),
    tlsMs: Math.round(fresh?.tlsMs ?? 0),
    processingMs: connectFailed ? 0 : Math.round(Math.max(0, responded - written)),
    transferMs: headersAt === null ? 0 : Math.round(ended - headersAt),
    totalMs: Math.round(ended - started - (fresh?.localMs ?? 0)),
  };
}

function remainingMs(ctx: ProbeContext): number {
  return Math.max(1, ctx.deadline - Date.now());
}
