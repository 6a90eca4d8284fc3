/**
 * wx_deliveries_total from the real notify worker (BullMQ on a real redis-server): a message
 * delivered, one delivered after a transient error (retried, then delivered), one refused for
 * good (failed).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Queue } from 'bullmq';
import { startWorkers } from '../src/app/job-workers.js';
import { createMetrics } from '../src/app/metrics.js';
import { type Invocation, PermanentDeliveryError } from '../src/model/index.js';
import { notifyJobOptions } from '../src/queue/job-options.js';
import { pendingMessage } from '../src/queue/messages.js';
import { messageIds, QUEUES } from '../src/queue/names.js';
import { sampleOf } from './fixtures/promql.js';
import { RecordingDelivery } from './fixtures/recording-delivery.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';

let redis: TestRedis;
before(async () => {
  redis = await startRedis();
});
after(() => redis.close());

function invocation(text: string): Invocation {
  return {
    id: `inv-${randomUUID()}`,
    platform: 'slack',
    workspace: 'T0001',
    conversation: 'C0001',
    user: 'U0001',
    text,
    lang: 'en',
    receivedAt: new Date().toISOString(),
  };
}

/**
 * The real workers delivering through `recording` and counting into fresh metrics; `sent` resolves
 * once `messages` are done with (delivered or given up on), or the test times out (then the
 * assertions say what is missing). `count` reads wx_deliveries_total by outcome.
 */
async function delivering(
  t: { signal: AbortSignal },
  prefix: string,
  recording: RecordingDelivery,
  messages: number,
  jobs: Array<{ name: string; data: ReturnType<typeof pendingMessage> & { id: string } }>,
) {
  const metrics = createMetrics({ defaultMetrics: false });
  let finished = 0;
  let done: () => void = () => {};
  const sent = new Promise<void>((resolve) => {
    done = resolve;
  });
  t.signal.addEventListener('abort', () => done());
  const workers = startWorkers({
    connection: redis.url,
    prefix,
    deliveries: { slack: recording },
    notifyBackoffMs: 10,
    watch: { sweepEveryMs: 0 },
    onDelivery: (platform, outcome) => {
      metrics.recordDelivery(platform, outcome);
      if (outcome !== 'retried' && ++finished === messages) done();
    },
  });
  const notify = new Queue(QUEUES.notify, { connection: { url: redis.url }, prefix });
  try {
    await workers.ready();
    for (const j of jobs) await notify.add(j.name, j.data, notifyJobOptions(j.data.id));
    await sent;
    const text = await metrics.render();
    return {
      text,
      count: (outcome: string) =>
        sampleOf(text, 'wx_deliveries_total', { platform: 'slack', outcome }),
    };
  } finally {
    await notify.close();
    await workers.close();
  }
}

test('delivered, retried and failed deliveries are counted by platform', {
  timeout: 30_000,
}, async (t) => {
  const prefix = `{deliveries-${process.pid}}`;
  const [ok, flaky, refused] = ['ok', 'flaky', 'refused'].map((t) =>
    pendingMessage(invocation(t)),
  ) as [
    ReturnType<typeof pendingMessage>,
    ReturnType<typeof pendingMessage>,
    ReturnType<typeof pendingMessage>,
  ];
  const recording = new RecordingDelivery()
    .failWith(
      (m) => m.id === flaky.id,
      () => new Error('socket hang up'),
    )
    .failWith(
      (m) => m.id === refused.id,
      () => new PermanentDeliveryError('channel_not_found'),
    );
  const { text, count } = await delivering(
    t,
    prefix,
    recording,
    3,
    [ok, flaky, refused].map((data) => ({ name: 'post', data })),
  );
  assert.equal(count('delivered'), 2, text);
  assert.equal(count('retried'), 1);
  assert.equal(count('failed'), 1);
  assert.equal(recording.attemptsAt(flaky.id).length, 2);
});

test('a result and its verdict in one job are counted as two messages', {
  timeout: 30_000,
}, async (t) => {
  const prefix = `{deliveries-follow-${process.pid}}`;
  const [refusedInv, flakyInv] = [invocation('refused'), invocation('flaky')];
  const verdictOf = (inv: Invocation) => ({
    ...pendingMessage(inv),
    id: messageIds(inv.id).verdict,
    action: 'update' as const,
    messageRef: '1700000000.000001',
  });
  const withVerdict = (inv: Invocation) => ({
    ...pendingMessage(inv),
    id: messageIds(inv.id).result,
    action: 'reply' as const,
    threadRef: '1700000000.000001',
    followUp: verdictOf(inv),
  });
  // The first job's result is refused for good: its verdict still goes. The second job's
  // verdict fails once: the result is not posted again.
  const refused = withVerdict(refusedInv);
  const flaky = withVerdict(flakyInv);
  const recording = new RecordingDelivery()
    .failWith(
      (m) => m.id === refused.id,
      () => new PermanentDeliveryError('msg_too_long'),
    )
    .failWith(
      (m) => m.id === flaky.followUp.id,
      () => new Error('socket hang up'),
    );
  const { text, count } = await delivering(
    t,
    prefix,
    recording,
    4,
    [refused, flaky].map((data) => ({ name: 'reply', data })),
  );
  assert.equal(count('delivered'), 3, text);
  assert.equal(count('retried'), 1);
  assert.equal(count('failed'), 1);
  assert.deepEqual(
    recording.attemptsAt(refused.followUp.id).map((a) => a.outcome),
    ['delivered'],
  );
  assert.equal(recording.attemptsAt(flaky.id).length, 1);
  assert.equal(recording.attemptsAt(flaky.followUp.id).length, 2);
});
