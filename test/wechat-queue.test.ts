/**
 * `/wx token oa` typed in chat, through the real queues on a real redis-server: the job data
 * names the app by alias only, the worker resolves it (token cached in Redis by the shared
 * token manager), and neither job data, results, deliveries nor logs hold a secret or a token.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { plan } from '../commands/index.js';
import { startWorkers } from '../src/app/job-workers.js';
import { appRegistry } from '../src/config/apps.js';
import type { Invocation, MessageContent, ProbePlan } from '../src/model/index.js';
import { commandKey, jobId, messageIds, QUEUES } from '../src/queue/names.js';
import { createSubmitter } from '../src/queue/submit.js';
import { createTokenManager } from '../src/tokens/token-manager.js';
import { FakeWechat } from './fixtures/fake-wechat.js';
import { RecordingDelivery } from './fixtures/recording-delivery.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import {
  APPID,
  appsConfig,
  assertNoSecrets,
  CORP_ID,
  CORP_SECRET,
  SECRET,
} from './fixtures/wechat-apps.js';

let redis: TestRedis;
let fake: FakeWechat;
before(async () => {
  redis = await startRedis();
  fake = await FakeWechat.start({
    appid: APPID,
    secret: SECRET,
    corpId: CORP_ID,
    corpSecret: CORP_SECRET,
  });
});
after(async () => {
  await fake.close();
  await redis.close();
});

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

test('chat: wx token and wx quota run as jobs; no secret or token in job data, results, deliveries or logs', {
  timeout: 60_000,
}, async (t) => {
  const prefix = '{wxwechat}';
  const logs: string[] = [];
  const logger = {
    info: (o: object, m?: string) => logs.push(JSON.stringify(o), m ?? ''),
    warn: (o: object, m?: string) => logs.push(JSON.stringify(o), m ?? ''),
    error: (o: object, m?: string) => logs.push(JSON.stringify(o), m ?? ''),
  };
  const client = new Redis(redis.url);
  const recording = new RecordingDelivery();
  const workers = startWorkers({
    connection: redis.url,
    prefix,
    deliveries: { slack: recording },
    allow: [],
    logger,
    apps: appRegistry(appsConfig(fake.url), createTokenManager(client, { prefix })),
  });
  const submitter = createSubmitter({ connection: redis.url, prefix });
  const probes = new Queue(QUEUES.probe, { connection: { url: redis.url }, prefix });
  t.after(async () => {
    await probes.close();
    await submitter.close();
    await workers.close();
    client.disconnect();
  });
  await workers.ready();

  const texts = ['token oa', 'quota oa /cgi-bin/message/custom/send', 'ip corp'];
  const invocations = texts.map(invocation);
  for (const inv of invocations) {
    const p = plan(inv.text.split(' '), 'chat');
    assert.equal(p.kind, 'probes');
    await submitter.submit({ invocation: inv, plan: p as ProbePlan });
  }
  for (const inv of invocations) await recording.untilDelivered(messageIds(inv.id).verdict);

  const [tokenInv, quotaInv, ipInv] = invocations;
  const commandJob = await probes.getJob(jobId(commandKey(tokenInv?.id ?? '')));
  assert.deepEqual(commandJob?.data.requests, [
    { probe: 'wechat', spec: { op: 'token', alias: 'oa' } },
  ]);
  assert.equal(commandJob?.data.run.denyPrivate, true);

  const resultOf = (inv: Invocation | undefined) => {
    const reply = recording
      .delivered(inv?.id)
      .find((a) => a.message.id === messageIds(inv?.id ?? '').result);
    const content = reply?.message.content as MessageContent;
    assert.equal(content.type, 'result');
    return content.type === 'result' ? content.results[0] : undefined;
  };
  assert.deepEqual(
    resultOf(tokenInv)?.findings.map((f) => f.code),
    ['WX_TOKEN_OK'],
  );
  assert.deepEqual(
    resultOf(quotaInv)?.findings.map((f) => f.code),
    ['WX_QUOTA_OK'],
  );
  assert.equal(resultOf(ipInv)?.status, 'ok');

  // The quota job's token came through the Redis token manager (cached for the next job).
  const cached = await client.keys(`${prefix}:token:*`);
  assert.equal(cached.length, 2, cached.join());

  // Everything that went through the queues, as stored in Redis.
  const stored: string[] = [];
  for (const name of Object.values(QUEUES)) {
    const q = new Queue(name, { connection: { url: redis.url }, prefix });
    for (const job of await q.getJobs([
      'completed',
      'failed',
      'waiting',
      'active',
      'delayed',
      'waiting-children',
    ])) {
      stored.push(JSON.stringify(job.data), JSON.stringify(job.returnvalue ?? null));
    }
    await q.close();
  }
  // Three commands, one job each (its data and its return value), and the watch sweep's.
  assert.ok(stored.length >= 6);
  assertNoSecrets(stored.join('\n'), fake.issued, 'job data and results');
  assertNoSecrets(JSON.stringify(recording.attempts), fake.issued, 'deliveries');
  assertNoSecrets(logs.join('\n'), fake.issued, 'worker logs');
  // The configured secrets are nowhere in Redis at all (tokens are, in the token cache only).
  const everything: string[] = [];
  for (const key of await client.keys(`${prefix}*`)) {
    const type = await client.type(key);
    if (type === 'string') everything.push((await client.get(key)) ?? '');
    if (type === 'hash') everything.push(JSON.stringify(await client.hgetall(key)));
    if (type === 'list') everything.push(JSON.stringify(await client.lrange(key, 0, -1)));
  }
  assertNoSecrets(everything.join('\n'), [], 'Redis');
});
