/**
 * A worker process killed hard (SIGKILL) in the middle of a probe: BullMQ's stalled-job check in
 * a new worker process takes the job over, and the person gets exactly one parent post and one
 * threaded result. The workers run as child processes; their chat delivery posts to a recorder
 * in this process.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { plan } from '../commands/index.js';
import type { ProbePlan } from '../src/model/index.js';
import { commandKey, jobId, messageIds, QUEUES } from '../src/queue/names.js';
import { createSubmitter } from '../src/queue/submit.js';
import type { CommandSubmission } from '../src/queue/types.js';
import { bundle, goodChain } from './fixtures/pki.js';
import { RecordingDelivery, startDeliveryRecorder } from './fixtures/recording-delivery.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { startTcpGate, type TcpGate } from './fixtures/tcp-gate.js';
import { type RunningServer, startTlsServer } from './fixtures/tls-server.js';
import type { WorkerProcessConfig } from './fixtures/worker-process.js';

const WORKER = fileURLToPath(new URL('./fixtures/worker-process.js', import.meta.url));
const PREFIX = '{wxkill}';

let redis: TestRedis;
let tls: RunningServer;
let gate: TcpGate;
const recording = new RecordingDelivery();
let recorder: { url: string; close(): Promise<void> };
const children = new Set<ChildProcess>();

before(async () => {
  redis = await startRedis();
  const { leaf, intermediate } = goodChain('localhost');
  tls = await startTlsServer({ keyPem: leaf.keyPem, chainPem: bundle(leaf, intermediate) });
  gate = await startTcpGate(tls.port);
  recorder = await startDeliveryRecorder(recording);
});
after(async () => {
  for (const child of children) child.kill('SIGKILL');
  await recorder.close();
  await gate.close();
  await tls.close();
  await redis.close();
});

/** A worker process; resolves once its workers fetch jobs. */
async function startWorkerProcess(): Promise<ChildProcess> {
  const config: WorkerProcessConfig = {
    redisUrl: redis.url,
    prefix: PREFIX,
    recorderUrl: recorder.url,
    allow: ['127.0.0.0/8'],
    lockDurationMs: 1000,
    stalledIntervalMs: 500,
  };
  const child = fork(WORKER, {
    env: { ...process.env, WX_TEST_WORKER: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`worker process exited (${code}) before it was ready`);
    }),
  ])) as [{ type?: string }];
  assert.equal(message.type, 'ready');
  return child;
}

function command(text: string): CommandSubmission {
  const p = plan(text.split(' '), 'chat') as ProbePlan;
  return {
    invocation: {
      id: `inv-${randomUUID()}`,
      platform: 'slack',
      workspace: 'T0001',
      conversation: 'C0001',
      user: 'U0001',
      text,
      lang: 'en',
      receivedAt: new Date().toISOString(),
    },
    plan: p,
  };
}

test('SIGKILL mid-probe: a new worker finishes the job; one post, one result', {
  timeout: 60_000,
}, async (t) => {
  const submitter = createSubmitter({ connection: redis.url, prefix: PREFIX });
  t.after(() => submitter.close());
  const probes = new Queue(QUEUES.probe, { connection: { url: redis.url }, prefix: PREFIX });
  t.after(() => probes.close());

  const first = await startWorkerProcess();
  const s = command(`cert 127.0.0.1:${gate.port}`);
  const ids = messageIds(s.invocation.id);
  const midFlight = once(gate.server, 'connection');
  await submitter.submit(s);
  // The command job posts the parent first (delivered and recorded: a kill between the two is the
  // one window exactly-once cannot close, see jobs/notify.ts), then its probe hangs at the gate.
  await Promise.all([midFlight, recording.untilDelivered(ids.parent)]);
  const commandId = jobId(commandKey(s.invocation.id));
  assert.equal(await probes.getJobState(commandId), 'active');

  const killed = once(first, 'exit');
  first.kill('SIGKILL');
  const [, signal] = await killed;
  assert.equal(signal, 'SIGKILL');
  gate.open();

  const second = await startWorkerProcess();
  await recording.untilDelivered(ids.verdict);
  // A graceful stop: whatever is still in flight finishes, so nothing can arrive after this.
  const stopped = once(second, 'exit');
  second.kill('SIGTERM');
  assert.deepEqual(await stopped, [0, null]);

  const job = await probes.getJob(commandId);
  assert.equal(job?.stalledCounter, 1, 'taken over through the stalled-job check');
  assert.equal(await job?.getState(), 'completed');
  assert.equal(recording.attemptsAt(ids.parent).length, 1, 'the parent was not posted again');

  const delivered = recording.delivered(s.invocation.id).map((a) => a.message);
  assert.deepEqual(
    delivered.map((m) => m.action),
    ['post', 'reply', 'update'],
  );
  assert.equal(recording.attemptsAt(ids.result).length, 1);
  const [post, reply] = recording.delivered(s.invocation.id);
  assert.equal(reply?.message.threadRef, post?.receipt?.ref);
});
