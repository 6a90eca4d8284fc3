/**
 * WeCom only (no Slack keys), in process through main's start(): the callback is mounted on our
 * HTTP server at the configured path, a command lands in the real queue (BullMQ on a real
 * redis-server) carrying its reference, and is counted in the metrics; secrets stay out of the log.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { decrypt } from '@wecom/crypto';
import { Queue } from 'bullmq';
import { createLogger } from '../src/app/log.js';
import { createMetrics } from '../src/app/metrics.js';
import { loadConfig } from '../src/config/index.js';
import { type Running, start } from '../src/main.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import type { CommandJobData } from '../src/queue/job-data.js';
import { COMMAND, QUEUES } from '../src/queue/names.js';
import { startFakeSlack } from './fixtures/fake-slack.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { OFFICIAL, queryString, request, seal, textXml, xmlEnvelope } from './fixtures/wecom.js';

const APP = OFFICIAL.wecom.app;
const PREFIX = `wxwecommain${process.pid}`;
const PATH = '/hooks/wecom';

let redis: TestRedis;
let running: Running | undefined;
let logText = '';
const metrics = createMetrics({ defaultMetrics: false });

before(async () => {
  redis = await startRedis();
  const config = loadConfig(
    {
      REDIS_URL: redis.url,
      WECOM_CORP_ID: APP.corpId,
      WECOM_TOKEN: APP.token,
      WECOM_AES_KEY: APP.aesKey,
      WECOM_CALLBACK_PATH: PATH,
      WX_QUEUE_PREFIX: PREFIX,
      WX_LANG: 'en',
      PORT: '0',
      LOG_LEVEL: 'debug',
    },
    ['--role', 'bot'],
  );
  const sink = new Writable({
    write(chunk, _enc, done) {
      logText += String(chunk);
      done();
    },
  });
  running = await start(config, { host: '127.0.0.1', logger: createLogger(config, sink), metrics });
});

after(async () => {
  await running?.close();
  await redis?.close();
});

/** A verification request as WeCom sends it now (the official samples are years old: stale). */
function freshVerification() {
  const plain = '1288432023552776189';
  const { query, encrypted } = seal(APP, plain, { timestamp: Math.floor(Date.now() / 1000) });
  return { query, echostr: encrypted, plain };
}

test('URL verification answers at the configured path; the default path is not served', async () => {
  const port = running?.port as number;
  const v = freshVerification();
  const q = queryString({ ...v.query, echostr: v.echostr });
  const ok = await request(port, 'GET', `${PATH}?${q}`);
  assert.deepEqual([ok.status, ok.body], [200, v.plain]);
  assert.equal((await request(port, 'GET', `/wecom/callback?${q}`)).status, 404);
});

test('a WeCom command reaches the queue with its reference and is counted', async () => {
  const port = running?.port as number;
  const plain = textXml({
    corpId: APP.corpId,
    from: 'zhangsan',
    content: 'wx cert api.example.com',
    msgId: '8000000001',
    createTime: Math.floor(Date.now() / 1000),
  });
  const { query, encrypted } = seal(APP, plain, { timestamp: Math.floor(Date.now() / 1000) });
  const answer = await request(
    port,
    'POST',
    `${PATH}?${queryString({ ...query })}`,
    xmlEnvelope(APP.corpId, encrypted),
  );
  assert.equal(answer.status, 200);
  const sealed = /<Encrypt><!\[CDATA\[(.*?)\]\]>/.exec(answer.body)?.[1] ?? '';
  const passive = decrypt(APP.aesKey, sealed).message.toString();
  assert.match(
    passive,
    /running `cert api\.example\.com` … #W\d+/,
    'the passive reply says running',
  );

  const connection = createQueueConnection(redis.url, 'producer');
  // A command answered in chat: one `command` job on the probe queue (no worker runs here).
  const queue = new Queue(QUEUES.probe, { connection, prefix: PREFIX });
  try {
    const jobs = await queue.getJobs(['waiting']);
    const invocations = jobs
      .filter((j) => j.name === COMMAND)
      .map((j) => (j.data as CommandJobData).invocation);
    assert.equal(invocations.length, 1);
    const inv = invocations[0];
    assert.equal(inv?.platform, 'wecom');
    assert.equal(inv?.conversation, 'user:zhangsan');
    assert.equal(inv?.text, 'cert api.example.com');
    assert.match(inv?.ref ?? '', /^W\d+$/);
    const data = JSON.stringify(jobs.map((j) => j.data));
    assert.ok(!data.includes(APP.token) && !data.includes(APP.aesKey), 'a secret in job data');
  } finally {
    await queue.close();
    await quit(connection);
  }
  assert.match(await metrics.render(), /wx_commands_total\{platform="wecom",command="cert"\} 1/);
  assert.match(logText, /command queued/);
  assert.ok(!logText.includes(APP.token) && !logText.includes(APP.aesKey), 'a secret was logged');
});

test('Slack in HTTP mode as well: the callback is served on the Slack receiver’s port', async () => {
  const slack = await startFakeSlack();
  const config = loadConfig(
    {
      REDIS_URL: redis.url,
      WECOM_CORP_ID: APP.corpId,
      WECOM_TOKEN: APP.token,
      WECOM_AES_KEY: APP.aesKey,
      SLACK_BOT_TOKEN: 'xoxb-wecom-main-test',
      SLACK_SIGNING_SECRET: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      SLACK_API_URL: slack.apiUrl,
      WX_QUEUE_PREFIX: `${PREFIX}b`,
      PORT: '0',
      LOG_LEVEL: 'silent',
    },
    ['--role', 'bot'],
  );
  const both = await start(config, { host: '127.0.0.1', logger: createLogger(config) });
  try {
    const v = freshVerification();
    const q = queryString({ ...v.query, echostr: v.echostr });
    const ok = await request(both.port, 'GET', `/wecom/callback?${q}`);
    assert.deepEqual([ok.status, ok.body], [200, v.plain]);
    const s = OFFICIAL.wecom.verify;
    const stale = queryString({
      msg_signature: s.msg_signature,
      timestamp: s.timestamp,
      nonce: s.nonce,
      echostr: s.echostr,
    });
    const forged = await request(both.port, 'POST', `/wecom/callback?${stale}`, '<xml/>');
    assert.equal(forged.status, 403, 'stale sample timestamp');
  } finally {
    await both.close();
    await slack.close();
  }
});
