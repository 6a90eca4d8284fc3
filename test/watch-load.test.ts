/**
 * The watches file loaded by two workers at once, on a real redis-server: every watch ends up
 * with exactly one short reference, the same for both, and a reload keeps it. And the load as a
 * worker runs it, on a thread of its own.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ConfigError } from '../src/config/error.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import { loadWatchesFileApart } from '../src/watch/file-apart.js';
import { watchRefs } from '../src/watch/refs.js';
import { WatchService, type WatchSpec } from '../src/watch/service.js';
import { createWatchStore } from '../src/watch/store.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';

let redis: TestRedis;
before(async () => {
  redis = await startRedis();
});
after(async () => {
  await redis.close();
});

const WATCHES = 300;

function specs(): WatchSpec[] {
  return Array.from({ length: WATCHES }, (_, i) => ({
    id: `host${i}.example:443`,
    host: `host${i}.example`,
    port: 443,
    days: [30],
    source: 'file' as const,
    to: [{ platform: 'slack' as const, workspace: '', conversation: 'C0LOAD' }],
  })) as WatchSpec[];
}

describe('loading the watches file', () => {
  test('two workers loading at once assign one reference per watch; a reload keeps them', async (t) => {
    const prefix = '{wxload}';
    const loader = () => {
      const conn = createQueueConnection(redis.url, 'worker');
      t.after(() => quit(conn));
      const refs = watchRefs(conn, { prefix });
      const service = new WatchService({
        store: createWatchStore(conn, { prefix }),
        refs,
        enqueue: async () => {},
        checkSoon: async () => {},
        probe: async () => {
          throw new Error('not probed here');
        },
        now: Date.now,
      });
      return { conn, service, refs };
    };
    const a = loader();
    const b = loader();
    const list = specs();
    await Promise.all([a.service.syncFile(list), b.service.syncFile(list)]);

    const refKeys = async () => {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await a.conn.scan(cursor, 'MATCH', `${prefix}:ref:*`, 'COUNT', 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      return keys;
    };
    const refsOf = async () =>
      new Map((await a.service.list()).map((s) => [s.watch.id, s.watch.ref]));

    const first = await refsOf();
    assert.equal(first.size, WATCHES);
    assert.equal(new Set(first.values()).size, WATCHES, 'every watch its own reference');
    assert.equal((await refKeys()).length, WATCHES, 'one reference key per watch, none orphaned');
    const here = { platform: 'slack' as const, workspace: 'T1', conversation: 'C0LOAD' };
    for (const [id, ref] of first) {
      assert.equal((await a.refs.resolve(ref, here))?.text, `watch check ${id}`);
    }

    await Promise.all([a.service.syncFile(list), b.service.syncFile(list)]);
    assert.deepEqual(await refsOf(), first, 'a reload keeps every reference');
    assert.equal((await refKeys()).length, WATCHES);
  });

  test('on a thread of its own: the file read, its watches in Redis, a bad file refused as config', async (t) => {
    const prefix = '{wxapart}';
    const dir = mkdtempSync(join(tmpdir(), 'wx-apart-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const good = join(dir, 'good.yml');
    writeFileSync(
      good,
      'watches:\n  - host: one.example\n    to: [slack:C0APART]\n  - host: two.example:8443\n    to: [slack:C0APART]\n',
    );
    const loading = loadWatchesFileApart({ path: good, lang: null, redis: redis.url, prefix });
    assert.equal(await loading.read, 2);
    assert.deepEqual(await loading.loaded, { added: 2, removed: 0 });
    const conn = createQueueConnection(redis.url, 'worker');
    t.after(() => quit(conn));
    const stored = await createWatchStore(conn, { prefix }).all();
    assert.deepEqual(stored.map((s) => s.watch.id).sort(), ['one.example:443', 'two.example:8443']);
    assert.ok(
      stored.every((s) => /^W\d+$/.test(s.watch.ref ?? '')),
      'each has its reference',
    );

    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'watches:\n  - host: one.example\n    to: [teams:x]\n');
    const refused = loadWatchesFileApart({ path: bad, lang: null, redis: redis.url, prefix });
    await assert.rejects(refused.read, (err: Error) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /^watches\[0\]\.to\[0\]: .*"teams:x"/);
      return true;
    });
    await assert.rejects(refused.loaded, ConfigError);
    assert.equal((await createWatchStore(conn, { prefix }).all()).length, 2, 'nothing removed');
  });
});
