/**
 * Commands through the real queues: a real redis-server, real probes against TLS/DNS servers on
 * 127.0.0.1, and a recording chat delivery. Each test has its own key prefix and workers.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { after, before, describe, type TestContext, test } from 'node:test';
import { FlowProducer, type Job, Queue, QueueEvents } from 'bullmq';
import { plan } from '../commands/index.js';
import { startWorkers, type Workers, type WorkersOptions } from '../src/app/job-workers.js';
import type { ProbePlan, RedisClient } from '../src/model/index.js';
import {
  type Invocation,
  type MessageContent,
  PermanentDeliveryError,
  RateLimitedError,
} from '../src/model/index.js';
import { createContext } from '../src/probes/context.js';
import { type AnyProbeResult, type ProbeRequest, runProbe } from '../src/probes/index.js';
import { commandFlow } from '../src/queue/command-flow.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import { notifyJobOptions } from '../src/queue/job-options.js';
import { pendingMessage } from '../src/queue/messages.js';
import {
  COMMAND,
  checkKey,
  commandKey,
  jobId,
  messageIds,
  probeKey,
  QUEUES,
  type QueueName,
} from '../src/queue/names.js';
import { createSubmitter, type Submitter } from '../src/queue/submit.js';
import { type CommandSubmission, QueueUnavailableError } from '../src/queue/types.js';
import { DnsServer } from './fixtures/dns-server.js';
import { bundle, goodChain } from './fixtures/pki.js';
import { RecordingDelivery } from './fixtures/recording-delivery.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { startTcpGate } from './fixtures/tcp-gate.js';
import { type RunningServer, startSilentServer, startTlsServer } from './fixtures/tls-server.js';

const ALLOW = ['127.0.0.0/8'];
const { leaf, intermediate } = goodChain('localhost');

let redis: TestRedis;
let tls: RunningServer;
let prefixes = 0;

before(async () => {
  redis = await startRedis();
  tls = await startTlsServer({ keyPem: leaf.keyPem, chainPem: bundle(leaf, intermediate) });
});
after(async () => {
  await tls.close();
  await redis.close();
});

function invocation(text: string, extra: Partial<Invocation> = {}): Invocation {
  return {
    id: `inv-${randomUUID()}`,
    platform: 'slack',
    workspace: 'T0001',
    conversation: 'C0001',
    user: 'U0001',
    text,
    lang: 'en',
    receivedAt: new Date().toISOString(),
    ...extra,
  };
}

/** `/wx <text>` as a chat front end would submit it. */
function command(
  text: string,
  extra: Partial<Invocation> = {},
): CommandSubmission & { plan: ProbePlan } {
  const p = plan(text.split(' '), 'chat');
  assert.equal(p.kind, 'probes');
  return { invocation: invocation(text, extra), plan: p as ProbePlan };
}

interface Harness {
  prefix: string;
  recording: RecordingDelivery;
  workers: Workers;
  submitter: Submitter;
  start(extra?: Partial<WorkersOptions>): Promise<Workers>;
  queue(name: QueueName): Queue;
}

async function harness(t: TestContext, extra: Partial<WorkersOptions> = {}): Promise<Harness> {
  const prefix = `{wxt${++prefixes}}`;
  const recording = new RecordingDelivery();
  const closers: Array<() => Promise<unknown>> = [];
  t.after(async () => {
    for (const close of closers.reverse()) await close();
  });
  const start = async (more: Partial<WorkersOptions> = {}) => {
    const workers = startWorkers({
      connection: redis.url,
      prefix,
      deliveries: { slack: recording },
      allow: ALLOW,
      notifyBackoffMs: 50,
      // No sweep scheduler: its next run would be a delayed job in an otherwise idle queue.
      watch: { sweepEveryMs: 0 },
      ...extra,
      ...more,
    });
    closers.push(() => workers.close());
    await workers.ready();
    return workers;
  };
  const workers = await start();
  const submitter = createSubmitter({ connection: redis.url, prefix });
  closers.push(() => submitter.close());
  const queues = new Map<QueueName, Queue>();
  const queue = (name: QueueName) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: { url: redis.url }, prefix });
      queues.set(name, q);
      closers.push(() => (q as Queue).close());
    }
    return q;
  };
  return { prefix, recording, workers, submitter, start, queue };
}

