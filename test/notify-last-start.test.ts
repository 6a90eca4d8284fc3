/**
 * A notify job at the last start its worker allows (maxStartedAttempts, 64): BullMQ retries it no
 * more, whatever attempts it has left, and fails at its next start a job delayed from it without
 * running it. The real workers (startWorkers) on a real redis-server: a result with its verdict
 * as follow-up, rate limited at every start until the last; there the result fails for good
 * and the verdict still goes, each counted once.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Queue, QueueEvents } from 'bullmq';
import { startWorkers } from '../src/app/job-workers.js';
import { type Invocation, RateLimitedError } from '../src/model/index.js';
import type { NotifyJobData } from '../src/queue/job-data.js';
import { notifyJobOptions } from '../src/queue/job-options.js';
import { pendingMessage } from '../src/queue/messages.js';
import { messageIds, QUEUES } from '../src/queue/names.js';
import { RecordingDelivery } from './fixtures/recording-delivery.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';

/** The notify worker's maxStartedAttempts (NOTIFY_MAX_STARTS in src/app/job-workers.ts). */
const MAX_STARTS = 64;

let redis: TestRedis;
before(async () => {
  redis = await startRedis();
});
after(() => redis.close());

function resultWithVerdict(): NotifyJobData & { followUp: NotifyJobData } {
  const invocation: Invocation = {
    id: `inv-${randomUUID()}`,
    platform: 'slack',
    workspace: 'T0001',
    conversation: 'C0001',
    user: 'U0001',
    text: 'cert example.com',
    lang: 'en',
    receivedAt: new Date().toISOString(),
  };
  const ids = messageIds(invocation.id);
  return {
    ...pendingMessage(invocation),
    id: ids.result,
    action: 'reply',
    threadRef: '1700000000.000001',
    followUp: {
      ...pendingMessage(invocation),
      id: ids.verdict,
      action: 'update',
      messageRef: '1700000000.000001',
    },
  };
}

/**
 * Runs one job through the real workers until BullMQ is done with it; returns how it ended and
 * the per-message outcomes the workers counted.
 */
async function untilFinished(prefix: string, recording: RecordingDelivery, data: NotifyJobData) {
  const outcomes: string[] = [];
  const workers = startWorkers({
    connection: redis.url,
    prefix,
    deliveries: { slack: recording },
    notifyBackoffMs: 1,
    watch: { sweepEveryMs: 0 },
    onDelivery: (_platform, outcome) => outcomes.push(outcome),
  });
  const connection = { url: redis.url };
  const notify = new Queue(QUEUES.notify, { connection, prefix });
  const events = new QueueEvents(QUEUES.notify, { connection, prefix });
  try {
    await Promise.all([workers.ready(), events.waitUntilReady()]);
    const job = await notify.add('reply', data, notifyJobOptions(data.id));
    const ended = await job.waitUntilFinished(events).then(
      () => 'completed',
      (err: Error) => `failed: ${err.message}`,
    );
    const state = job.id === undefined ? undefined : await notify.getJob(job.id);
    return { ended, outcomes, starts: state?.attemptsStarted };
  } finally {
    await events.close();
    await notify.close();
    await workers.close();
  }
}

const rateLimited = () => new RateLimitedError(1);

test('rate limited at its last start: the result fails for good, its verdict still goes', {
  timeout: 30_000,
}, async () => {
  const data = resultWithVerdict();
  const recording = new RecordingDelivery().failWith(
    (m) => m.id === data.id,
    rateLimited,
    MAX_STARTS,
  );
  const { ended, outcomes, starts } = await untilFinished(
    `{last-start-limited-${process.pid}}`,
    recording,
    data,
  );
  assert.equal(recording.attemptsAt(data.id).length, MAX_STARTS, ended);
  assert.equal(starts, MAX_STARTS);
  assert.match(ended, /^failed: rate limited/);
  assert.deepEqual(
    recording.attemptsAt(data.followUp.id).map((a) => a.outcome),
    ['delivered'],
  );
  assert.deepEqual(outcomes, ['failed', 'delivered']);
});

test('a transient error at its last start is a failure: not counted as retried, verdict goes', {
  timeout: 30_000,
}, async () => {
  const data = resultWithVerdict();
  const recording = new RecordingDelivery()
    .failWith((m) => m.id === data.id, rateLimited, MAX_STARTS - 1)
    .failWith(
      (m) => m.id === data.id,
      () => new Error('socket hang up'),
    );
  const { ended, outcomes } = await untilFinished(
    `{last-start-transient-${process.pid}}`,
    recording,
    data,
  );
  assert.deepEqual(
    recording.attemptsAt(data.id).map((a) => a.outcome),
    [...Array<string>(MAX_STARTS - 1).fill('rate-limited'), 'transient'],
    ended,
  );
  assert.equal(ended, 'failed: socket hang up');
  assert.deepEqual(
    recording.attemptsAt(data.followUp.id).map((a) => a.outcome),
    ['delivered'],
  );
  assert.deepEqual(outcomes, ['failed', 'delivered']);
});
