/** The per-app operations: token, ip, quota, rid, callback-check. */
import { fingerprint } from '../../tokens/token-manager.js';
import { finding } from '../findings.js';
import type { Finding, ProbeContext } from '../types.js';
import { answerFindings, authedCall } from './authed.js';
import { whitelistPlace } from './classify.js';
import { errcodeFor } from './errcodes.js';
import { ipOf } from './errmsg.js';
import { scrubText } from './scrub.js';
import { issuedOf, requestToken, tokenEndpoint } from './token.js';
import type {
  CallbackCheckDetail,
  QuotaDetail,
  RidDetail,
  WechatApp,
  WechatDetail,
  WechatSpec,
} from './types.js';

export interface OpOutcome {
  findings: Finding[];
}

type AppSpec = Exclude<WechatSpec, { op: 'api-domains' }>;

function who(app: WechatApp): string {
  return `${app.alias} (${app.platform === 'wechat' ? 'appid' : 'corpid'} ${app.id})`;
}

export async function runAppOp(
  spec: AppSpec,
  app: WechatApp,
  detail: WechatDetail,
  ctx: ProbeContext,
): Promise<Finding[]> {
  switch (spec.op) {
    case 'token':
      return token(app, detail, ctx);
    case 'ip':
      return ip(app, detail, ctx);
    case 'quota':
      if (app.platform === 'wecom') return unsupported(app, 'quota');
      return quota(app, spec.cgiPath, detail, ctx);
    case 'rid':
      if (app.platform === 'wecom') return unsupported(app, 'rid');
      return rid(app, spec.rid, detail, ctx);
    case 'callback-check':
      if (app.platform === 'wecom') return unsupported(app, 'callback-check');
      return callbackCheck(app, spec.action, spec.operator, detail, ctx);
  }
}

function unsupported(app: WechatApp, op: string): Finding[] {
  return [
    finding(
      'WX_OP_UNSUPPORTED',
      `${who(app)} is a WeCom app; WeCom has no ${op} API (it is a WeChat Official Account / Mini Program API)`,
    ),
  ];
}

async function token(app: WechatApp, detail: WechatDetail, ctx: ProbeContext): Promise<Finding[]> {
  const answer = await requestToken(app, ctx);
  detail.calls.push(answer.call);
  const issued = issuedOf(answer);
  if (!issued) {
    const found = answerFindings(app, answer, true);
    return found.length > 0
      ? found
      : [
          finding(
            'WX_BAD_RESPONSE',
            `${tokenEndpoint(app)} answered errcode 0 without an access_token`,
          ),
        ];
  }
  detail.token = {
    endpoint: tokenEndpoint(app),
    fingerprint: fingerprint(issued.token),
    expiresInS: issued.expiresInS,
  };
  const safe =
    app.platform === 'wechat'
      ? 'stable_token (force_refresh false) does not invalidate the token production uses'
      : 'gettoken returns the same token while it is valid, so production’s token stays valid';
  return [
    finding(
      'WX_TOKEN_OK',
      `${who(app)}: ${tokenEndpoint(app)} issued a token (fingerprint ${detail.token.fingerprint}, expires in ${issued.expiresInS} s); ${safe}`,
    ),
  ];
}

function ipList(body: Record<string, unknown>): string[] {
  const list = body.ip_list;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

async function ip(app: WechatApp, detail: WechatDetail, ctx: ProbeContext): Promise<Finding[]> {
  const api = await authedCall(
    app,
    { path: '/cgi-bin/get_api_domain_ip', method: 'GET' },
    ctx,
    detail.calls,
  );
  if ('findings' in api) {
    // The whitelist error itself names the IP the platform saw.
    const seen = detail.calls.map((c) => (c.errmsg ? ipOf(c.errmsg) : null)).find((x) => x);
    detail.egressIp = seen ?? null;
    return api.findings;
  }
  const findings: Finding[] = [];
  if (api.answer.errcode === 0) detail.apiIps = ipList(api.answer.body);
  else findings.push(...answerFindings(app, api.answer, false));
  const cb = await authedCall(
    app,
    { path: '/cgi-bin/getcallbackip', method: 'GET' },
    ctx,
    detail.calls,
  );
  if ('findings' in cb) findings.push(...cb.findings);
  else if (cb.answer.errcode === 0) detail.callbackIps = ipList(cb.answer.body);
  else findings.push(...answerFindings(app, cb.answer, false));

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
    return 'answer' in r ? ipOf(r.answer.errmsg) : null;
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

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function rate(v: unknown): QuotaDetail['rateLimit'] {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const callCount = num(o.call_count);
  const refreshSecond = num(o.refresh_second);
  return callCount === null || refreshSecond === null ? null : { callCount, refreshSecond };
}

async function quota(
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
  if (r.answer.errcode !== 0) return answerFindings(app, r.answer, false);
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

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function ridDetail(rid: string, body: Record<string, unknown>): RidDetail {
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

async function rid(
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
  if (r.answer.errcode !== 0) return answerFindings(app, r.answer, false);
  const d = ridDetail(ridText, r.answer.body);
  detail.rid = d;
  let outcome = 'an answer that could not be read';
  try {
    const resp = JSON.parse(d.responseBody ?? '') as { errcode?: unknown };
    const code = typeof resp.errcode === 'number' ? resp.errcode : 0;
    const entry = errcodeFor(code, 'wechat');
    outcome = `errcode ${code}${entry ? ` (${entry.meaning.en})` : ''}`;
  } catch {}
  return [
    finding(
      'WX_RID_FOUND',
      `${who(app)}: rid ${ridText}: a call from ${d.clientIp ?? 'an unknown IP'} at ${d.invokeTime ?? '?'} took ${d.costMs ?? '?'} ms and got ${outcome}`,
    ),
  ];
}

function list<T>(v: unknown, map: (o: Record<string, unknown>) => T): T[] {
  return Array.isArray(v)
    ? v
        .filter((x) => typeof x === 'object' && x !== null)
        .map((x) => map(x as Record<string, unknown>))
    : [];
}

async function callbackCheck(
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
  if (r.answer.errcode !== 0) return answerFindings(app, r.answer, false);
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
