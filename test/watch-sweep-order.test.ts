/**
 * The sweep tick runs ahead of the checks it queued: on a real redis-server with a real watch
 * worker, a tick that falls due while hundreds of checks wait is the next job the worker takes.
 */
import assert from 'node:assert/strict';
import { after, before, type TestContext, test } from 'node:test';
import { Queue } from 'bullmq';
import { createSweepProcessor, refillJobId } from '../jobs/sweep.js';
import { startWatchWorker } from '../src/app/watch-worker.js';
import { startableIn } from '../src/queue/concurrency.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import { QUEUES } from '../src/queue/names.js';
import { checkJobId, WATCH_JOBS } from '../src/queue/watch-jobs.js';
import { createWatchStore } from '../src/watch/store.js';
import type { Watch } from '../src/watch/types.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';

let redis: TestRedis;
before(async () => {
  redis = await startRedis();
});
after(async () => {
  await redis.close();
});

const CHECKS = 300;

/** A watch queue and store of their own on the test's redis-server, closed after the test. */
function sweepParts(t: TestContext, prefix: string) {
  const conn = createQueueConnection(redis.url, 'worker');
  t.after(() => quit(conn));
  const queue = new Queue(QUEUES.watch, { connection: conn, prefix });
  t.after(() => queue.close());
  return { conn, queue, store: createWatchStore(conn, { prefix }) };
}

/** `n` certificate watches `<letter>0:443` … first due at 1000. */
function dueWatches(letter: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    watch: {
      id: `${letter}${i}:443`,
      host: `${letter}${i}`,
      port: 443,
      days: [30],
      source: 'file',
      to: [],
    },
    firstAt: 1000,
  })) as unknown as Array<{ watch: Watch; firstAt: number }>;
}

test('a sweep tick due while hundreds of checks are queued runs before them', async (t) => {
  const prefix = '{wxorder}';
  const conn = createQueueConnection(redis.url, 'worker');
  t.after(() => quit(conn));
  const queue = new Queue(QUEUES.watch, { connection: conn, prefix });
  t.after(() => queue.close());
  const store = createWatchStore(conn, { prefix });
  const ids = Array.from({ length: CHECKS }, (_, i) => `host${i}.example:443`);
  await store.putMany(
    ids.map((id, i) => ({
      watch: {
        id,
        host: id.split(':')[0],
        port: 443,
        days: [30],
        source: 'file',
        to: [],
        ref: `W${10_000_000 + i}`,
      } as unknown as Watch,
      firstAt: 1000,
    })),
  );
  // A tick queues every due watch's check; they are waiting when the next tick falls due.
  const sweep = createSweepProcessor({ store, queue, now: () => 2000 });
  assert.deepEqual(await sweep(), { queued: CHECKS });
  await store.removeMany(ids); // the checks find their watch gone: quick, and no probe
  await queue.add(WATCH_JOBS.sweep, {});

  const order: string[] = [];
  let done = (_err?: Error) => {};
  const all = new Promise<void>((resolve, reject) => {
    done = (err) => (err ? reject(err) : resolve());
  });
  const worker = startWatchWorker(
    conn,
    prefix,
    { connection: conn, prefix },
    { allow: [], sweepEveryMs: 0, concurrency: 1, onError: (err) => done(err) },
  );
  t.after(() => worker.close());
  worker.worker.on('completed', (job) => {
    order.push(job.name);
    if (order.length === CHECKS + 1) done();
  });
  await all;
  assert.equal(order.indexOf(WATCH_JOBS.sweep), 0, 'the tick is the first job taken');
});

