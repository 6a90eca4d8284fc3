/** `wx ip`: the platform's API and callback IPs, and the IP it sees this server's calls from. */
import { finding } from '../../findings.js';
import type { Finding, ProbeContext } from '../../types.js';
import { answerFindings, authedCall } from '../authed.js';
import { whitelistPlace } from '../classify.js';
import type { WechatApp, WechatDetail } from '../types.js';
import { who } from '../who.js';
import { ridDetail } from './rid.js';

function ipList(body: Record<string, unknown>): string[] {
  const list = body.ip_list;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

export async function ip(
  app: WechatApp,
  detail: WechatDetail,
  ctx: ProbeContext,
): Promise<Finding[]> {
  const api = await authedCall(
    app,
    { path: '/cgi-bin/get_api_domain_ip', method: 'GET' },
    ctx,
    detail.calls,
  );
  if ('findings' in api) {
    // The whitelist error itself names the IP the platform saw.
    detail.egressIp = api.ip;
    return api.findings;
  }
  const findings: Finding[] = [];
  if (api.answer.errcode === 0) detail.apiIps = ipList(api.answer.body);
  else findings.push(...answerFindings(app, api.answer, false, ctx));
  const cb = await authedCall(
    app,
    { path: '/cgi-bin/getcallbackip', method: 'GET' },
    ctx,
    detail.calls,
  );
  if ('findings' in cb) findings.push(...cb.findings);
  else if (cb.answer.errcode === 0) detail.callbackIps = ipList(cb.answer.body);
  else findings.push(...answerFindings(app, cb.answer, false, ctx));

  detail.egressIp = await egressIp(app, detail, ctx);
  if (detail.egressIp) {
    findings.push(
      finding(
        'WX_EGRESS_IP',
        `${who(app)}: the platform sees this server's calls coming from ${detail.egressIp}, and accepts them`,
        {
          hint: `${detail.egressIp} (and every other egress IP of your servers) must stay in ${whitelistPlace(app.platform)}.`,
        },
      ),
    );
  } else {
    findings.push(
      finding(
        'WX_EGRESS_IP_UNKNOWN',
        `${who(app)}: the platform accepted the calls but did not name the IP it saw`,
      ),
    );
  }
  return findings;
}

/**
 * The IP the platform sees, from a call that fails on purpose: WeCom names it in every errmsg
 * (`from ip:`); WeChat gives a rid, and rid/get of that rid tells its client_ip.
 */
async function egressIp(
  app: WechatApp,
  detail: WechatDetail,
  ctx: ProbeContext,
): Promise<string | null> {
  if (app.platform === 'wecom') {
    const r = await authedCall(
      app,
      { path: '/cgi-bin/agent/get', method: 'GET' },
      ctx,
      detail.calls,
    );
    return 'answer' in r ? r.answer.ip : null;
  }
  const bad = await authedCall(
    app,
    { path: '/cgi-bin/openapi/rid/get', method: 'POST', json: { rid: 'wxdoctor-egress-check' } },
    ctx,
    detail.calls,
  );
  const rid = 'answer' in bad ? bad.answer.call.rid : null;
  if (!rid) return null;
  const look = await authedCall(
    app,
    { path: '/cgi-bin/openapi/rid/get', method: 'POST', json: { rid } },
    ctx,
    detail.calls,
  );
  if (!('answer' in look) || look.answer.errcode !== 0) return null;
  return ridDetail(rid, look.answer.body).clientIp;
}
