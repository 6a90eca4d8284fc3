/**
 * The watch worker's slots and their deadlines: a plain check's slot is past its deadline at the
 * probe deadline (not the probe deadline plus the regions' margin, which only a regional check
 * waits for), so /healthz sees a stuck watch worker as soon as it is stuck.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Queue } from 'bullmq';
import { startWatchWorker } from '../src/app/watch-worker.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import { QUEUES } from '../src/queue/names.js';
import { Slots } from '../src/queue/slots.js';
import { WATCH_JOBS, watchCheckJobOptions } from '../src/queue/watch-jobs.js';
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

test('until() moves a held slot’s deadline', () => {
  let now = 0;
  const slots = new Slots('watch', 1, () => now);
  const held = slots.hold(1000);
  now = 2000;
  assert.equal(slots.overdue(), 1);
  held.until(5000);
  assert.equal(slots.overdue(), 0, 'moved past now');
  now = 6000;
  assert.equal(slots.overdue(), 1);
  held();
  assert.equal(slots.overdue(), 0);
});

test('a plain watch check that hangs is past its slot’s deadline at the probe deadline, not a regions’ margin later', async (t) => {
  const prefix = '{wxslots}';
  const conn = createQueueConnection(redis.url, 'worker');
  const queue = new Queue(QUEUES.watch, { connection: conn, prefix });
  let entered = () => {};
  const probing = new Promise<void>((resolve) => {
    entered = resolve;
  });
  let release = () => {};
  const hung = new Promise<never>((_, reject) => {
    release = () => reject(new Error('released by the test'));
  });
  const worker = startWatchWorker(
    conn,
    prefix,
    { connection: conn, prefix },
    {
      allow: [],
      sweepEveryMs: 0,
      concurrency: 1,
      probeTimeoutMs: 100,
      // Far longer than the test: a slot held for it would never be past its deadline here.
      regionMarginMs: 600_000,
      probe: () => {
        entered();
        return hung;
      },
      onError: () => {},
    },
  );
  // The probe lets go first, so that the worker's close does not wait for it.
  t.after(async () => {
    release();
    await worker.close();
    await queue.close();
    await quit(conn);
  });
  const id = 'hangs.example:443';
  await createWatchStore(conn, { prefix }).put(
    {
      id,
      host: 'hangs.example',
      port: 443,
      days: [30],
      source: 'file',
      to: [],
    } as unknown as Watch,
    1000,
  );
  const data = { id, dueAt: 1000 };
  await queue.add(WATCH_JOBS.check, data, watchCheckJobOptions(data));
  await probing;
  // The deadline is 100 ms away, and the slots allow 250 ms to settle: give it ten times that.
  const until = Date.now() + 3500;
  while (worker.slots.overdue() === 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(worker.slots.overdue(), 1, 'the hung check’s slot is past its deadline');
  assert.match(worker.slots.stuck() ?? '', /watch worker: all 1 slots held/);
});
