/**
 * One call to the WeChat/WeCom API origin, through the project's dialer. The origin is configured
 * by the operator, so the chat address guard does not apply to it. Secrets and tokens travel in
 * the query or body and never reach a message: failures name the path only.
 */
import { Agent } from 'undici';
import { finding } from '../findings.js';
import { createConnector } from '../http/connector.js';
import { classifyHopError } from '../http/failures.js';
import { userAgent } from '../http/user-agent.js';
import { OPEN_POLICY } from '../net/guard.js';
import type { Finding, ProbeContext } from '../types.js';
import { ridOf } from './errmsg.js';
import { scrubText } from './scrub.js';
import type { ApiCall } from './types.js';

const BODY_LIMIT = 256 * 1024;

export interface ApiRequest {
  apiUrl: string;
  path: string;
  method: 'GET' | 'POST';
  query?: Record<string, string>;
  json?: unknown;
}

export type ApiAnswer =
  | { ok: true; body: Record<string, unknown>; errcode: number; errmsg: string; call: ApiCall }
  | { ok: false; finding: Finding; call: ApiCall };

export async function callApi(req: ApiRequest, ctx: ProbeContext): Promise<ApiAnswer> {
  const base = new URL(req.apiUrl);
  const shown = new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}${req.path}`);
  const url = new URL(shown);
  for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
  const open: ProbeContext = { ...ctx, policy: OPEN_POLICY };
  const agent = new Agent({ connect: createConnector([], open, () => {}) });
  const started = performance.now();
  const call: ApiCall = {
    path: req.path,
    httpStatus: null,
    errcode: null,
    errmsg: null,
    rid: null,
    ms: 0,
  };
  let text = '';
  let gotHeaders = false;
  try {
    const remaining = Math.max(1, ctx.deadline - Date.now());
    const res = await agent.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: req.method,
      headers: {
        'user-agent': userAgent(),
        accept: 'application/json',
        ...(req.json !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(req.json !== undefined ? { body: JSON.stringify(req.json) } : {}),
      signal: ctx.signal,
      headersTimeout: remaining + 1000,
      bodyTimeout: remaining + 1000,
    });
    gotHeaders = true;
    call.httpStatus = res.statusCode;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size > BODY_LIMIT) break;
    }
    text = Buffer.concat(chunks).toString('utf8');
  } catch (err) {
    const failure = classifyHopError(err, shown, { gotHeaders, bodyBytes: 0 }, ctx.signal.aborted);
    call.ms = Math.round(performance.now() - started);
    return { ok: false, finding: failure.finding, call };
  } finally {
    agent.close().catch(() => {});
  }
  call.ms = Math.round(performance.now() - started);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      finding: finding(
        'WX_BAD_RESPONSE',
        `${shown.href} answered HTTP ${call.httpStatus} without a JSON object (${text.length} bytes)`,
      ),
      call,
    };
  }
  const obj = body as Record<string, unknown>;
  const errcode = typeof obj.errcode === 'number' ? obj.errcode : 0;
  const errmsg = scrubText(typeof obj.errmsg === 'string' ? obj.errmsg : errcode === 0 ? 'ok' : '');
  call.errcode = errcode;
  call.errmsg = errmsg;
  call.rid = ridOf(errmsg);
  return { ok: true, body: obj, errcode, errmsg, call };
}
