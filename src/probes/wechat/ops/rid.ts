/** `wx rid`: what the platform recorded of a call, by the rid of its error (WeChat only). */
import { finding } from '../../findings.js';
import type { Finding, ProbeContext } from '../../types.js';
import { answerFindings, authedCall } from '../authed.js';
import { errcodeFor } from '../errcodes.js';
import { scrubText } from '../scrub.js';
import type { RidDetail, WechatApp, WechatDetail } from '../types.js';
import { who } from '../who.js';
import { num, str } from './read.js';

/** rid/get's answer; request_url and the bodies may echo a token: scrubbed. */
export function ridDetail(rid: string, body: Record<string, unknown>): RidDetail {
  const req = (body.request ?? {}) as Record<string, unknown>;
  const invoke = num(req.invoke_time);
  const scrub = (v: unknown) => {
    const s = str(v);
    return s === null ? null : scrubText(s);
  };
  return {
    rid,
    invokeTime: invoke === null ? null : new Date(invoke * 1000).toISOString(),
    costMs: num(req.cost_in_ms),
    requestUrl: scrub(req.request_url),
    requestBody: scrub(req.request_body),
    responseBody: scrub(req.response_body),
    clientIp: str(req.client_ip),
  };
}

export async function rid(
  app: WechatApp,
  ridText: string,
  detail: WechatDetail,
  ctx: ProbeContext,
): Promise<Finding[]> {
  const r = await authedCall(
    app,
    { path: '/cgi-bin/openapi/rid/get', method: 'POST', json: { rid: ridText } },
    ctx,
    detail.calls,
  );
  if ('findings' in r) return r.findings;
  if (r.answer.errcode === 76001) {
    return [
      finding('WX_RID_NOT_FOUND', `${who(app)}: rid ${ridText} not found (${r.answer.errmsg})`),
    ];
  }
  if (r.answer.errcode !== 0) return answerFindings(app, r.answer, false, ctx);
  const d = ridDetail(ridText, r.answer.body);
  detail.rid = d;
  let outcome = 'an answer that could not be read';
  try {
    const resp = JSON.parse(d.responseBody ?? '') as { errcode?: unknown };
    const code = typeof resp.errcode === 'number' ? resp.errcode : 0;
    const entry = errcodeFor(code, 'wechat');
    outcome = `errcode ${code}${entry ? ` (${entry.meaning})` : ''}`;
  } catch {}
  return [
    finding(
      'WX_RID_FOUND',
      `${who(app)}: rid ${ridText}: a call from ${d.clientIp ?? 'an unknown IP'} at ${d.invokeTime ?? '?'} took ${d.costMs ?? '?'} ms and got ${outcome}`,
    ),
  ];
}
