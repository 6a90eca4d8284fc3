/** `wx quota`: how much of an API's daily quota is used (WeChat only). */
import { finding } from '../../findings.js';
import type { Finding, ProbeContext } from '../../types.js';
import { answerFindings, authedCall } from '../authed.js';
import type { QuotaDetail, WechatApp, WechatDetail } from '../types.js';
import { who } from '../who.js';
import { num } from './read.js';

function rate(v: unknown): QuotaDetail['rateLimit'] {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const callCount = num(o.call_count);
  const refreshSecond = num(o.refresh_second);
  return callCount === null || refreshSecond === null ? null : { callCount, refreshSecond };
}

export async function quota(
  app: WechatApp,
  cgiPath: string,
  detail: WechatDetail,
  ctx: ProbeContext,
): Promise<Finding[]> {
  const r = await authedCall(
    app,
    { path: '/cgi-bin/openapi/quota/get', method: 'POST', json: { cgi_path: cgiPath } },
    ctx,
    detail.calls,
  );
  if ('findings' in r) return r.findings;
  if (r.answer.errcode !== 0) return answerFindings(app, r.answer, false, ctx);
  const q = (r.answer.body.quota ?? {}) as Record<string, unknown>;
  const d: QuotaDetail = {
    cgiPath,
    dailyLimit: num(q.daily_limit),
    used: num(q.used),
    remain: num(q.remain),
    rateLimit: rate(r.answer.body.rate_limit),
    componentRateLimit: rate(r.answer.body.component_rate_limit),
  };
  detail.quota = d;
  const shown = `${cgiPath}: ${d.used ?? '?'} of ${d.dailyLimit ?? '?'} used today, ${d.remain ?? '?'} left`;
  if (d.remain !== null && d.dailyLimit !== null && d.dailyLimit > 0) {
    if (d.remain <= 0) {
      return [finding('WX_QUOTA_EXCEEDED', `${who(app)}: daily quota of ${shown}`)];
    }
    if (d.remain < d.dailyLimit * 0.1) {
      return [
        finding('WX_QUOTA_LOW', `${who(app)}: less than 10% of the daily quota left for ${shown}`),
      ];
    }
  }
  return [finding('WX_QUOTA_OK', `${who(app)}: ${shown}`)];
}
