/**
 * The status page's parts: who may read it (WX_STATUS_TOKEN, loopback), which language, what a
 * row holds and in which order, and the HTTP answers (headers, escaping, nothing secret), on a
 * loopback server with hand-made watch states. The browser test (status-browser.test.ts) loads
 * it from the real bot.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config/index.js';
import { Secret } from '../src/config/secret.js';
import { secretValues } from '../src/config/secret-values.js';
import { acceptedLangs, requestLang } from '../src/http/request-lang.js';
import { statusRoutes } from '../src/http/routes.js';
import { startOpsServer } from '../src/http/server.js';
import type { StatusSources } from '../src/http/status.js';
import { isLoopback, statusAccess } from '../src/http/status-token.js';
import type { StatusView } from '../src/render/status-view.js';
import { statusEntries } from '../src/watch/status.js';
import type { StoredWatch } from '../src/watch/store.js';
import { emptyState, type Incident, type Watch, type WatchState } from '../src/watch/types.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const DAY = 86_400_000;
const TOKEN = 'a-status-token-of-32-characters!';

function req(headers: Record<string, string> = {}, remoteAddress = '127.0.0.1'): IncomingMessage {
  return { headers, socket: { remoteAddress } } as unknown as IncomingMessage;
}
const url = (q = '') => new URL(`http://localhost/status${q}`);

test('with WX_STATUS_TOKEN: a bearer or ?token= that matches, from anywhere; nothing else', () => {
  const token = new Secret(TOKEN);
  const far = '203.0.113.9';
  assert.equal(
    statusAccess(req({ authorization: `Bearer ${TOKEN}` }, far), url(), token),
    'allowed',
  );
  assert.equal(
    statusAccess(req({ authorization: `bearer  ${TOKEN} ` }, far), url(), token),
    'allowed',
  );
  assert.equal(
    statusAccess(req({}, far), url(`?token=${encodeURIComponent(TOKEN)}`), token),
    'allowed',
  );
  assert.equal(statusAccess(req({}, '127.0.0.1'), url(), token), 'unauthorized', 'loopback too');
  assert.equal(
    statusAccess(req({ authorization: `Bearer ${TOKEN}x` }), url(), token),
    'unauthorized',
  );
  assert.equal(
    statusAccess(req({ authorization: `Basic ${TOKEN}` }), url(), token),
    'unauthorized',
  );
  assert.equal(statusAccess(req(), url(`?token=${TOKEN.slice(0, -1)}`), token), 'unauthorized');
  assert.equal(
    statusAccess(
      req({ authorization: 'Bearer wrong' }),
      url(`?token=${encodeURIComponent(TOKEN)}`),
      token,
    ),
    'allowed',
    'either place may hold it',
  );
});

test('without a token: only a direct loopback client, not one forwarded by a proxy', () => {
  assert.equal(statusAccess(req({}, '127.0.0.1'), url(), null), 'allowed');
  assert.equal(statusAccess(req({}, '127.8.9.10'), url(), null), 'allowed');
  assert.equal(statusAccess(req({}, '::1'), url(), null), 'allowed');
  assert.equal(statusAccess(req({}, '::ffff:127.0.0.1'), url(), null), 'allowed');
  for (const far of ['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.5', 'fe80::1', '172.17.0.1']) {
    assert.equal(statusAccess(req({}, far), url(), null), 'loopback-only', far);
  }
  for (const h of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
    assert.equal(statusAccess(req({ [h]: '198.51.100.7' }), url(), null), 'loopback-only', h);
  }
  assert.equal(isLoopback(undefined), false);
  assert.equal(
    isLoopback('::ffff:7f00:1'),
    false,
    'only the dotted v4-mapped form is loopback here',
  );
});

test('the language: ?lang= first, then Accept-Language by q, then the default', () => {
  assert.deepEqual(acceptedLangs('zh-CN,zh;q=0.9,en;q=0.8'), ['zh-CN', 'en']);
  assert.deepEqual(acceptedLangs('en-US,en;q=0.9,zh;q=0.5'), ['en', 'zh-CN']);
  assert.deepEqual(acceptedLangs('fr-FR, zh-Hans;q=0.1'), ['zh-CN']);
  assert.deepEqual(acceptedLangs('zh;q=0, en'), ['en']);
  assert.deepEqual(acceptedLangs('de;q=0.9, en;q=0.2, zh-TW;q=0.4'), ['zh-CN', 'en']);
  assert.deepEqual(acceptedLangs(undefined), []);
  const zh = req({ 'accept-language': 'zh-CN,zh;q=0.9' });
  assert.equal(requestLang(zh, url(), 'en'), 'zh-CN');
  assert.equal(requestLang(zh, url('?lang=en'), 'zh-CN'), 'en');
  assert.equal(requestLang(zh, url('?lang=fr'), 'en'), 'zh-CN', 'an unknown ?lang= is ignored');
  assert.equal(requestLang(req(), url(), 'en'), 'en');
  assert.equal(requestLang(req({ 'accept-language': 'fr' }), url(), 'zh-CN'), 'zh-CN');
});

function incident(n: number, over: Partial<Incident> & Pick<Incident, 'key' | 'view'>): Incident {
  return { n, open: true, openedAt: NOW - n * DAY, clear: 0, lastNoticeAt: NOW, rev: 1, ...over };
}

function stored(
  id: string,
  state: Partial<WatchState>,
  extra: Partial<Watch> & Record<string, unknown> = {},
): StoredWatch {
  const [host = id, port = '443'] = id.split(':');
  const watch: Watch = {
    id,
    host,
    port: Number(port),
    days: [30, 14, 7, 3, 1],
    to: [{ platform: 'slack', workspace: 'T0SECRETTEAM', conversation: 'C0SECRETCHAN' }],
    source: 'chat',
    lang: 'en',
    ref: `W${id.length}`,
    addedBy: 'U0ADDEDBY',
    owner: { platform: 'slack', workspace: 'T0SECRETTEAM', conversation: 'C0OWNERCHAN' },
    connectTo: '10.9.8.7',
    ...extra,
  } as Watch;
  return { watch, state: { ...emptyState(), ...state }, version: 1, outbox: [] };
}

const expiry = (level: number | null, daysLeft: number) =>
  ({
    kind: 'expiry',
    role: 'leaf',
    subject: 'CN=api.example.com',
    fingerprint256: 'AA:BB',
    notAfter: new Date(NOW + daysLeft * DAY).toISOString(),
    daysLeft,
    level,
  }) as const;

const breakage = (code: string, message: string) =>
  ({ kind: 'breakage', code, message, hint: 'serve fullchain.pem' }) as const;

/** Five watches: healthy, never checked, expiring (7), broken chain, expired; plus an http one. */
function fleet(): StoredWatch[] {
  const checked = { checkedAt: NOW - 60_000 };
  return [
    stored('ok.example.com:443', {
      ...checked,
      status: 'ok',
      earliestNotAfter: new Date(NOW + 80 * DAY + 3600_000).toISOString(),
    }),
    stored('new.example.com:443', {}),
    stored('soon.example.com:443', {
      ...checked,
      status: 'warn',
      earliestNotAfter: new Date(NOW + 6 * DAY + 3600_000).toISOString(),
      incidents: [
        incident(1, { key: 'exp:leaf', view: expiry(7, 6), ack: { user: 'U0ACKER', at: NOW } }),
      ],
    }),
    stored('chain.example.com:8443', {
      ...checked,
      status: 'fail',
      earliestNotAfter: new Date(NOW + 50 * DAY).toISOString(),
      incidents: [
        incident(2, {
          key: 'CHAIN_INCOMPLETE',
          view: breakage(
            'CHAIN_INCOMPLETE',
            'the server sent <script>alert(1)</script> & no intermediate',
          ),
        }),
      ],
      region: 'cn-east',
    } as Partial<WatchState>),
    stored('old.example.com:443', {
      ...checked,
      status: 'fail',
      earliestNotAfter: new Date(NOW - 2 * DAY).toISOString(),
      mutedUntil: NOW + DAY,
      incidents: [
        incident(3, { key: 'exp:leaf', view: expiry(-1, -2), openedAt: NOW - 9 * DAY }),
        incident(4, {
          key: 'CHAIN_INCOMPLETE',
          view: breakage('CHAIN_INCOMPLETE', 'no intermediate'),
        }),
        incident(1, { key: 'UNREACHABLE', view: breakage('UNREACHABLE', 'x'), open: false }),
      ],
    }),
    stored(
      'api-health',
      { ...checked, status: 'fail' },
      { kind: 'http', url: 'https://api.example.com/health' },
    ),
  ];
}

