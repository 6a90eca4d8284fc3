/**
 * The watches file loaded by two workers at once, on a real redis-server: every watch ends up
 * with exactly one short reference, the same for both, and a reload keeps it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createQueueConnection, quit } from '../src/queue/connection.js';
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
});
