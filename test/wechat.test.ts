/**
 * The `wechat` probe against a fake WeChat/WeCom API on loopback: every classification, the
 * ip/quota/rid/callback-check answers as rendered, api-domains against loopback TLS servers,
 * errcodes in both languages. Every output is kept and checked for secrets and tokens at the end.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { plan } from '../commands/index.js';
import { appRegistry } from '../src/config/apps.js';
import { createContext } from '../src/probes/context.js';
import { type AnyProbeResult, type ProbeRequest, runProbe } from '../src/probes/index.js';
import { GUARDED_POLICY } from '../src/probes/net/guard.js';
import { classifyErrcode } from '../src/probes/wechat/classify.js';
import type { WechatDetail, WechatSpec } from '../src/probes/wechat/index.js';
import { fingerprint } from '../src/probes/wechat/scrub.js';
import { errcodeText, replyText } from '../src/render/errcode.js';
import { renderSlack } from '../src/render/slack.js';
import { renderResult } from '../src/render/terminal.js';
import { renderWecom } from '../src/render/wecom.js';
import { createMemoryTokenManager } from '../src/tokens/memory.js';
import { DnsServer } from './fixtures/dns-server.js';
import { EGRESS_RID, FakeWechat, SAMPLE_RID } from './fixtures/fake-wechat.js';
import { type RunningHttpServer, startHttpServer } from './fixtures/http-server.js';
import { bundle, goodChain } from './fixtures/pki.js';
import { closedPort, startTlsServer } from './fixtures/tls-server.js';
import {
  APPID,
  appsConfig,
  assertNoSecrets,
  CORP_ID,
  CORP_SECRET,
  SECRET,
} from './fixtures/wechat-apps.js';

let fake: FakeWechat;
const captured: string[] = [];

before(async () => {
  fake = await FakeWechat.start({
    appid: APPID,
    secret: SECRET,
    corpId: CORP_ID,
    corpSecret: CORP_SECRET,
  });
});
after(() => fake.close());
beforeEach(() => fake.reset());

type WxResult = AnyProbeResult & { probe: 'wechat'; detail: WechatDetail };

async function run(
  spec: WechatSpec,
  opts: { timeoutMs?: number; apiUrl?: string; extraCaPem?: string[] } = {},
) {
  const apps = appRegistry(
    appsConfig(opts.apiUrl ?? fake.url, {
      badid: { appid: 'wx0000000000000000', secret: SECRET },
      badsecret: { appid: APPID, secret: 'wrongSecretAbc123456' },
    }),
    createMemoryTokenManager(),
  );
  const result = (await runProbe(
    { probe: 'wechat', spec } as ProbeRequest,
    createContext({ timeoutMs: opts.timeoutMs ?? 5000, apps, extraCaPem: opts.extraCaPem ?? [] }),
  )) as WxResult;
  captured.push(JSON.stringify(result), renderResult(result, { colour: false }));
  return result;
}

function codes(r: { findings: Array<{ code: string }> }): string[] {
  return r.findings.map((f) => f.code);
}

describe('wx token: classification', () => {
  test('ok: stable_token with force_refresh false; only a fingerprint is reported', async () => {
    const r = await run({ op: 'token', alias: 'oa' });
    assert.equal(r.status, 'ok');
    assert.deepEqual(codes(r), ['WX_TOKEN_OK']);
    assert.match(r.findings[0]?.message ?? '', /does not invalidate the token production uses/);
    const [req] = fake.requests;
    assert.equal(req?.path, '/cgi-bin/stable_token');
    assert.equal(req?.method, 'POST');
    assert.deepEqual(req?.body, {
      grant_type: 'client_credential',
      appid: APPID,
      secret: SECRET,
      force_refresh: false,
    });
    assert.equal(r.detail.token?.fingerprint, fingerprint(fake.issued[0] ?? ''));
    assert.equal(r.detail.token?.expiresInS, 7200);
  });

  test('WeCom ok: gettoken with corpid and corpsecret', async () => {
    const r = await run({ op: 'token', alias: 'corp' });
    assert.equal(r.status, 'ok', JSON.stringify(r.findings));
    assert.equal(fake.requests[0]?.path, '/cgi-bin/gettoken');
    assert.equal(fake.requests[0]?.query.corpid, CORP_ID);
    assert.equal(r.detail.platform, 'wecom');
  });

  const cases: Array<[string, string, () => void, string, 'fail' | 'warn']> = [
    ['40013 invalid appid', 'badid', () => {}, 'WX_INVALID_APPID', 'fail'],
    ['40125 invalid appsecret', 'badsecret', () => {}, 'WX_INVALID_SECRET', 'fail'],
    [
      '40001 on the token call',
      'oa',
      () => fake.set('/cgi-bin/stable_token', { kind: 'error', errcode: 40001 }),
      'WX_INVALID_SECRET',
      'fail',
    ],
    [
      'WeCom 40001 (bad corpsecret)',
      'corp',
      () => fake.set('/cgi-bin/gettoken', { kind: 'error', errcode: 40001 }),
      'WX_INVALID_SECRET',
      'fail',
    ],
    [
      '45009 daily quota',
      'oa',
      () => fake.set('/cgi-bin/stable_token', { kind: 'error', errcode: 45009 }),
      'WX_QUOTA_EXCEEDED',
      'fail',
    ],
    [
      '45011 minute limit',
      'oa',
      () => fake.set('/cgi-bin/stable_token', { kind: 'error', errcode: 45011 }),
      'WX_RATE_LIMITED',
      'warn',
    ],
    [
      '-1 system busy',
      'oa',
      () => fake.set('/cgi-bin/stable_token', { kind: 'error', errcode: -1 }),
      'WX_SYSTEM_BUSY',
      'warn',
    ],
    [
      '48001 unauthorised',
      'oa',
      () => fake.set('/cgi-bin/stable_token', { kind: 'error', errcode: 48001 }),
      'WX_API_UNAUTHORIZED',
      'fail',
    ],
    [
      '89503 (other codes: meaning and remedy from the table)',
      'oa',
      () => fake.set('/cgi-bin/stable_token', { kind: 'error', errcode: 89503 }),
      'WX_API_ERROR',
      'fail',
    ],
  ];
  for (const [name, alias, arrange, code, status] of cases) {
    test(`${name} → ${code}`, async () => {
      arrange();
      const r = await run({ op: 'token', alias });
      assert.deepEqual(codes(r), [code]);
      assert.equal(r.status, status);
      assert.equal(r.detail.token, undefined);
    });
  }

  test('40164: the IP the platform saw, parsed from errmsg, and where to add it', async () => {
    fake.set('/cgi-bin/stable_token', { kind: 'error', errcode: 40164 });
    const r = await run({ op: 'token', alias: 'oa' });
    assert.deepEqual(codes(r), ['WX_IP_NOT_WHITELISTED']);
    const f = r.findings[0];
    assert.match(f?.message ?? '', /calls from 47\.103\.62\.98 are not in the IP whitelist/);
    assert.match(f?.hint ?? '', /Add 47\.103\.62\.98 to .*IP白名单/);
    assert.equal(r.detail.calls[0]?.rid, '6125a48e-4bc55df9-6a1d6b57');
  });

  test('WeCom 60020: the `from ip` of errmsg, and the Trusted IPs list', async () => {
    fake.clientIp = '9.30.0.138';
    fake.set('/cgi-bin/gettoken', { kind: 'error', errcode: 60020 });
    const r = await run({ op: 'token', alias: 'corp' });
    assert.deepEqual(codes(r), ['WX_IP_NOT_WHITELISTED']);
    assert.match(r.findings[0]?.hint ?? '', /Add 9\.30\.0\.138 to .*企业可信IP/);
  });

  test('a slow answer: WX_UNREACHABLE with the timeout underneath', async () => {
    fake.set('/cgi-bin/stable_token', { kind: 'slow' });
    const r = await run({ op: 'token', alias: 'oa' }, { timeoutMs: 300 });
    assert.deepEqual(codes(r), ['WX_UNREACHABLE', 'HTTP_TIMEOUT']);
    assert.equal(r.status, 'fail');
  });

  test('a dropped connection: WX_UNREACHABLE with the bad response underneath', async () => {
    fake.set('/cgi-bin/stable_token', { kind: 'drop' });
    const r = await run({ op: 'token', alias: 'oa' });
    assert.deepEqual(codes(r), ['WX_UNREACHABLE', 'HTTP_BAD_RESPONSE']);
  });

  test('nothing listening: WX_UNREACHABLE with CONNECT_REFUSED', async () => {
    const r = await run(
      { op: 'token', alias: 'oa' },
      { apiUrl: `http://127.0.0.1:${await closedPort()}` },
    );
    assert.deepEqual(codes(r), ['WX_UNREACHABLE', 'CONNECT_REFUSED']);
  });

  test('an untrusted certificate on the API origin: WX_UNREACHABLE with the cert finding', async () => {
    const { leaf, intermediate } = goodChain('api.example.test');
    const server = await startTlsServer({
      keyPem: leaf.keyPem,
      chainPem: bundle(leaf, intermediate),
    });
    try {
      const r = await run(
        { op: 'token', alias: 'oa' },
        { apiUrl: `https://127.0.0.1:${server.port}` },
      );
      assert.equal(codes(r)[0], 'WX_UNREACHABLE');
      assert.equal(codes(r)[1], 'CHAIN_INCOMPLETE');
    } finally {
      await server.close();
    }
  });

  test('a gateway answering HTML: WX_BAD_RESPONSE', async () => {
    fake.set('/cgi-bin/stable_token', { kind: 'html' });
    const r = await run({ op: 'token', alias: 'oa' });
    assert.deepEqual(codes(r), ['WX_BAD_RESPONSE']);
  });

  test('an unknown alias: WX_UNKNOWN_APP naming no configured alias (inconclusive)', async () => {
    const r = await run({ op: 'token', alias: 'nope' });
    assert.deepEqual(codes(r), ['WX_UNKNOWN_APP']);
    assert.equal(r.status, 'error');
    assert.match(r.findings[0]?.message ?? '', /no app is configured with the alias "nope"/);
    assert.doesNotMatch(r.findings[0]?.message ?? '', /configured:|badid|corp|oa\b/);
    assert.equal(fake.requests.length, 0);
  });
});

describe('wx ip', () => {
  test('WeChat: egress IP via a rid, API and callback IP lists', async () => {
    const r = await run({ op: 'ip', alias: 'oa' });
    assert.equal(r.status, 'ok', JSON.stringify(r.findings));
    assert.deepEqual(codes(r), ['WX_EGRESS_IP']);
    assert.equal(r.detail.egressIp, '47.103.62.98');
    assert.deepEqual(r.detail.apiIps, ['101.89.47.18', '101.91.34.103']);
    assert.deepEqual(r.detail.callbackIps, ['101.226.103.0/25', '183.3.234.0/24']);
    assert.deepEqual(fake.paths(), [
      '/cgi-bin/stable_token',
      '/cgi-bin/get_api_domain_ip',
      '/cgi-bin/getcallbackip',
      '/cgi-bin/openapi/rid/get',
      '/cgi-bin/openapi/rid/get',
    ]);
    assert.deepEqual(fake.requests[4]?.body, { rid: EGRESS_RID });
    const text = renderResult(r, { colour: false });
    assert.match(text, /egress IP \(as seen\)\s+47\.103\.62\.98/);
    assert.match(text, /API ingress \(get_api_domain_ip\)\s+101\.89\.47\.18, 101\.91\.34\.103/);
  });

  test('WeChat, IP not whitelisted: the IP to add, from the refusal', async () => {
    fake.clientIp = '198.51.100.23';
    fake.set('/cgi-bin/stable_token', { kind: 'error', errcode: 40164 });
    const r = await run({ op: 'ip', alias: 'oa' });
    assert.deepEqual(codes(r), ['WX_IP_NOT_WHITELISTED']);
    assert.equal(r.detail.egressIp, '198.51.100.23');
    assert.match(renderResult(r, { colour: false }), /egress IP \(as seen\)\s+198\.51\.100\.23/);
  });

  test('WeCom: egress IP from `from ip:`', async () => {
    fake.clientIp = '9.30.0.138';
    const r = await run({ op: 'ip', alias: 'corp' });
    assert.equal(r.status, 'ok', JSON.stringify(r.findings));
    assert.equal(r.detail.egressIp, '9.30.0.138');
    assert.ok(r.detail.apiIps?.length);
  });
});

describe('wx quota / rid / callback-check', () => {
  test('quota: limits rendered; an expired token is refreshed once', async () => {
    const first = await run({ op: 'quota', alias: 'oa', cgiPath: '/cgi-bin/message/custom/send' });
    assert.deepEqual(codes(first), ['WX_QUOTA_OK']);
    assert.deepEqual(fake.requests.at(-1)?.body, { cgi_path: '/cgi-bin/message/custom/send' });
    const text = renderResult(first, { colour: false });
    assert.match(text, /daily limit\s+1000000/);
    assert.match(text, /remain\s+999880/);
    assert.match(text, /rate limit\s+4200000 per 60 s/);
  });

  test('quota: a token that expired is refreshed once and the call retried', async () => {
    const apps = appRegistry(appsConfig(fake.url), createMemoryTokenManager());
    const ctx = () => createContext({ timeoutMs: 5000, apps });
    const req: ProbeRequest = {
      probe: 'wechat',
      spec: { op: 'quota', alias: 'oa', cgiPath: '/cgi-bin/token' },
    };
    assert.equal((await runProbe(req, ctx())).status, 'ok');
    fake.expireTokens();
    const r = await runProbe(req, ctx());
    captured.push(JSON.stringify(r));
    assert.equal(r.status, 'ok', JSON.stringify(r.findings));
    assert.deepEqual(fake.paths(), [
      '/cgi-bin/stable_token',
      '/cgi-bin/openapi/quota/get',
      '/cgi-bin/openapi/quota/get',
      '/cgi-bin/stable_token',
      '/cgi-bin/openapi/quota/get',
    ]);
  });

  test('quota: low and exhausted', async () => {
    fake.quota = { daily_limit: 1000, used: 950, remain: 50 };
    const low = await run({ op: 'quota', alias: 'oa', cgiPath: '/cgi-bin/token' });
    assert.deepEqual(codes(low), ['WX_QUOTA_LOW']);
    assert.equal(low.status, 'warn');
    fake.quota = { daily_limit: 1000, used: 1000, remain: 0 };
    const none = await run({ op: 'quota', alias: 'oa', cgiPath: '/cgi-bin/token' });
    assert.deepEqual(codes(none), ['WX_QUOTA_EXCEEDED']);
    fake.quota = { daily_limit: 1000000, used: 120, remain: 999880 };
  });

  test('quota: a cgi_path the platform does not know → the errcode’s remedy', async () => {
    const r = await run({ op: 'quota', alias: 'oa', cgiPath: 'cgi-bin/token' });
    assert.deepEqual(codes(r), ['WX_API_ERROR']);
    assert.match(r.findings[0]?.hint ?? '', /leading \//);
  });

  test('quota on a WeCom app: unsupported, inconclusive', async () => {
    const r = await run({ op: 'quota', alias: 'corp', cgiPath: '/cgi-bin/token' });
    assert.deepEqual(codes(r), ['WX_OP_UNSUPPORTED']);
    assert.equal(r.status, 'error');
  });

  test('rid: time, client IP, the answer; the token in request_url is scrubbed', async () => {
    const r = await run({ op: 'rid', alias: 'oa', rid: SAMPLE_RID });
    assert.deepEqual(codes(r), ['WX_RID_FOUND']);
    assert.match(
      r.findings[0]?.message ?? '',
      /from 47\.103\.62\.98 .* errcode 45009 \(Daily API quota reached\)/,
    );
    assert.equal(r.detail.rid?.clientIp, '47.103.62.98');
    assert.equal(r.detail.rid?.invokeTime, '2021-10-25T10:11:44.000Z');
    assert.match(r.detail.rid?.requestUrl ?? '', /^access_token=<[0-9a-f]{12}>&cgi_path=/);
    const text = renderResult(r, { colour: false });
    assert.match(text, /client IP\s+47\.103\.62\.98/);
  });

  test('rid: not found (older than 7 days)', async () => {
    const r = await run({ op: 'rid', alias: 'oa', rid: '00000000-00000000-00000000' });
    assert.deepEqual(codes(r), ['WX_RID_NOT_FOUND']);
    assert.equal(r.status, 'warn');
  });

  test('callback-check: per-operator dns and ping tables', async () => {
    const r = await run({ op: 'callback-check', alias: 'oa', action: 'all', operator: 'UNICOM' });
    assert.deepEqual(codes(r), ['WX_CALLBACK_CHECK_OK']);
    assert.deepEqual(fake.requests.at(-1)?.body, { action: 'all', check_operator: 'UNICOM' });
    const text = renderResult(r, { colour: false });
    assert.match(text, /Callback DNS \(UNICOM\)\n\s+ip\s+operator\n\s+111\.161\.64\.40\s+UNICOM/);
    assert.match(text, /Callback ping \(UNICOM\)[\s\S]*111\.161\.64\.48\s+UNICOM\s+0%\s+21\.434ms/);
  });

  test('callback-check: packet loss and an empty resolution', async () => {
    fake.callbackPing = [
      { ip: '111.161.64.40', from_operator: 'CHINANET', package_loss: '100%', time: '' },
    ];
    fake.callbackDns = [];
    const r = await run({ op: 'callback-check', alias: 'oa', action: 'all', operator: 'CHINANET' });
    assert.deepEqual(codes(r), ['WX_CALLBACK_CHECK_DNS_EMPTY', 'WX_CALLBACK_CHECK_PING_LOSS']);
    assert.equal(r.status, 'fail');
    fake.callbackDns = [
      { ip: '111.161.64.40', real_operator: 'UNICOM' },
      { ip: '111.161.64.48', real_operator: 'UNICOM' },
    ];
    fake.callbackPing = [
      { ip: '111.161.64.40', from_operator: 'UNICOM', package_loss: '0%', time: '23.079ms' },
    ];
  });

  test('callback-check: no callback URL configured (40201)', async () => {
    fake.set('/cgi-bin/callback/check', { kind: 'error', errcode: 40201 });
    const r = await run({ op: 'callback-check', alias: 'oa', action: 'dns', operator: 'DEFAULT' });
    assert.deepEqual(codes(r), ['WX_CALLBACK_NOT_CONFIGURED']);
  });

  test('the Slack and WeCom renderings carry the sections and no secret', async () => {
    const r = await run({ op: 'ip', alias: 'oa' });
    const blocks = JSON.stringify(
      renderSlack(
        { type: 'result', invocation: invocationFor('ip oa') as never, results: [r] },
        'en',
      ),
    );
    captured.push(blocks);
    assert.match(blocks, /47\.103\.62\.98/);
    const markdown = renderWecom(
      { type: 'result', invocation: invocationFor('ip oa') as never, results: [r] },
      'zh-CN',
      { maxBytes: 4096 },
    ).join('\n');
    captured.push(markdown);
    assert.match(markdown, /47\.103\.62\.98/);
  });
});

function invocationFor(text: string) {
  return {
    id: 'i1',
    platform: 'slack',
    workspace: 'T1',
    conversation: 'C1',
    user: 'U1',
    text,
    lang: 'en',
    receivedAt: new Date().toISOString(),
  };
}

describe('wx api-domains', () => {
  const NAMES = [
    'api.weixin.qq.com',
    'api2.weixin.qq.com',
    'sh.api.weixin.qq.com',
    'sz.api.weixin.qq.com',
    'hk.api.weixin.qq.com',
  ];
  const pki = goodChain('api.weixin.qq.com', { leaf: { sans: [...NAMES, '127.0.0.1'] } });
  let https: RunningHttpServer;
  let dns: DnsServer;
  before(async () => {
    https = await startHttpServer((_req, res) => res.writeHead(404).end('{}'), {
      tls: { keyPem: pki.leaf.keyPem, chainPem: bundle(pki.leaf, pki.intermediate) },
    });
    dns = await new DnsServer({
      zone: Object.fromEntries(NAMES.map((n) => [n, [{ type: 'A' as const, data: '127.0.0.1' }]])),
    }).start();
  });
  after(async () => {
    await https.close();
    await dns.close();
  });

  let seen = 0;
  const requestsBefore = () => seen;
  beforeEach(() => {
    seen = https.requests.length;
  });

  async function domains(down: string[]) {
    const dead = await closedPort();
    const argv = [
      'api-domains',
      '--domains',
      NAMES.map((n) => `${n}:${down.includes(n) ? dead : https.port}`).join(','),
      ...NAMES.flatMap((n) => [
        '--resolve',
        `${n}:${down.includes(n) ? dead : https.port}:127.0.0.1`,
      ]),
      '--resolver',
      `127.0.0.1:${dns.port}`,
    ];
    const p = plan(argv, 'cli');
    assert.equal(p.kind, 'probes');
    const [req] = p.kind === 'probes' ? p.requests : [];
    const r = (await runProbe(
      req as ProbeRequest,
      createContext({ timeoutMs: 5000, extraCaPem: [pki.root.certPem] }),
    )) as WxResult;
    captured.push(JSON.stringify(r));
    return r;
  }

  test('all reachable: stay on api.weixin.qq.com', async () => {
    const r = await domains([]);
    assert.deepEqual(codes(r), ['WX_API_DOMAIN_OK'], JSON.stringify(r.findings));
    assert.equal(r.status, 'ok');
    assert.equal(r.detail.domains?.length, 5);
    assert.ok(r.detail.domains?.every((d) => d.reachable && d.dns.addresses[0] === '127.0.0.1'));
    assert.match(r.detail.recommended ?? '', /^api\.weixin\.qq\.com:/);
    assert.match(renderResult(r, { colour: false }), /API domains \(failover order\)/);
  });

  test('api down: fail over to api2; a regional domain down is a warning', async () => {
    const r = await domains(['api.weixin.qq.com', 'sh.api.weixin.qq.com']);
    assert.deepEqual(codes(r), ['WX_API_FAILOVER', 'WX_API_DOMAIN_UNREACHABLE']);
    assert.match(r.detail.recommended ?? '', /^api2\.weixin\.qq\.com:/);
    assert.match(r.findings[0]?.message ?? '', /fail over to api2\.weixin\.qq\.com/);
    assert.equal(r.status, 'fail');
  });

  test('under the chat address guard, loopback domains are refused: inconclusive', async () => {
    const p = plan(
      [
        'api-domains',
        '--domains',
        `api.weixin.qq.com:${https.port}`,
        // Never the system resolver: the guard judges the overridden address.
        '--resolve',
        `api.weixin.qq.com:${https.port}:127.0.0.1`,
        '--resolver',
        `127.0.0.1:${dns.port}`,
      ],
      'cli',
    );
    const req = p.kind === 'probes' ? p.requests[0] : undefined;
    const r = (await runProbe(
      req as ProbeRequest,
      createContext({ timeoutMs: 5000, policy: GUARDED_POLICY, extraCaPem: [pki.root.certPem] }),
    )) as WxResult;
    assert.deepEqual(codes(r), ['WX_API_DOMAINS_UNREACHABLE', 'ADDRESS_BLOCKED']);
    assert.equal(r.status, 'error');
    assert.equal(https.requests.length, requestsBefore(), 'nothing reached the server');
  });

  test('chat: api-domains is guarded (loopback refused) and --domains is terminal-only', async () => {
    assert.throws(
      () => plan(['api-domains', '--domains', 'a.example'], 'chat'),
      /only available in the terminal/,
    );
    const p = plan(['api-domains'], 'chat');
    assert.equal(p.kind === 'probes' && p.run.denyPrivate, true);
    const spec = p.kind === 'probes' ? (p.requests[0]?.spec as WechatSpec) : null;
    assert.deepEqual(spec?.op === 'api-domains' && spec.domains.map((d) => d.host), NAMES);
  });
});

describe('errcode classification', () => {
  const wecomApp = { platform: 'wecom' as const, alias: 'hr', id: 'ww1' };
  const wechatApp = { platform: 'wechat' as const, alias: 'shop', id: 'wx1' };
  const said = (errcode: number, errmsg: string) => ({ errcode, errmsg, ip: null });

  test('the minute limit (45011) is a rate limit whichever platform answers it', () => {
    assert.equal(
      classifyErrcode(wechatApp, said(45011, 'api freq out of limit'), false).code,
      'WX_RATE_LIMITED',
    );
    assert.equal(
      classifyErrcode(wecomApp, said(45011, 'api freq out of limit'), false).code,
      'WX_RATE_LIMITED',
    );
  });

  test('WeCom 40091 names the secret only on the token call, which is the one that sends it', () => {
    assert.equal(
      classifyErrcode(wecomApp, said(40091, 'secret is invalid'), true).code,
      'WX_INVALID_SECRET',
    );
    assert.equal(
      classifyErrcode(wecomApp, said(40091, 'secret is invalid'), false).code,
      'WX_API_ERROR',
    );
    assert.equal(
      classifyErrcode(wechatApp, said(40125, 'invalid appsecret'), false).code,
      'WX_INVALID_SECRET',
    );
  });

  test('40001 names the secret on the token call and the token elsewhere', () => {
    assert.equal(
      classifyErrcode(wechatApp, said(40001, 'invalid credential'), true).code,
      'WX_INVALID_SECRET',
    );
    assert.equal(
      classifyErrcode(wechatApp, said(40001, 'invalid credential'), false).code,
      'WX_TOKEN_REJECTED',
    );
  });
});

describe('wx errcode', () => {
  test('a code with different meanings on WeChat and WeCom shows both, in both languages', () => {
    const text = errcodeText(40001);
    captured.push(text);
    assert.match(text, /⚠/);
    assert.match(text, /\[WeChat 微信\]\n {2}含义: AppSecret 错误/);
    assert.match(text, /\[WeCom 企业微信\]\n {2}含义: 不合法的 secret 参数/);
    assert.match(text, /meaning: Invalid corpsecret/);
  });

  test('60020 and 40164: remedy names the whitelist', () => {
    assert.match(errcodeText(60020), /企业可信IP[\s\S]*Trusted IPs/);
    assert.match(errcodeText(40164), /IP白名单[\s\S]*IP whitelist/);
  });

  test('the codes of the reference table are all there', () => {
    for (const code of [
      -1, 0, 40001, 40002, 40013, 40014, 40056, 40091, 40125, 40164, 41001, 42001, 43004, 45009,
      45011, 45015, 45033, 45047, 48001, 48002, 48006, 50001, 60011, 60020, 61004, 61007, 76001,
      76002, 76003, 76021, 76022, 80001, 81013, 85005, 89501, 89503, 89506, 89507, 93000, 93004,
      301002, 40201, 40202, 40203,
    ]) {
      assert.doesNotMatch(errcodeText(code), /not in wxdoctor's table/, String(code));
    }
  });

  test('an unknown code: says so and links the official lists', () => {
    const p = plan(['errcode', '99999'], 'chat');
    assert.equal(p.kind, 'errcode');
    const text = p.kind === 'errcode' ? replyText(p) : '';
    assert.match(text, /not in wxdoctor's table/);
    assert.match(text, /developers\.weixin\.qq\.com/);
    assert.match(text, /developer\.work\.weixin\.qq\.com/);
  });

  test('not a number: usage error', () => {
    assert.throws(() => plan(['errcode', 'abc'], 'cli'), /not an errcode/);
  });
});

describe('commands', () => {
  test('chat plans carry the alias and operation only', () => {
    const cases: Array<[string[], WechatSpec]> = [
      [['token', 'oa'], { op: 'token', alias: 'oa' }],
      [['ip', 'oa'], { op: 'ip', alias: 'oa' }],
      [
        ['quota', 'oa', '/cgi-bin/message/custom/send'],
        { op: 'quota', alias: 'oa', cgiPath: '/cgi-bin/message/custom/send' },
      ],
      [['rid', 'oa', SAMPLE_RID], { op: 'rid', alias: 'oa', rid: SAMPLE_RID }],
      [
        ['callback-check', 'oa'],
        { op: 'callback-check', alias: 'oa', action: 'all', operator: 'DEFAULT' },
      ],
      [
        ['callback-check', 'oa', 'ping', 'unicom'],
        { op: 'callback-check', alias: 'oa', action: 'ping', operator: 'UNICOM' },
      ],
    ];
    for (const [argv, spec] of cases) {
      const p = plan(argv, 'chat');
      assert.equal(p.kind, 'probes');
      if (p.kind === 'probes') assert.deepEqual(p.requests, [{ probe: 'wechat', spec }]);
    }
  });

  test('bad input is a usage error', () => {
    assert.throws(() => plan(['token'], 'chat'), /missing app alias/);
    assert.throws(() => plan(['token', 'a b'], 'chat'), /not an app alias/);
    assert.throws(() => plan(['quota', 'oa', 'https://x/cgi-bin/token'], 'chat'), /leading \//);
    assert.throws(() => plan(['callback-check', 'oa', 'trace'], 'chat'), /action must be/);
    assert.throws(() => plan(['callback-check', 'oa', 'dns', 'MARS'], 'chat'), /operator must be/);
    assert.throws(() => plan(['rid', 'oa'], 'chat'), /expected/);
  });
});

// Last: everything the tests above printed, rendered or returned.
test('no configured secret or issued token appears in any captured output', () => {
  assert.ok(captured.length > 20);
  assert.ok(fake.issued.length > 5);
  assertNoSecrets(captured.join('\n'), fake.issued, 'captured output');
});