test('targets as people write them: the URL, the name, the alias; a certificate its host:port', () => {
  const checked = { checkedAt: NOW - 60_000, status: 'ok' as const };
  const rows = statusEntries(
    [
      stored('http:https://api.example.com/health', checked, {
        kind: 'http',
        url: 'https://api.example.com/health',
        status: [200, 299],
      }),
      stored('dns:api.example.com', checked, {
        kind: 'dns',
        name: 'api.example.com',
        type: 'A',
        resolvers: [],
      }),
      stored('wechat:shop', checked, { kind: 'wechat', alias: 'shop' }),
      stored('cert.example.com:443', checked),
    ],
    NOW,
  );
  assert.deepEqual(
    rows.map((r) => [r.kind, r.target]),
    [
      ['dns', 'api.example.com'],
      ['cert', 'cert.example.com:443'],
      ['http', 'https://api.example.com/health'],
      ['wechat', 'shop'],
    ],
  );
});

test('rows: open incidents first (expired, broken, expiring), then failing, unknown, healthy', () => {
  const rows = statusEntries(fleet(), NOW);
  assert.deepEqual(
    rows.map((r) => r.target),
    [
      'old.example.com:443',
      'chain.example.com:8443',
      'soon.example.com:443',
      'https://api.example.com/health',
      'new.example.com:443',
      'ok.example.com:443',
    ],
  );
  const [old, chain, soon, http, fresh, ok] = rows;
  assert.equal(old?.incident?.key, 'exp:leaf', 'the expiry heads the expired watch');
  assert.equal(old?.openIncidents, 2);
  assert.equal(old?.muted, true);
  assert.equal(old?.daysLeft, -2);
  assert.equal(chain?.region, 'cn-east');
  assert.equal(soon?.incident?.acknowledged, true);
  assert.equal(soon?.daysLeft, 6);
  assert.deepEqual([http?.kind, http?.daysLeft, http?.state], ['http', null, 'fail']);
  assert.deepEqual([fresh?.state, fresh?.checkedAt, fresh?.daysLeft], ['pending', null, null]);
  assert.deepEqual([ok?.kind, ok?.state, ok?.daysLeft, ok?.region], ['cert', 'ok', 80, null]);
});