/** The job behind one logical key (`<invocation>:result`, `<invocation>:probe:0`). */
async function job(h: Harness, queue: QueueName, key: string): Promise<Job> {
  const found = await h.queue(queue).getJob(jobId(key));
  assert.ok(found, `job ${key} in ${queue}`);
  return found;
}

/** Nothing waiting, delayed or running in any queue: no message is still to come. */
async function assertIdle(h: Harness): Promise<void> {
  for (const name of Object.values(QUEUES)) {
    const counts = await h
      .queue(name)
      .getJobCounts('wait', 'delayed', 'active', 'waiting-children');
    assert.deepEqual(counts, { wait: 0, delayed: 0, active: 0, 'waiting-children': 0 }, name);
  }
}

function content<T extends MessageContent['type']>(
  c: MessageContent,
  type: T,
): Extract<MessageContent, { type: T }> {
  assert.equal(c.type, type);
  return c as Extract<MessageContent, { type: T }>;
}

function connected(connection: RedisClient): Promise<unknown> {
  return connection.status === 'ready' ? Promise.resolve() : once(connection, 'ready');
}

describe('a command through the queues', { timeout: 60_000 }, () => {
  test('cert: parent post, threaded result, parent edited to the verdict', async (t) => {
    const observed: AnyProbeResult[] = [];
    const h = await harness(t, { onProbeResult: (r) => observed.push(r) });
    const s = command(`cert 127.0.0.1:${tls.port}`);
    const ids = messageIds(s.invocation.id);
    await h.submitter.submit(s);
    await h.recording.untilDelivered(ids.verdict);
    await h.workers.close();
    await assertIdle(h);

    const delivered = h.recording.delivered(s.invocation.id);
    assert.deepEqual(
      delivered.map((a) => [a.message.id, a.message.action]),
      [
        [ids.parent, 'post'],
        [ids.result, 'reply'],
        [ids.verdict, 'update'],
      ],
    );
    const [post, reply, update] = delivered.map((a) => a.message);
    const parentRef = delivered[0]?.receipt?.ref;
    assert.ok(parentRef);
    assert.equal(
      content(post?.content as MessageContent, 'pending').invocation.id,
      s.invocation.id,
    );
    assert.equal(post?.conversation, 'C0001');

    assert.equal(reply?.threadRef, parentRef);
    const result = content(reply?.content as MessageContent, 'result');
    assert.equal(result.combined, undefined);
    assert.equal(result.results.length, 1);
    const [r] = result.results;
    assert.equal(r?.probe, 'cert');
    assert.equal(r?.target, `127.0.0.1:${tls.port}`);
    // What the probe library says when run directly, with the same guard, travelled unchanged.
    const direct = await runProbe(
      s.plan.requests[0] as ProbeRequest,
      createContext({ policy: { denyPrivate: true, allow: ALLOW } }),
    );
    assert.equal(r?.status, direct.status);
    assert.equal(r?.status, 'fail');
    const codes = r?.findings.map((f) => f.code) ?? [];
    assert.deepEqual(
      codes,
      direct.findings.map((f) => f.code),
    );
    // The test root is in no trust store, so the chain cannot be completed.
    assert.ok(codes.includes('CHAIN_INCOMPLETE'), codes.join());
    assert.equal(r?.detail.chain.length, 2);

    assert.deepEqual(observed, [r], 'the metrics hook saw the result');

    assert.equal(update?.messageRef, parentRef);
    const verdict = content(update?.content as MessageContent, 'verdict');
    assert.equal(verdict.status, 'fail');
    assert.match(verdict.summary, /^cert 127\.0\.0\.1:\d+: fail \(.*CHAIN_INCOMPLETE.*\)$/);
    // One probe's verdict names its worst problem, the one its answer opens with.
    const worstFirst = r?.findings.find((f) => f.severity === 'fail');
    assert.equal(verdict.cause?.probe, 'cert');
    assert.equal(verdict.cause?.code, worstFirst?.code);
    assert.equal(verdict.cause?.message, worstFirst?.message);
  });

  test('one job: a chat command is a `command` job that posts and answers itself; added twice, answered once', async (t) => {
    const h = await harness(t);
    const s = command(`cert 127.0.0.1:${tls.port}`);
    const ids = messageIds(s.invocation.id);
    // A front end that retries its add (a timeout whose add went through) submits it again.
    await h.submitter.submit(s);
    await h.submitter.submit(s);
    await h.recording.untilDelivered(ids.verdict);
    await h.submitter.submit(s);
    await h.workers.close();
    await assertIdle(h);

    assert.deepEqual(
      h.recording.delivered(s.invocation.id).map((a) => a.message.id),
      [ids.parent, ids.result, ids.verdict],
    );
    assert.equal(await h.queue(QUEUES.check).getJob(jobId(checkKey(s.invocation.id))), undefined);
    const one = await job(h, QUEUES.probe, commandKey(s.invocation.id));
    assert.equal(one.name, COMMAND);
    assert.equal(await one.getState(), 'completed');
    assert.equal(one.returnvalue.status, 'fail');
    assert.equal(
      one.returnvalue.parentRef,
      h.recording.delivered(s.invocation.id)[0]?.receipt?.ref,
    );
    assert.deepEqual(await h.queue(QUEUES.probe).getJobCounts('completed'), { completed: 1 });
    assert.deepEqual(await h.queue(QUEUES.notify).getJobCounts('completed', 'failed'), {
      completed: 0,
      failed: 0,
    });
  });

  test('several probes (check): one command job runs them all and combines them', async (t) => {
    const h = await harness(t);
    const s = command(`check 127.0.0.1:${tls.port}`);
    const ids = messageIds(s.invocation.id);
    assert.ok(s.plan.requests.length > 1, 'check runs several probes');
    await h.submitter.submit(s);
    await h.recording.untilDelivered(ids.verdict);
    await h.workers.close();

    assert.equal(await h.queue(QUEUES.check).getJob(jobId(checkKey(s.invocation.id))), undefined);
    const one = await job(h, QUEUES.probe, commandKey(s.invocation.id));
    assert.equal(await one.getState(), 'completed');
    assert.deepEqual(await h.queue(QUEUES.probe).getJobCounts('completed'), { completed: 1 });
    const [update] = h.recording
      .delivered(s.invocation.id)
      .filter((a) => a.message.id === ids.verdict);
    const verdict = content(update?.message.content as MessageContent, 'verdict');
    // The combined report's verdict: one cause for the whole check.
    assert.match(verdict.summary, /^127\.0\.0\.1:\d+: fail \(cause: cert CHAIN_INCOMPLETE\)$/);
  });

  test('each delivery is logged: invocation, ref, job, destination kind, time since received', async (t) => {
    const lines: Array<{ obj: Record<string, unknown>; msg: string | undefined }> = [];
    const logger = {
      info: (obj: object, msg?: string) => lines.push({ obj: obj as Record<string, unknown>, msg }),
      warn() {},
      error() {},
    };
    const h = await harness(t, { logger });
    const s = command(`cert 127.0.0.1:${tls.port}`, {
      ref: 'W7',
      receivedAt: new Date(Date.now() - 1500).toISOString(),
    });
    const ids = messageIds(s.invocation.id);
    await h.submitter.submit(s);
    await h.recording.untilDelivered(ids.verdict);
    await h.workers.close();

    const delivered = lines.filter((l) => /delivered$/.test(l.msg ?? ''));
    assert.deepEqual(delivered.map((l) => [l.msg, l.obj.content]).sort(), [
      ['message delivered', 'pending'],
      ['message delivered', 'verdict'],
      ['result delivered', 'result'],
    ]);
    const result = delivered.find((l) => l.msg === 'result delivered')?.obj ?? {};
    const { sinceReceivedMs, ...rest } = result;
    assert.deepEqual(rest, {
      invocation: s.invocation.id,
      ref: 'W7',
      job: jobId(commandKey(s.invocation.id)),
      message: ids.result,
      content: 'result',
      action: 'reply',
      destination: 'slack',
    });
    assert.ok(
      typeof sinceReceivedMs === 'number' && sinceReceivedMs >= 1500,
      String(sinceReceivedMs),
    );
  });

  test('the address guard is on for chat: loopback is refused without an allow-list', async (t) => {
    const h = await harness(t, { allow: [] });
    const s = command(`cert 127.0.0.1:${tls.port}`);
    const connectionsBefore = tls.connections();
    await h.submitter.submit(s);
    await h.recording.untilDelivered(messageIds(s.invocation.id).verdict);
    const reply = h.recording.delivered(s.invocation.id).find((a) => a.message.action === 'reply');
    const [r] = content(reply?.message.content as MessageContent, 'result').results;
    assert.deepEqual(
      r?.findings.map((f) => f.code),
      ['ADDRESS_BLOCKED'],
    );
    assert.equal(tls.connections(), connectionsBefore, 'no connection was made');
  });

  test('WX_PROBE_TIMEOUT_MS caps a chat --timeout: a silent server cannot hold a worker longer', async (t) => {
    const silent = await startSilentServer();
    t.after(() => silent.close());
    const h = await harness(t, { maxProbeTimeoutMs: 300 });
    const s = command(`cert 127.0.0.1:${silent.port} --timeout 120000`);
    assert.equal(s.plan.run.timeoutMs, 120_000);
    const t0 = performance.now();
    await h.submitter.submit(s);
    await h.recording.untilDelivered(messageIds(s.invocation.id).verdict);
    const reply = h.recording.delivered(s.invocation.id).find((a) => a.message.action === 'reply');
    const [r] = content(reply?.message.content as MessageContent, 'result').results;
    assert.deepEqual(
      r?.findings.map((f) => f.code),
      ['TLS_TIMEOUT'],
    );
    assert.ok(performance.now() - t0 < 20_000, 'the 120 s --timeout was not capped');
  });

  test('check: three probes as children, one combined result', async (t) => {
    const dns = await new DnsServer({
      zone: { localhost: [{ type: 'A', data: '127.0.0.1' }] },
    }).start();
    t.after(() => dns.close());
    const h = await harness(t);
    const host = `localhost:${tls.port}`;
    const s = command(`check ${host} --resolve ${host}:127.0.0.1 --resolver 127.0.0.1:${dns.port}`);
    assert.equal(s.plan.requests.length, 3);
    const ids = messageIds(s.invocation.id);
    await h.submitter.submit(s);
    await h.recording.untilDelivered(ids.verdict);
    await h.workers.close();
    await assertIdle(h);

    const replies = h.recording
      .delivered(s.invocation.id)
      .filter((a) => a.message.action === 'reply');
    assert.equal(replies.length, 1);
    const result = content(replies[0]?.message.content as MessageContent, 'result');
    assert.deepEqual(
      result.results.map((r) => r.probe),
      ['cert', 'dns', 'http'],
    );
    assert.ok(result.combined);
    assert.equal(result.combined.check, host);
    assert.equal(result.combined.results.length, 3);
    const dnsResult = result.results[1];
    assert.equal(dnsResult?.status, 'ok', JSON.stringify(dnsResult?.findings));
    assert.ok(dns.queries.length > 0, 'the dns child asked the local resolver');

    const update = h.recording
      .delivered(s.invocation.id)
      .find((a) => a.message.action === 'update');
    const verdict = content(update?.message.content as MessageContent, 'verdict');
    assert.equal(verdict.status, result.combined.status);
    // One line naming the root cause, not every probe.
    const cause = result.combined.cause;
    assert.ok(cause, 'the test root is not trusted: the check fails');
    assert.equal(
      verdict.summary,
      `${host}: ${result.combined.status} (cause: ${cause.probe} ${cause.code})`,
    );
    assert.deepEqual(verdict.cause, {
      probe: cause.probe,
      code: cause.code,
      message: cause.message,
      // The words the renderer needs to say it in zh-CN.
      ...(cause.args ? { args: cause.args } : {}),
      ...(cause.variant ? { variant: cause.variant } : {}),
    });
  });

  test('in an existing thread: no parent post, the result replies in that thread', async (t) => {
    const h = await harness(t);
    const s = command(`cert 127.0.0.1:${tls.port}`, { thread: 'ts-thread-9' });
    await h.submitter.submit(s);
    await h.recording.untilDelivered(messageIds(s.invocation.id).verdict);
    await h.workers.close();
    await assertIdle(h);

    const delivered = h.recording.delivered(s.invocation.id).map((a) => a.message);
    assert.deepEqual(
      delivered.map((m) => [m.action, m.threadRef ?? m.messageRef]),
      [
        ['reply', 'ts-thread-9'],
        ['update', 'ts-thread-9'],
      ],
    );
  });

  test('a probe stopped by the watchdog still yields a result: PROBE_ERROR, not silence', async (t) => {
    const silent = await startSilentServer();
    t.after(() => silent.close());
    // A grace below zero: the watchdog stops the probe 200 ms in, as it would a hung one.
    const h = await harness(t, { maxProbeTimeoutMs: 5000, probeGraceMs: -4800 });
    const s = command(`cert 127.0.0.1:${silent.port}`);
    await h.submitter.submit(s);
    await h.recording.untilDelivered(messageIds(s.invocation.id).verdict);

    const reply = h.recording.delivered(s.invocation.id).find((a) => a.message.action === 'reply');
    const [r] = content(reply?.message.content as MessageContent, 'result').results;
    assert.equal(r?.status, 'error');
    assert.equal(r?.target, `127.0.0.1:${silent.port}`);
    assert.deepEqual(
      r?.findings.map((f) => f.code),
      ['PROBE_ERROR'],
    );
    assert.match(r?.findings[0]?.message ?? '', /did not end by its deadline/);
    assert.equal(
      await (await job(h, QUEUES.probe, commandKey(s.invocation.id))).getState(),
      'completed',
    );
  });

  test('a crashed probe job of a check flow still yields a result: PROBE_ERROR, not silence', async (t) => {
    const h = await harness(t);
    const s = command(`cert 127.0.0.1:${tls.port}`);
    const flow = commandFlow(s);
    // A probe child the worker cannot run: its job fails; the check goes on without it.
    const probe = flow.children.find((c) => c.queueName === QUEUES.probe);
    assert.ok(probe);
    probe.data = { request: (probe.data as { request: unknown }).request, run: null };
    const producer = new FlowProducer({ connection: { url: redis.url }, prefix: h.prefix });
    t.after(() => producer.close());
    await producer.add(flow);

    await h.recording.untilDelivered(messageIds(s.invocation.id).verdict);
    const failed = await job(h, QUEUES.probe, probeKey(s.invocation.id, 0));
    assert.equal(await failed.getState(), 'failed');
    const reply = h.recording.delivered(s.invocation.id).find((a) => a.message.action === 'reply');
    const [r] = content(reply?.message.content as MessageContent, 'result').results;
    assert.equal(r?.status, 'error');
    assert.equal(r?.target, `127.0.0.1:${tls.port}`);
    assert.deepEqual(
      r?.findings.map((f) => f.code),
      ['PROBE_ERROR'],
    );
    assert.match(r?.findings[0]?.message ?? '', /malformed probe job/);
  });
});

