/**
 * WX_WATCH_CONCURRENCY sets how many jobs of the watch queue (watch checks) a worker process runs
 * at once at most; WX_PROBE_CONCURRENCY stays the probe queue's. Through the worker role as
 * main starts it, against a real redis-server, down to the BullMQ workers.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createLogger } from '../src/app/log.js';
import { createMetrics } from '../src/app/metrics.js';
import { createClosers } from '../src/app/shutdown.js';
import { startWorkerRole } from '../src/app/worker.js';
import { loadConfig } from '../src/config/index.js';
import { QUEUES } from '../src/queue/names.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';

let redis: TestRedis;
before(async () => {
  redis = await startRedis();
});
after(() => redis.stop());

async function concurrencyWith(extra: Record<string, string>): Promise<Record<string, number>> {
  const config = loadConfig(
    {
      REDIS_URL: redis.url,
      SLACK_BOT_TOKEN: 'xoxb-watch-concurrency',
      LOG_LEVEL: 'silent',
      WX_QUEUE_PREFIX: `{watch-concurrency-${process.pid}}`,
      ...extra,
    },
    ['--role', 'worker'],
  );
  const log = createLogger(config);
  const closers = createClosers(log);
  try {
    const workers = await startWorkerRole(config, {
      log,
      metrics: createMetrics(),
      closers,
      deliveries: {},
      watches: [],
    });
    await workers.ready();
    return workers.concurrency();
  } finally {
    await closers.close();
  }
}

test('WX_WATCH_CONCURRENCY reaches the watch queue worker, and only it', async () => {
  // The watch worker's maximum: it starts at 64 or this, when lower, and adapts below it.
  const set = await concurrencyWith({ WX_WATCH_CONCURRENCY: '8', WX_PROBE_CONCURRENCY: '16' });
  assert.equal(set[QUEUES.watch], 8);
  assert.equal(set[QUEUES.probe], 16);
});

test('both start at 64 (the watch worker may then grow to 512)', async () => {
  const unset = await concurrencyWith({});
  assert.equal(unset[QUEUES.watch], 64);
  assert.equal(unset[QUEUES.probe], 64);
});
