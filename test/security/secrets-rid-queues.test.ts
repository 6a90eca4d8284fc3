/**
 * Attack (issue 15, item 2): chat's `/wx rid` through the queues. Whatever rid/get echoes
 * (test/fixtures/rid-records.ts) is scrubbed before the result leaves the probe, so the BullMQ job
 * data and return values in Redis, the chat deliveries and the worker's logs hold no secret or
 * token either; nothing else in Redis does but the token cache's own entries.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { plan } from '../../commands/index.js';
import { startWorkers } from '../../src/app/job-workers.js';
import { appRegistry } from '../../src/config/apps.js';
import type { Invocation, MessageContent, ProbePlan } from '../../src/model/index.js';
import { messageIds, QUEUES } from '../../src/queue/names.js';
import { createSubmitter } from '../../src/queue/submit.js';
import { createTokenManager } from '../../src/tokens/token-manager.js';
import { FakeWechat } from '../fixtures/fake-wechat.js';
import { RecordingDelivery } from '../fixtures/recording-delivery.js';
import { startRedis, type TestRedis } from '../fixtures/redis.js';
import { assertClean, RIDS, serveRecords } from '../fixtures/rid-records.js';
import { APPID, appsConfig, CORP_ID, CORP_SECRET, SECRET } from '../fixtures/wechat-apps.js';

let fake: FakeWechat;
let redis: TestRedis;
before(async () => {
  [fake, redis] = await Promise.all([
    FakeWechat.start({ appid: APPID, secret: SECRET, corpId: CORP_ID, corpSecret: CORP_SECRET }),
    startRedis(),
  ]);
  serveRecords(fake);
});
after(async () => {
  await Promise.all([fake.close(), redis.close()]);
});

test('attack: chat /wx rid through the queues: nothing in Redis, deliveries or logs', {
  timeout: 60_000,
}, async (t) => {
  const prefix = `{wxrid${process.pid}}`;
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
  t.after(async () => {
    await submitter.close();
    await workers.close();
    client.disconnect();
  });
  await workers.ready();

  const invocations = RIDS.map(
    (rid): Invocation => ({
      id: `inv-${randomUUID()}`,
      platform: 'slack',
      workspace: 'T0001',
      conversation: 'C0001',
      user: 'U0001',
      text: `rid oa ${rid}`,
      lang: 'en',
      receivedAt: new Date().toISOString(),
    }),
  );
  for (const inv of invocations) {
    const p = plan(inv.text.split(' '), 'chat');
    assert.equal(p.kind, 'probes');
    await submitter.submit({ invocation: inv, plan: p as ProbePlan });
  }
  for (const inv of invocations) await recording.untilDelivered(messageIds(inv.id).result);
  for (const inv of invocations) {
    const reply = recording
      .delivered(inv.id)
      .find((a) => a.message.id === messageIds(inv.id).result);
    const content = reply?.message.content as MessageContent;
    assert.equal(
      content.type === 'result' && content.results[0]?.findings[0]?.code,
      'WX_RID_FOUND',
    );
  }

  // Every job's data and return value as BullMQ stored them.
  const stored: string[] = [];
  let returned = 0;
  for (const name of Object.values(QUEUES)) {
    const q = new Queue(name, { connection: { url: redis.url }, prefix });
    for (const job of await q.getJobs(['completed', 'failed', 'waiting', 'active', 'delayed'])) {
      stored.push(JSON.stringify(job.data), JSON.stringify(job.returnvalue ?? null));
      if (name === QUEUES.probe && job.returnvalue) returned++;
    }
    await q.close();
  }
  assert.equal(returned, RIDS.length, 'every probe job returned its result');
  assertClean(stored.join('\n'), 'job data and return values in Redis', fake.issued);
  assertClean(JSON.stringify(recording.attempts), 'chat deliveries', fake.issued);
  assertClean(logs.join('\n'), 'worker logs', fake.issued);
  // Nothing anywhere in Redis but the token cache's own entries.
  const everything: string[] = [];
  for (const key of await client.keys(`${prefix}*`)) {
    if (key.includes(':token:')) continue;
    const type = await client.type(key);
    if (type === 'string') everything.push((await client.get(key)) ?? '');
    if (type === 'hash') everything.push(JSON.stringify(await client.hgetall(key)));
    if (type === 'list') everything.push(JSON.stringify(await client.lrange(key, 0, -1)));
  }
  assertClean(everything.join('\n'), 'Redis', fake.issued);
});