describe('delivery', { timeout: 60_000 }, () => {
  test('rate limited: retried after Retry-After, delivered once, no attempt used up', async (t) => {
    const h = await harness(t);
    const retryAfterMs = 700;
    h.recording.failWith(
      (m) => m.action === 'reply',
      () => new RateLimitedError(retryAfterMs),
    );
    const s = command(`cert 127.0.0.1:${tls.port}`);
    const ids = messageIds(s.invocation.id);
    await h.submitter.submit(s);
    await h.recording.untilDelivered(ids.verdict);

    const attempts = h.recording.attemptsAt(ids.result);
    assert.deepEqual(
      attempts.map((a) => a.outcome),
      ['rate-limited', 'delivered'],
    );
    const waited = (attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0);
    assert.ok(waited >= retryAfterMs, `waited ${waited} ms`);
    // Handed to the notify queue, delayed by Retry-After: no attempt used up there.
    const replyJob = await job(h, QUEUES.notify, ids.result);
    assert.equal(replyJob.attemptsMade, 1);
    // The verdict waits for the result: it comes after it.
    const verdict = h.recording.attemptsAt(ids.verdict)[0];
    assert.ok((verdict?.at ?? 0) >= (attempts[1]?.at ?? Infinity));
  });

  test('transient errors: retried with backoff, delivered once', async (t) => {
    const h = await harness(t);
    h.recording.failWith(
      (m) => m.action === 'reply',
      () => new Error('HTTP 503 from the platform'),
      2,
    );
    const s = command(`cert 127.0.0.1:${tls.port}`);
    const ids = messageIds(s.invocation.id);
    await h.submitter.submit(s);
    await h.recording.untilDelivered(ids.verdict);

    assert.deepEqual(
      h.recording.attemptsAt(ids.result).map((a) => a.outcome),
      ['transient', 'transient', 'delivered'],
    );
    // The command job's own attempt, then the notify job's two.
    assert.equal((await job(h, QUEUES.notify, ids.result)).attemptsMade, 2);
  });

  test('permanent refusal: no retry; the parent still gets its verdict', async (t) => {
    const h = await harness(t);
    h.recording.failWith(
      (m) => m.action === 'reply',
      () => new PermanentDeliveryError('msg_too_long'),
    );
    const s = command(`cert 127.0.0.1:${tls.port}`);
    const ids = messageIds(s.invocation.id);
    await h.submitter.submit(s);
    await h.recording.untilDelivered(ids.verdict);
    await h.workers.close();
    await assertIdle(h);

    assert.deepEqual(
      h.recording.attemptsAt(ids.result).map((a) => a.outcome),
      ['permanent'],
    );
    // Refused for good: nothing handed over to be tried again.
    assert.equal(await h.queue(QUEUES.notify).getJob(jobId(ids.result)), undefined);
    assert.equal(h.recording.attemptsAt(ids.verdict).length, 1);
  });

  test('parent post rate limited: handed over, the answer follows it in its thread', async (t) => {
    const h = await harness(t);
    h.recording.failWith(
      (m) => m.action === 'post',
      () => new RateLimitedError(300),
    );
    const s = command(`cert 127.0.0.1:${tls.port}`);
    const ids = messageIds(s.invocation.id);
    await h.submitter.submit(s);
    await h.recording.untilDelivered(ids.verdict);
    await h.workers.close();
    await assertIdle(h);

    const delivered = h.recording.delivered(s.invocation.id);
    const parentRef = delivered.find((a) => a.message.id === ids.parent)?.receipt?.ref;
    assert.ok(parentRef);
    assert.deepEqual(
      delivered.map((a) => [a.message.id, a.message.threadRef ?? a.message.messageRef]),
      [
        [ids.parent, undefined],
        [ids.result, parentRef],
        [ids.verdict, parentRef],
      ],
    );
    assert.deepEqual(
      h.recording.attemptsAt(ids.parent).map((a) => a.outcome),
      ['rate-limited', 'delivered'],
    );
  });

  test('parent post refused: the result is still delivered, unthreaded, and no edit', async (t) => {
    const h = await harness(t);
    h.recording.failWith(
      (m) => m.action === 'post',
      () => new PermanentDeliveryError('channel_not_found'),
    );
    const s = command(`cert 127.0.0.1:${tls.port}`);
    const ids = messageIds(s.invocation.id);
    await h.submitter.submit(s);
    await h.recording.untilDelivered(ids.result);
    await h.workers.close();
    await assertIdle(h);

    const delivered = h.recording.delivered(s.invocation.id).map((a) => a.message);
    assert.deepEqual(
      delivered.map((m) => [m.action, m.threadRef]),
      [['reply', undefined]],
    );
    assert.equal(h.recording.attemptsAt(ids.parent).length, 1);
  });

  test('a delivery that runs again returns the first receipt without posting again', async (t) => {
    const h = await harness(t);
    const events = new QueueEvents(QUEUES.notify, {
      connection: { url: redis.url },
      prefix: h.prefix,
    });
    t.after(() => events.close());
    await events.waitUntilReady();
    const message = pendingMessage(invocation('cert example.com'));
    const notify = h.queue(QUEUES.notify);

    const first = await notify.add('post', message, notifyJobOptions(message.id));
    const receipt = await first.waitUntilFinished(events);
    assert.deepEqual(receipt, { ref: 'ts-1' });

    // The same job run again (as after a stalled worker)...
    await first.retry('completed');
    assert.deepEqual(await first.waitUntilFinished(events), receipt);
    // ...and the same message added again once the first job is gone.
    await first.remove();
    const again = await notify.add('post', message, notifyJobOptions(message.id));
    assert.equal(again.id, first.id);
    assert.deepEqual(await again.waitUntilFinished(events), receipt);

    assert.equal(h.recording.attemptsAt(message.id).length, 1);
  });
});

