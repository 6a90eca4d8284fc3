/** `wx callback-check`: the platform resolves and pings the callback domain (WeChat only). */
import { finding } from '../../findings.js';
import type { Finding, ProbeContext } from '../../types.js';
import { answerFindings, authedCall } from '../authed.js';
import type { CallbackCheckDetail, WechatApp, WechatDetail } from '../types.js';
import { who } from '../who.js';
import { list, str } from './read.js';

export async function callbackCheck(
  app: WechatApp,
  action: CallbackCheckDetail['action'],
  operator: CallbackCheckDetail['operator'],
  detail: WechatDetail,
  ctx: ProbeContext,
): Promise<Finding[]> {
  const r = await authedCall(
    app,
    { path: '/cgi-bin/callback/check', method: 'POST', json: { action, check_operator: operator } },
    ctx,
    detail.calls,
  );
  if ('findings' in r) return r.findings;
  if (r.answer.errcode === 40201) {
    return [
      finding(
        'WX_CALLBACK_NOT_CONFIGURED',
        `${who(app)}: ${r.answer.errcode} ${JSON.stringify(r.answer.errmsg)}`,
      ),
    ];
  }
  if (r.answer.errcode !== 0) return answerFindings(app, r.answer, false, ctx);
  const d: CallbackCheckDetail = {
    action,
    operator,
    dns: list(r.answer.body.dns, (o) => ({
      ip: str(o.ip) ?? '?',
      realOperator: str(o.real_operator) ?? '?',
    })),
    ping: list(r.answer.body.ping, (o) => ({
      ip: str(o.ip) ?? '?',
      fromOperator: str(o.from_operator) ?? '?',
      packageLoss: str(o.package_loss) ?? '?',
      time: str(o.time) ?? '?',
    })),
  };
  detail.callbackCheck = d;
  const findings: Finding[] = [];
  if (action !== 'ping' && d.dns.length === 0) {
    findings.push(
      finding(
        'WX_CALLBACK_CHECK_DNS_EMPTY',
        `${who(app)}: the platform resolved the callback domain to no address (operator ${operator})`,
      ),
    );
  }
  const lost = d.ping.filter((p) => p.packageLoss !== '0%');
  if (lost.length > 0) {
    findings.push(
      finding(
        'WX_CALLBACK_CHECK_PING_LOSS',
        `${who(app)}: ping from ${operator} lost packets to ${lost.map((p) => `${p.ip} (${p.fromOperator}, ${p.packageLoss})`).join(', ')}`,
      ),
    );
  }
  if (findings.length === 0) {
    findings.push(
      finding(
        'WX_CALLBACK_CHECK_OK',
        `${who(app)}: from ${operator}, the callback domain resolves to ${d.dns.map((x) => x.ip).join(', ') || '-'}${d.ping.length ? `; ping ok to ${d.ping.length} address(es)` : ''}`,
      ),
    );
  }
  return findings;
}
