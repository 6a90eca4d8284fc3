/** The CLI's narrow app loader (loadApps), apps with an unset secret, and the in-memory token manager. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { inspect } from 'node:util';
import { appRegistry } from '../src/config/apps.js';
import { ConfigError, loadApps } from '../src/config/index.js';
import { createContext } from '../src/probes/context.js';
import { runProbe } from '../src/probes/index.js';
import type { IssuedToken, TokenSource } from '../src/probes/wechat/types.js';
import { createMemoryTokenManager } from '../src/tokens/memory.js';
import { FakeWechat } from './fixtures/fake-wechat.js';
import { APPID, CORP_ID, CORP_SECRET, SECRET } from './fixtures/wechat-apps.js';
import { wx } from './fixtures/wx.js';

const dir = mkdtempSync(join(tmpdir(), 'wx-apps-'));
let files = 0;
function yamlFile(text: string): string {
  const path = join(dir, `c${++files}.yaml`);
  writeFileSync(path, text);
  return path;
}

describe('loadApps (the wx CLI)', () => {
  test('apps from the file, secrets from env references; no chat platform needed', () => {
    const path = yamlFile(
      [
        'slack: {}',
        'wechat:',
        '  apps:',
        '    shop: { appid: wx1234567890abcdef, secret: "$' + '{SHOP_SECRET}" }',
        'wecom:',
        '  apps:',
        '    hr: { corpId: ww0000000000000001, secret: "$' + '{HR_SECRET}" }',
      ].join('\n'),
    );
    const apps = loadApps({
      WX_CONFIG: path,
      SHOP_SECRET: 'shop-secret-xyz',
      HR_SECRET: 'hr-secret-abc',
      WECHAT_API_URL: 'http://127.0.0.1:8099/',
      // Ignored by the CLI: not its business, even when malformed.
      SLACK_BOT_TOKEN: 'not-a-bot-token',
    });
    assert.equal(apps.wechat.apiUrl, 'http://127.0.0.1:8099');
    assert.equal(apps.wecom.apiUrl, 'https://qyapi.weixin.qq.com');
    assert.equal(apps.wechat.apps.shop?.secret.reveal(), 'shop-secret-xyz');
    assert.equal(apps.wecom.apps.hr?.corpId, 'ww0000000000000001');
    assert.doesNotMatch(inspect(apps), /shop-secret-xyz|hr-secret-abc/);
  });

  test('no WX_CONFIG: no apps, default origins', () => {
    const apps = loadApps({});
    assert.deepEqual(apps.wechat.apps, {});
    assert.equal(apps.wechat.apiUrl, 'https://api.weixin.qq.com');
  });

  test('a bad app names its key', () => {
    const path = yamlFile('wechat:\n  apps:\n    shop: { appid: "wx 12", secret: s }\n');
    assert.throws(
      () => loadApps({ WX_CONFIG: path }),
      (err: unknown) =>
        err instanceof ConfigError && /^wechat\.apps\.shop\.appid: /.test(err.message),
    );
    assert.throws(() => loadApps({ WECHAT_API_URL: 'ftp://x' }), { message: /^WECHAT_API_URL: / });
  });
});

describe('one unset secret blocks only its own app', () => {
  let fake: FakeWechat;
  before(async () => {
    fake = await FakeWechat.start({
      appid: APPID,
      secret: SECRET,
      corpId: CORP_ID,
      corpSecret: CORP_SECRET,
    });
  });
  after(() => fake.close());

  const config = () =>
    yamlFile(
      [
        'wechat:',
        '  apps:',
        `    shop: { appid: ${APPID}, secret: "\${SHOP_APPSECRET}" }`,
        'wecom:',
        '  apps:',
        `    hr: { corpId: ${CORP_ID}, secret: "\${HR_CORPSECRET}" }`,
      ].join('\n'),
    );
  const env = () => ({
    WX_CONFIG: config(),
    HR_CORPSECRET: CORP_SECRET,
    WECHAT_API_URL: fake.url,
    WECOM_API_URL: fake.url,
    SHOP_APPSECRET: '',
  });

  test('wx token hr works; wx token shop names SHOP_APPSECRET and the alias', async () => {
    const hr = await wx(['token', 'hr'], { env: env() });
    assert.equal(hr.code, 0, hr.stderr);
    assert.match(hr.stdout, /WX_TOKEN_OK/);
    assert.equal(hr.stderr, '');
    assert.deepEqual(fake.paths(), ['/cgi-bin/gettoken']);

    const shop = await wx(['token', 'shop'], { env: env() });
    assert.equal(shop.code, 3);
    assert.equal(
      shop.stderr,
      `wx: wechat.apps.shop.secret: references \${SHOP_APPSECRET}, but SHOP_APPSECRET is not set; app "shop" cannot be used until it is\n`,
    );
    assert.equal(shop.stdout, '');
    assert.deepEqual(fake.paths(), ['/cgi-bin/gettoken'], 'nothing sent for shop');
  });

  test('in a worker, the probe reports it as WX_APP_SECRET_UNSET (inconclusive); hr still works', async () => {
    const apps = appRegistry(loadApps(env()), createMemoryTokenManager());
    assert.deepEqual(apps.aliases(), ['hr', 'shop']);
    const run = (alias: string) =>
      runProbe(
        { probe: 'wechat', spec: { op: 'token', alias } },
        createContext({ timeoutMs: 5000, apps }),
      );
    const shop = await run('shop');
    assert.equal(shop.status, 'error');
    assert.deepEqual(
      shop.findings.map((f) => f.code),
      ['WX_APP_SECRET_UNSET'],
    );
    assert.match(
      shop.findings[0]?.message ?? '',
      /^shop \(appid wx\w+\): .*SHOP_APPSECRET is not set/,
    );
    const hr = await run('hr');
    assert.deepEqual(
      hr.findings.map((f) => f.code),
      ['WX_TOKEN_OK'],
    );
  });
});

describe('memory token manager', () => {
  function source(expiresInS = 7200) {
    let fetches = 0;
    const s: TokenSource = {
      id: 'wechat:wx1:abc',
      async fetch(): Promise<IssuedToken> {
        fetches++;
        return { token: `t${fetches}`, expiresInS };
      },
    };
    return { s, fetches: () => fetches };
  }

  test('concurrent callers share one fetch; the token is cached', async () => {
    const { s, fetches } = source();
    const tokens = createMemoryTokenManager();
    const got = await Promise.all(Array.from({ length: 20 }, () => tokens.get(s)));
    assert.deepEqual(new Set(got), new Set(['t1']));
    assert.equal(await tokens.get(s), 't1');
    assert.equal(fetches(), 1);
  });

  test('refreshed before expiry, by the injected clock', async () => {
    let now = 0;
    const { s } = source(1200);
    const tokens = createMemoryTokenManager({ now: () => now });
    assert.equal(await tokens.get(s), 't1');
    now = 1200_000 - 300_000 + 1;
    assert.equal(await tokens.get(s), 't2');
  });

  test('use: an expired answer invalidates once and retries with a fresh token', async () => {
    const { s, fetches } = source();
    const tokens = createMemoryTokenManager();
    const seen: string[] = [];
    const out = await tokens.use(
      s,
      async (t) => {
        seen.push(t);
        return t === 't1' ? 42001 : 0;
      },
      (code) => code === 42001,
    );
    assert.equal(out, 0);
    assert.deepEqual(seen, ['t1', 't2']);
    assert.equal(fetches(), 2);
    // A stale token that is no longer cached does not evict the fresh one.
    await tokens.invalidate(s, 't1');
    assert.equal(await tokens.get(s), 't2');
  });
});