describe('Redis going away', { timeout: 60_000 }, () => {
  test('submit fails fast while Redis is down and works again once it is back', async (t) => {
    if (!redis.controllable) return t.skip('REDIS_URL given: cannot stop it');
    const h = await harness(t);
    const producer = createQueueConnection(redis.url, 'producer');
    t.after(() => quit(producer));
    const submitter = createSubmitter({ connection: producer, prefix: h.prefix });
    t.after(() => submitter.close());
    await connected(producer);
    const before = command(`cert 127.0.0.1:${tls.port}`);
    await submitter.submit(before);
    await h.recording.untilDelivered(messageIds(before.invocation.id).verdict);

    await redis.stop();
    const down = command(`cert 127.0.0.1:${tls.port}`);
    let started = performance.now();
    await assert.rejects(submitter.submit(down), QueueUnavailableError);
    assert.ok(performance.now() - started < 2000, 'rejected within 2 s');
    // A front end that starts while Redis is down answers just as fast.
    const late = createQueueConnection(redis.url, 'producer');
    t.after(() => quit(late));
    const lateSubmitter = createSubmitter({ connection: late, prefix: h.prefix });
    t.after(() => lateSubmitter.close());
    started = performance.now();
    await assert.rejects(lateSubmitter.submit(down), QueueUnavailableError);
    assert.ok(performance.now() - started < 2000, 'rejected within 2 s');

    await redis.start();
    await Promise.all([connected(producer), connected(late)]);
    const back = command(`cert 127.0.0.1:${tls.port}`);
    const lateBack = command(`cert 127.0.0.1:${tls.port}`);
    await submitter.submit(back);
    await lateSubmitter.submit(lateBack);
    // The same workers, reconnected by themselves, run both.
    await h.recording.untilDelivered(messageIds(back.invocation.id).verdict);
    await h.recording.untilDelivered(messageIds(lateBack.invocation.id).verdict);
    assert.equal(h.recording.delivered(down.invocation.id).length, 0);
    assert.equal(h.recording.delivered(back.invocation.id).length, 3);
  });
});

describe('graceful close', { timeout: 60_000 }, () => {
  test('close() lets the command in flight finish and answer', async (t) => {
    const gate = await startTcpGate(tls.port);
    t.after(() => gate.close());
    const h = await harness(t);
    const s = command(`cert 127.0.0.1:${gate.port}`);
    const ids = messageIds(s.invocation.id);
    const connection = once(gate.server, 'connection');
    await h.submitter.submit(s);
    await connection;

    const probe = await job(h, QUEUES.probe, commandKey(s.invocation.id));
    assert.equal(await probe.getState(), 'active');
    let closed = false;
    const closing = h.workers.close().then(() => {
      closed = true;
    });
    // close() waits for the probe: still open while the probe is held at the gate.
    assert.equal(await probe.getState(), 'active');
    assert.equal(closed, false);
    gate.open();
    await closing;

    const done = await job(h, QUEUES.probe, commandKey(s.invocation.id));
    assert.equal(await done.getState(), 'completed');
    assert.equal(done.returnvalue.status, 'fail');
    for (const id of [ids.parent, ids.result, ids.verdict]) {
      assert.equal(h.recording.attemptsAt(id).length, 1, id);
    }
    await assertIdle(h);
  });
});