async function serve(sources: Partial<StatusSources> = {}) {
  const server = await startOpsServer(
    statusRoutes({
      watches: async () => fleet(),
      token: null,
      lang: 'en',
      now: () => NOW,
      ...sources,
    }),
    0,
    '127.0.0.1',
  );
  return { base: `http://127.0.0.1:${server.port}`, close: () => server.close() };
}

test('/status.json: the rows in words, and nothing a chat user is not shown', async (t) => {
  const s = await serve();
  t.after(() => s.close());
  const res = await fetch(`${s.base}/status.json?lang=en`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const text = await res.text();
  for (const hidden of [
    'C0SECRETCHAN',
    'T0SECRETTEAM',
    'C0OWNERCHAN',
    'U0ADDEDBY',
    'U0ACKER',
    '10.9.8.7',
  ]) {
    assert.ok(!text.includes(hidden), `${hidden} not in ${text}`);
  }
  const view = JSON.parse(text) as StatusView;
  assert.equal(view.summary, '6 watches, 4 open incidents');
  assert.equal(view.generatedAt, new Date(NOW).toISOString());
  const [old, chain, soon, http, fresh] = view.rows;
  assert.equal(old?.incident?.headline, 'Certificate expired');
  assert.equal(old?.incident?.note, '+1 more');
  assert.equal(old?.stateText, 'Failing');
  assert.equal(chain?.incident?.headline, 'CHAIN_INCOMPLETE');
  assert.equal(chain?.regionText, 'cn-east');
  assert.equal(soon?.incident?.headline, 'Certificate expires within 7 days');
  assert.equal(soon?.incident?.note, 'acknowledged');
  assert.equal(soon?.checkedText, '2026-12-01 11:59 UTC');
  assert.equal(http?.kindText, 'HTTP');
  assert.deepEqual(
    [fresh?.stateText, fresh?.daysText, fresh?.checkedText, fresh?.regionText],
    ['Not checked yet', '-', '-', '-'],
  );
  const zh = (await (
    await fetch(`${s.base}/status.json`, { headers: { 'accept-language': 'zh-CN' } })
  ).json()) as StatusView;
  assert.equal(zh.lang, 'zh-CN');
  assert.equal(zh.rows[2]?.incident?.headline, '证书将在 7 天内到期');
  assert.equal(zh.rows[0]?.stateText, '故障');
});

test('/status: one HTML page, its own script and style only, server text escaped', async (t) => {
  const s = await serve();
  t.after(() => s.close());
  const res = await fetch(`${s.base}/status?lang=en&refresh=5`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/]+='(;|$)/);
  assert.match(csp, /connect-src 'self'/);
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
  const html = await res.text();
  assert.ok(!/\s(src|href)="(https?:)?\/\/|<link/.test(html), 'no external asset');
  assert.ok(!html.includes('<script>alert'), 'a server-sent text is not markup');
  assert.ok(
    html.includes('the server sent &lt;script&gt;alert(1)&lt;/script&gt; &amp; no intermediate'),
  );
  assert.match(html, /data-refresh="5"/);
  assert.match(html, /data-src="status\.json\?refresh=5&amp;lang=en"/);
  assert.match(html, /<noscript><meta http-equiv="refresh" content="10"><\/noscript>/);
  assert.match(html, /<a href="\?refresh=5&amp;lang=zh-CN" hreflang="zh-CN">中文<\/a>/);
  assert.equal(html.match(/<tr class="state-/g)?.length, 6);
  const empty = await serve({ watches: async () => [] });
  t.after(() => empty.close());
  const none = await (await fetch(`${empty.base}/status?lang=zh-CN`)).text();
  assert.match(none, /<td class="none" colspan="7">尚无任何监控。<\/td>/);
});

test('the token guards both routes; links and the refresh keep it; 503 when Redis is slow', async (t) => {
  const s = await serve({ token: new Secret(TOKEN) });
  t.after(() => s.close());
  for (const path of ['/status', '/status.json']) {
    const denied = await fetch(`${s.base}${path}`, { headers: { 'accept-language': 'en' } });
    assert.equal(denied.status, 401, path);
    assert.equal(denied.headers.get('www-authenticate'), 'Bearer realm="wxdoctor status"');
    assert.match(await denied.text(), /status token is required/);
    const ok = await fetch(`${s.base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(ok.status, 200, path);
  }
  const q = encodeURIComponent(TOKEN);
  const html = await (await fetch(`${s.base}/status?token=${q}&lang=en`)).text();
  assert.ok(
    html.includes(`data-src="status.json?token=${q.replace(/!/g, '%21')}&amp;lang=en"`),
    html,
  );
  const records = await (await fetch(`${s.base}/status?token=${q}&lang=zh-CN&refresh=5`)).text();
  assert.ok(
    records.includes(
      `<a id="records" href="status/incidents?token=${q.replace(/!/g, '%21')}&amp;lang=zh-CN">事件记录</a>`,
    ),
    'the incident records link keeps the token and the language, not the refresh',
  );

  const slow = await serve({ watches: () => new Promise<never>(() => {}), timeoutMs: 50 });
  t.after(() => slow.close());
  const unavailable = await fetch(`${slow.base}/status.json?lang=en`);
  assert.equal(unavailable.status, 503);
  assert.match(await unavailable.text(), /could not be read from Redis/);
});

test('without a token, a proxied request is refused with a word on how to serve it', async (t) => {
  const s = await serve();
  t.after(() => s.close());
  const res = await fetch(`${s.base}/status?lang=en`, {
    headers: { 'x-forwarded-for': '198.51.100.7' },
  });
  assert.equal(res.status, 403);
  assert.match(await res.text(), /WX_STATUS_TOKEN/);
});

test('WX_STATUS_TOKEN: validated, kept as a secret, never echoed', () => {
  const base = {
    SLACK_BOT_TOKEN: 'xoxb-1',
    SLACK_APP_TOKEN: 'xapp-1',
    REDIS_URL: 'redis://127.0.0.1:1',
  };
  const config = loadConfig({ ...base, WX_STATUS_TOKEN: TOKEN });
  assert.ok(config.status.token instanceof Secret);
  assert.equal(config.status.token.reveal(), TOKEN);
  assert.ok(secretValues(config).includes(TOKEN), 'scrubbed from logs');
  assert.equal(loadConfig(base).status.token, null);
  assert.throws(
    () => loadConfig({ ...base, WX_STATUS_TOKEN: 'short-one' }),
    (err: Error) =>
      err instanceof ConfigError &&
      /WX_STATUS_TOKEN: expected at least 16 characters/.test(err.message) &&
      !err.message.includes('short-one'),
  );
});
