/**
 * The one client of the WeChat/WeCom API origin (`<apiUrl>/cgi-bin/...`), for the probe and for
 * WeCom delivery: one JSON call with a deadline, its answer's errcode and errmsg parsed with what
 * errmsg carries (rid, the IP the platform saw), tokens scrubbed from errmsg. Secrets and tokens
 * travel in the query or body and never reach a message: failures name the path only.
 */
import { Agent, type Dispatcher } from 'undici';
import { finding } from '../findings.js';
import { createConnector } from '../http/connector.js';
import { classifyHopError } from '../http/failures.js';
import { OPEN_POLICY } from '../net/guard.js';
import type { Finding, ProbeContext } from '../types.js';
import { type ErrmsgParts, errmsgParts } from './errmsg.js';
import { scrubText } from './scrub.js';
import type { ApiCall } from './types.js';

const BODY_LIMIT = 256 * 1024;

export interface ApiRequest {
  /** API origin without /cgi-bin (a path prefix is kept). */
  apiUrl: string;
  /** `/cgi-bin/stable_token`. */
  path: string;
  method: 'GET' | 'POST';
  query?: Record<string, string>;
  json?: unknown;
}

/** How one call travels. */
export interface ApiTransport {
  dispatcher: Dispatcher;
  /** Aborts the call (the deadline, the caller's cancellation). */
  signal: AbortSignal;
  /** Epoch ms by which the call must be over. */
  deadline: number;
  userAgent: string;
}

/** What one call came to; `ms` from the request to the last byte or the failure. */
export type JsonOutcome =
  | ({
      kind: 'answer';
      httpStatus: number;
      body: Record<string, unknown>;
      /** 0 when the answer has none (gettoken and some sends omit it on success). */
      errcode: number;
      /** Scrubbed of tokens and secrets; `ok` when a success has none. */
      errmsg: string;
      ms: number;
    } & ErrmsgParts)
  /** An answer, but not a JSON object; `json`: it was JSON of another shape. */
  | { kind: 'not-json'; httpStatus: number; bytes: number; json: boolean; ms: number }
  | { kind: 'failed'; error: unknown; httpStatus: number | null; ms: number };

/** The URL shown in messages: origin, path prefix and path, never the query. */
function shownUrl(apiUrl: string, path: string): URL {
  const base = new URL(apiUrl);
  return new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}${path}`);
}

export async function callJson(req: ApiRequest, via: ApiTransport): Promise<JsonOutcome> {
  const url = shownUrl(req.apiUrl, req.path);
  for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  let httpStatus: number | null = null;
  let text: string;
  try {
    const remaining = Math.max(1, via.deadline - Date.now());
    const res = await via.dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: req.method,
      headers: {
        'user-agent': via.userAgent,
        accept: 'application/json',
        ...(req.json !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
      },
      ...(req.json !== undefined ? { body: JSON.stringify(req.json) } : {}),
      signal: via.signal,
      // The signal carries the deadline; these only back it up.
      headersTimeout: remaining + 1000,
      bodyTimeout: remaining + 1000,
    });
    httpStatus = res.statusCode;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size > BODY_LIMIT) break;
    }
    text = Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    return { kind: 'failed', error, httpStatus, ms: ms() };
  }
  let body: unknown;
  let json = true;
  try {
    body = JSON.parse(text);
  } catch {
    json = false;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { kind: 'not-json', httpStatus, bytes: text.length, json, ms: ms() };
  }
  const obj = body as Record<string, unknown>;
  const errcode = typeof obj.errcode === 'number' ? obj.errcode : 0;
  const errmsg = scrubText(typeof obj.errmsg === 'string' ? obj.errmsg : errcode === 0 ? 'ok' : '');
  return {
    kind: 'answer',
    httpStatus,
    body: obj,
    errcode,
    errmsg,
    ...errmsgParts(errmsg),
    ms: ms(),
  };
}

/** The probe's view of a call: the answer, or the finding that explains why there was none. */
export type ApiAnswer =
  | {
      ok: true;
      body: Record<string, unknown>;
      errcode: number;
      errmsg: string;
      /** The caller's IP errmsg named (the rid is in `call`). */
      ip: string | null;
      call: ApiCall;
    }
  | { ok: false; finding: Finding; call: ApiCall };

/**
 * One call through the project's dialer. The origin is configured by the operator, so the chat
 * address guard does not apply to it.
 */
export async function callApi(req: ApiRequest, ctx: ProbeContext): Promise<ApiAnswer> {
  const open: ProbeContext = { ...ctx, policy: OPEN_POLICY };
  const agent = new Agent({ connect: createConnector([], open, () => {}) });
  let out: JsonOutcome;
  try {
    out = await callJson(req, {
      dispatcher: agent,
      signal: ctx.signal,
      deadline: ctx.deadline,
      userAgent: ctx.userAgent,
    });
  } finally {
    agent.close().catch(() => {});
  }
  const call: ApiCall = {
    path: req.path,
    httpStatus: out.httpStatus,
    errcode: null,
    errmsg: null,
    rid: null,
    ms: out.ms,
  };
  const shown = shownUrl(req.apiUrl, req.path);
  if (out.kind === 'failed') {
    const progress = { gotHeaders: out.httpStatus !== null, bodyBytes: 0 };
    const failure = classifyHopError(out.error, shown, progress, ctx.signal.aborted);
    return { ok: false, finding: failure.finding, call };
  }
  if (out.kind === 'not-json') {
    return {
      ok: false,
      finding: finding(
        'WX_BAD_RESPONSE',
        `${shown.href} answered HTTP ${out.httpStatus} without a JSON object (${out.bytes} bytes)`,
      ),
      call,
    };
  }
  call.errcode = out.errcode;
  call.errmsg = out.errmsg;
  call.rid = out.rid;
  const { body, errcode, errmsg, ip } = out;
  return { ok: true, body, errcode, errmsg, ip, call };
}
