/**
 * The watch store packs a watch and its state (deflate with a dictionary): a watch hash written
 * by an older version (plain JSON) still reads and is packed at its next write; a packed hash is
 * about half the bytes in Redis. On a real redis-server.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import { jsonPacker } from '../src/store/packed-json.js';
import { createWatchStore } from '../src/watch/store.js';
import { emptyState, type Watch, type WatchState } from '../src/watch/types.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';

let redis: TestRedis;
before(async () => {
  redis = await startRedis();
});
after(() => redis.close());

const watch: Watch = {
  id: 'shop.example.com:443',
  host: 'shop.example.com',
  port: 443,
  days: [30, 14, 7, 3, 1],
  to: [{ platform: 'slack', workspace: 'T1', conversation: 'C0123ABCD' }],
  source: 'file',
  lang: 'en',
  ref: 'W32239365',
};

const state: WatchState = {
  ...emptyState(),
  checkedAt: 1796321063431,
  status: 'ok',
  earliestNotAfter: '2027-03-03T18:02:57.000Z',
  cert: {
    current: {
      issuer: "C=US, O=Let's Encrypt, CN=R11",
      org: "Let's Encrypt",
      leafSpki: 'vjHQMsWVt6YOB07/Uw/uQwdS+MgarFENB4r+5h+k4Kc=',
      notBefore: '2026-12-02T18:03:00.000Z',
      notAfter: '2027-03-03T18:02:58.000Z',
      cas: [
        {
          subject: "C=US, O=Let's Encrypt, CN=R11",
          spki: 'pIEtE3dUbKFkvf9l/MhiDqaHhSe3rNdnmKWmqRfWPXw=',
        },
        {
          subject: 'C=US, O=ISRG, CN=ISRG Root X1',
          spki: '3qjTLA0twKUwfUA1hrCcanKkrCgLXUDIksSh4nmxb+o=',
        },
      ],
    },
    orgs: ["Let's Encrypt"],
    caKeys: [
      'pIEtE3dUbKFkvf9l/MhiDqaHhSe3rNdnmKWmqRfWPXw=',
      '3qjTLA0twKUwfUA1hrCcanKkrCgLXUDIksSh4nmxb+o=',
    ],
  },
};

test('a watch hash of plain JSON (an older version) reads; its next write packs it, smaller', async (t) => {
  const conn = createQueueConnection(redis.url, 'worker');
  t.after(() => quit(conn));
  const prefix = '{wxpacked}';
  const key = `${prefix}:watch:${watch.id}`;
  await conn.hset(
    key,
    'w',
    JSON.stringify(watch),
    's',
    JSON.stringify(state),
    'v',
    '3',
    'r',
    'W32239365',
  );
  await conn.zadd(`${prefix}:watch-due`, 1000, watch.id);
  const plainBytes = Number(await conn.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
  const store = createWatchStore(conn, { prefix });

  const old = await store.get(watch.id);
  assert.deepEqual(old?.watch, watch);
  assert.deepEqual(old?.state, state);
  assert.equal(old?.version, 3);
  assert.deepEqual(await store.takeDue(2000, 10, 60_000), [{ id: watch.id, dueAt: 1000 }]);

  const next = { ...state, checkedAt: 1796321099999 };
  assert.equal(await store.saveState(watch.id, 3, next, [], 5000), true);
  await store.put(watch, 1000);
  const now = await store.get(watch.id);
  assert.deepEqual(now?.watch, watch);
  assert.deepEqual(now?.state, next);
  assert.equal(now?.version, 4);
  assert.equal((await conn.hgetBuffer(key, 's'))?.[0], 1, 'packed, version 1');
  const packedBytes = Number(await conn.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
  assert.ok(packedBytes < plainBytes * 0.7, `packed ${packedBytes} B, plain ${plainBytes} B`);
  assert.deepEqual(
    (await store.all()).map((s) => s.watch.id),
    [watch.id],
  );
});

test('the packer: plain JSON reads as is, each dictionary version reads what it packed', () => {
  const v1 = jsonPacker(['"status":"ok"']);
  const v2 = jsonPacker(['"status":"ok"', '"status":"warn"']);
  const packedV1 = v1.pack({ status: 'ok', n: 1 });
  assert.equal(packedV1[0], 1);
  assert.deepEqual(v2.unpack(packedV1), { status: 'ok', n: 1 }, 'an older dictionary still reads');
  assert.equal(v2.pack({})[0], 2);
  assert.deepEqual(v2.unpack(Buffer.from('{"a":[1,2]}')), { a: [1, 2] });
  assert.equal(v2.unpack(null), null);
  assert.throws(() => jsonPacker(['x'.repeat(4096)]));
});