test('a tick tops the backlog up to what the workers can start, leasing for as long as it takes', async (t) => {
  const { queue, store } = sweepParts(t, '{wxbacklog}');
  const watch = (id: string) =>
    ({
      id,
      host: id,
      port: 443,
      days: [30],
      source: 'file',
      to: [],
      ref: 'W10000000',
    }) as unknown as Watch;
  await store.putMany(
    Array.from({ length: 30 }, (_, i) => ({ watch: watch(`a${i}:443`), firstAt: 1000 })),
  );
  const opts = {
    store,
    queue,
    now: () => 2000,
    maxBacklog: 40,
    slots: 2,
    checkMs: 1000,
    leaseMs: 5000,
  };
  assert.deepEqual(await createSweepProcessor(opts)(), { queued: 30 });
  await store.putMany(
    Array.from({ length: 30 }, (_, i) => ({ watch: watch(`b${i}:443`), firstAt: 1000 })),
  );
  // 30 checks still waiting: room for 10 more; the rest stay due, untaken.
  assert.deepEqual(await createSweepProcessor(opts)(), { queued: 10 });
  const due = await store.takeDue(2000, 100, 0);
  assert.equal(due.length, 20, 'the watches it had no room for are still due');
  // 40 queued ahead over 2 slots of up to 1 s each: 20 s, longer than the 5 s base lease.
  const leased = await store.takeDue(1_000_000, 100, 0);
  const leaseEnds = new Set(
    leased.filter((d) => d.id.startsWith('b') && d.dueAt > 2000).map((d) => d.dueAt),
  );
  assert.deepEqual([...leaseEnds], [2000 + 20_000]);
});

test('a tick queues no more than the workers can start before the next one, as measured', async (t) => {
  const { queue, store } = sweepParts(t, '{wxstartable}');
  await store.putMany(dueWatches('s', 50));
  // 2 slots × 1 s ticks ÷ 100 ms a check: 20 can start, with half again to grow: 30.
  const startable = () => startableIn(1000, 2, 100);
  const opts = { store, queue, now: () => 2000, startable };
  assert.deepEqual(await createSweepProcessor(opts)(), { queued: 30 });
  assert.deepEqual(await createSweepProcessor(opts)(), { queued: 0 }, 'none started meanwhile');
  assert.equal((await store.takeDue(2000, 100, 0)).length, 20, 'the rest is still due');
});

test('a tick that leaves watches due asks for a refill sweep soon; one that drains them does not', async (t) => {
  const { queue, store } = sweepParts(t, '{wxrefill}');
  await store.putMany(dueWatches('r', 25));
  let room = 10;
  // Far ahead, so that no worker (there is none) could have run it before it is looked at.
  const refillMs = 3_600_000;
  const opts = { store, queue, now: () => 2000, startable: () => room, refillMs };
  const before = Date.now();
  assert.deepEqual(await createSweepProcessor(opts)(), { queued: 10 });
  const refills = await queue.getJobs(['delayed']);
  assert.equal(refills.length, 1, 'one refill sweep');
  assert.equal(refills[0]?.name, WATCH_JOBS.sweep);
  const at = [before, Date.now()].map((ms) => refillJobId(ms + refillMs));
  assert.ok(at.includes(refills[0]?.id ?? ''), `${refills[0]?.id} is one of ${at}`);

  await queue.drain(true);
  room = 100;
  assert.deepEqual(await createSweepProcessor(opts)(), { queued: 15 });
  assert.equal(await store.anyDue(2000), false);
  assert.deepEqual(await queue.getJobs(['delayed']), [], 'nothing left due: no refill');
});

test('a swept check is a compact job in Redis (a listpack hash, no options beyond its priority and id)', async (t) => {
  const prefix = '{wxcompact}';
  const { conn, queue, store } = sweepParts(t, prefix);
  const id = 'payments.api.example.com:443';
  await store.put(
    {
      id,
      host: 'payments.api.example.com',
      port: 443,
      days: [30],
      source: 'file',
      to: [],
    } as never,
    1000,
  );
  assert.deepEqual(await createSweepProcessor({ store, queue, now: () => 2000 })(), { queued: 1 });
  const [job] = await queue.getJobs(['prioritized']);
  assert.ok(job?.id);
  assert.deepEqual(job.data, { id, dueAt: 1000 });
  assert.equal(job.id, checkJobId({ id, dueAt: 1000 }), 'the same (watch, due time): the same id');
  const key = `${prefix}:${QUEUES.watch}:${job.id}`;
  assert.equal(await conn.call('OBJECT', 'ENCODING', key), 'listpack');
});
