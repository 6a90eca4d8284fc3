/** The shared access_token manager and short references, on a real Redis. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { fingerprint } from '../src/probes/wechat/scrub.js';
import type { IssuedToken, TokenSource } from '../src/probes/wechat/types.js';
import { createShortRefs, parseRef } from '../src/store/short-refs.js';
import { createTokenManager, refreshMarginMs } from '../src/tokens/token-manager.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';

let server: TestRedis;
let redis: Redis;
before(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
});
after(async () => {
  redis.disconnect();
  await server.close();
});
beforeEach(() => redis.flushdb());

/** A token source that counts its fetches and hands out t1, t2, … once released. */
function countingSource(expiresInS = 7200) {
  let fetches = 0;
  let release: () => void = () => {};
  let gate = Promise.resolve();
  const source: TokenSource = {
    id: 'wecom:corp:app',
    async fetch(): Promise<IssuedToken> {
      fetches++;
      const n = fetches;
      await gate;
      return { token: `t${n}`, expiresInS };
    },
  };
  return {
    source,
    fetches: () => fetches,
    hold() {
      gate = new Promise((resolve) => {
        release = resolve;
      });
    },
    release: () => release(),
  };
}

describe('token manager', () => {
  test('100 concurrent callers in one process cause one fetch', async () => {
    const s = countingSource();
    const tokens = createTokenManager(redis, { prefix: 'tm' });
    s.hold();
    const all = Promise.all(Array.from({ length: 100 }, () => tokens.get(s.source)));
    s.release();
    assert.deepEqual(new Set(await all), new Set(['t1']));
    assert.equal(s.fetches(), 1);
    assert.equal(await tokens.get(s.source), 't1', 'then served from Redis');
    assert.equal(s.fetches(), 1);
  });

  test('two processes (two managers, one Redis) fetch once between them', async () => {
    const s = countingSource();
    const a = createTokenManager(redis, { prefix: 'tm', pollMs: 5 });
    const other = new Redis(server.url);
    after(() => other.disconnect());
    const b = createTokenManager(other, { prefix: 'tm', pollMs: 5 });
    s.hold();
    const pa = Promise.all(Array.from({ length: 20 }, () => a.get(s.source)));
    const pb = Promise.all(Array.from({ length: 20 }, () => b.get(s.source)));
    // Let b reach the lock held by a before the fetch returns.
    while ((await redis.exists('tm:token-lock:wecom:corp:app')) === 0) await Promise.resolve();
    s.release();
    assert.deepEqual(new Set([...(await pa), ...(await pb)]), new Set(['t1']));
    assert.equal(s.fetches(), 1);
  });

  test('a fetch that outlived its lock does not release the lock another process took since', async () => {
    const s = countingSource();
    const tokens = createTokenManager(redis, { prefix: 'tm', fetchTimeoutMs: 100 });
    const lock = 'tm:token-lock:wecom:corp:app';
    s.hold();
    const got = tokens.get(s.source);
    while ((await redis.exists(lock)) === 0) await Promise.resolve();
    // The fetch hangs past the lock's lifetime; the lock lapses and another process takes it.
    while ((await redis.exists(lock)) === 1) await new Promise((r) => setTimeout(r, 10));
    assert.equal(await redis.set(lock, 'other-process', 'PX', 10_000, 'NX'), 'OK');
    s.release();
    assert.equal(await got, 't1');
    assert.equal(await redis.get(lock), 'other-process', 'the other holder keeps its lock');
  });

  test('refreshed before expiry, by the injected clock', async () => {
    let clock = 1_000_000;
    const s = countingSource(7200);
    const tokens = createTokenManager(redis, { prefix: 'tm', now: () => clock });
    assert.equal(await tokens.get(s.source), 't1');
    clock += 7200_000 - refreshMarginMs(7200) - 1;
    assert.equal(await tokens.get(s.source), 't1');
    clock += 2;
    assert.equal(
      await tokens.get(s.source),
      't2',
      'five minutes before expiry a new one is fetched',
    );
    assert.equal(refreshMarginMs(7200), 300_000);
    assert.equal(refreshMarginMs(300), 75_000);
  });

  test('use(): an expired answer invalidates once and retries once, however many fail together', async () => {
    const s = countingSource();
    const tokens = createTokenManager(redis, { prefix: 'tm' });
    await tokens.get(s.source);
    const calls: string[] = [];
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        tokens.use(
          s.source,
          async (token) => {
            calls.push(token);
            return token === 't1' ? { errcode: 42001 } : { errcode: 0 };
          },
          (r) => r.errcode === 42001,
        ),
      ),
    );
    assert.ok(results.every((r) => r.errcode === 0));
    assert.equal(s.fetches(), 2, 'one refresh for the whole burst');
    assert.equal(calls.filter((t) => t === 't2').length, 10);
  });

  test('invalidate leaves a newer token alone', async () => {
    const s = countingSource();
    const tokens = createTokenManager(redis, { prefix: 'tm' });
    await tokens.get(s.source);
    await tokens.invalidate(s.source, 'some-older-token');
    assert.equal(await tokens.get(s.source), 't1');
    assert.equal(s.fetches(), 1);
  });

  test('a failed fetch fails its callers and the next get tries again', async () => {
    let n = 0;
    const source: TokenSource = {
      id: 'x',
      async fetch() {
        n++;
        if (n === 1) throw new Error('gettoken: 40001 invalid secret');
        return { token: 'ok', expiresInS: 7200 };
      },
    };
    const tokens = createTokenManager(redis, { prefix: 'tm' });
    await assert.rejects(tokens.get(source), /40001/);
    assert.equal(await tokens.get(source), 'ok');
  });

  test('fingerprint is short and does not contain the value', () => {
    const fp = fingerprint('accesstoken000001');
    assert.match(fp, /^[0-9a-f]{12}$/);
    assert.notEqual(fp, fingerprint('accesstoken000002'));
  });
});

describe('short references', () => {
  const here = { platform: 'wecom', workspace: 'ww1', conversation: 'user:a' } as const;
  test('assign gives random W + 8 digits; resolve accepts #W…, w…; unknown is null', async () => {
    const refs = createShortRefs(redis, { prefix: 'sr' });
    const a = await refs.assign({ text: 'cert a.example', places: [here] });
    const b = await refs.assign({ text: 'dns b.example', places: [here] });
    assert.match(a, /^W[1-9]\d{7}$/);
    assert.match(b, /^W[1-9]\d{7}$/);
    assert.notEqual(a, b);
    assert.equal((await refs.resolve(`#${b}`, here))?.text, 'dns b.example');
    assert.equal((await refs.resolve(a.toLowerCase(), here))?.text, 'cert a.example');
    assert.equal(await refs.resolve('#W3', here), null);
    assert.equal(await refs.resolve('cert', here), null);
    assert.equal(parseRef(' #w007 '), 'W7');
    assert.equal(parseRef('#X1'), null);
  });
});
