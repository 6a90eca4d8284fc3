/**
 * WeCom end to end, one process as deployed (`start()`, role all, WeCom only): an encrypted
 * callback carries `wx cert …`, answered "running … #W…" in the callback's own reply; the queue
 * and workers probe a TLS server on loopback, and the result reaches the fake WeCom API as one
 * app message carrying the command's short reference; then
 * `wx recheck #W…` typed in the same chat runs it again, under the same reference. Through
 * the AI bot (智能机器人), a group @-mention is answered "running … #W…" in the callback's own
 * reply and the result arrives once at the message's response_url.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { decrypt } from '@wecom/crypto';
import { Redis } from 'ioredis';
import { createLogger } from '../src/app/log.js';
import { loadConfig } from '../src/config/index.js';
import { type Running, start } from '../src/main.js';
import { type FakeWecom, startFakeWecom } from './fixtures/fake-wecom.js';
import { bundle, goodChain } from './fixtures/pki.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { type RunningServer, startTlsServer } from './fixtures/tls-server.js';
import {
  AIBOT,
  aibotText,
  OFFICIAL,
  queryString,
  request,
  seal,
  textXml,
  xmlEnvelope,
} from './fixtures/wecom.js';

const APP = OFFICIAL.wecom.app;
const SECRET = 'wecom-e2e-corp-secret-0001';

let redis: TestRedis;
let wecom: FakeWecom;
let tls: RunningServer;
let running: Running;
let msgIds = 9_100_000_000;
let redisUrl = '';
const PREFIX = `wxe2e${process.pid}`;
const logLines: string[] = [];
const logSink = new Writable({
  write(chunk, _enc, done) {
    logLines.push(String(chunk));
    done();
  },
});

before(async () => {
  redis = await startRedis();
  redisUrl = redis.url;
  wecom = await startFakeWecom({ corpId: APP.corpId, secret: SECRET });
  const { leaf, intermediate } = goodChain('localhost');
  tls = await startTlsServer({ keyPem: leaf.keyPem, chainPem: bundle(leaf, intermediate) });
  const config = loadConfig({
    REDIS_URL: redis.url,
    WECOM_CORP_ID: APP.corpId,
    WECOM_TOKEN: APP.token,
    WECOM_AES_KEY: APP.aesKey,
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET: SECRET,
    WECOM_AIBOT_TOKEN: AIBOT.token,
    WECOM_AIBOT_AES_KEY: AIBOT.aesKey,
    WECOM_API_URL: wecom.apiUrl,
    WX_PROBE_ALLOW: '127.0.0.0/8',
    WX_QUEUE_PREFIX: PREFIX,
    WX_LANG: 'en',
    PORT: '0',
    LOG_LEVEL: 'debug',
  });
  running = await start(config, { host: '127.0.0.1', logger: createLogger(config, logSink) });
});

after(async () => {
  await running?.close();
  await tls?.close();
  await wecom?.close();
  await redis?.close();
});

/** What a WeCom member typing `content` to the app sends us. */
async function say(from: string, content: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const plain = textXml({
    corpId: APP.corpId,
    from,
    content,
    msgId: String(++msgIds),
    createTime: now,
  });
  const { query, encrypted } = seal(APP, plain, { timestamp: now });
  const answer = await request(
    running.port,
    'POST',
    `/wecom/callback?${queryString({ ...query })}`,
    xmlEnvelope(APP.corpId, encrypted),
  );
  const said = /<Encrypt><!\[CDATA\[(.*?)\]\]>/.exec(answer.body)?.[1];
  const reply = said ? decrypt(APP.aesKey, said).message.toString() : '';
  assert.equal(answer.status, 200);
  // Queued: "running … #W…" as the passive reply, at once.
  return /<Content><!\[CDATA\[([\s\S]*?)\]\]><\/Content>/.exec(reply)?.[1] ?? '';
}

const markdownOf = (body: Record<string, unknown>) =>
  String((body.markdown as { content?: string } | undefined)?.content ?? '');

test('a command typed to the app: "running" in the passive reply, then one message, both tagged with its reference', async () => {
  const running = await say('zhangsan', `wx cert 127.0.0.1:${tls.port}`);
  const ref = /#W\d+/.exec(running)?.[0];
  assert.ok(ref, `a reference in the passive reply: ${running}`);
  assert.match(running, /^running `cert 127\.0\.0\.1:\d+` … #W\d+$/);
  const sent = await wecom.waitFor('message/send', 1, {
    where: (c) => c.body.touser === 'zhangsan',
  });
  const [result] = sent.map((c) => markdownOf(c.body));
  assert.ok(result?.includes(ref), 'the result carries the same reference');
  assert.match(result ?? '', /127\.0\.0\.1/);
  for (const c of sent) {
    assert.equal(c.body.msgtype, 'markdown');
    assert.equal(String(c.body.agentid), '1000002');
  }
  assert.equal(wecom.calls('gettoken').length, 1, 'one token');

  const again = await say('zhangsan', `wx recheck ${ref}`);
  assert.ok(again.endsWith(ref), `recheck keeps the reference: ${again}`);
  const [, rechecked] = await wecom.waitFor('message/send', 2, {
    where: (c) => c.body.touser === 'zhangsan',
  });
  assert.ok(markdownOf(rechecked?.body ?? {}).includes(ref), 'recheck keeps the reference');
  const all = JSON.stringify(wecom.calls().map((c) => c.body));
  assert.ok(!all.includes(SECRET) && !all.includes(APP.aesKey), 'no secret in what is sent');
});

test('a group @-mention of the AI bot: "running … #W…" at once, the result once at its response_url', async () => {
  const code = `e2e-${randomUUID()}`;
  const now = Math.floor(Date.now() / 1000);
  const plain = aibotText({
    msgid: `aibot-e2e-${++msgIds}`,
    chatid: 'wrkSFfCgAAe2eGroup',
    from: 'wangwu',
    content: `@wxdoctor wx cert 127.0.0.1:${tls.port}`,
    responseUrl: `${wecom.apiUrl}/cgi-bin/aibot/response?response_code=${code}`,
  });
  const { query, encrypted } = seal({ ...AIBOT, corpId: '' }, plain, {
    timestamp: now,
    receiveId: '',
  });
  const answer = await request(
    running.port,
    'POST',
    `/wecom/aibot?${queryString({ ...query })}`,
    JSON.stringify({ encrypt: encrypted }),
  );
  assert.equal(answer.status, 200, answer.body);
  const envelope = JSON.parse(answer.body) as { encrypt: string };
  const opened = decrypt(AIBOT.aesKey, envelope.encrypt);
  assert.equal(opened.id, '');
  const reply = JSON.parse(opened.message) as {
    msgtype: string;
    stream: { finish: boolean; content: string };
  };
  assert.equal(reply.msgtype, 'stream');
  assert.equal(reply.stream.finish, true);
  const ref = /#W\d+/.exec(reply.stream.content)?.[0];
  assert.ok(ref, `a reference in the passive reply: ${reply.stream.content}`);
  assert.match(reply.stream.content, /^running `cert 127\.0\.0\.1:\d+` … #W\d+$/);

  const [result] = await wecom.waitFor('aibot/response', 1);
  assert.equal(result?.query.response_code, code);
  assert.equal(result?.body.msgtype, 'markdown');
  const markdown = markdownOf(result?.body ?? {});
  assert.ok(markdown.includes(ref), `the result carries ${ref}: ${markdown}`);
  assert.match(markdown, /127\.0\.0\.1/);
  assert.ok(Buffer.byteLength(markdown) <= 4096);
  assert.equal(
    wecom.calls().filter((c) => JSON.stringify(c.body).includes('wrkSFfCgAAe2eGroup')).length,
    0,
    'nothing through appchat/send or message/send',
  );

  // The response_url is in Redis under its own key, in no job and in no log line.
  const redis = new Redis(redisUrl);
  try {
    const keys = await redis.keys(`${PREFIX}*`);
    let holders = 0;
    for (const key of keys) {
      const type = await redis.type(key);
      const value =
        type === 'hash'
          ? JSON.stringify(await redis.hgetall(key))
          : type === 'string'
            ? await redis.get(key)
            : type === 'list'
              ? JSON.stringify(await redis.lrange(key, 0, -1))
              : '';
      if (value?.includes(code)) {
        holders++;
        assert.match(key, /:wecom-aibot:response-url:wc-/, `response_url found in ${key}`);
      }
    }
    assert.equal(holders, 1);
  } finally {
    redis.disconnect();
  }
  const logs = logLines.join('');
  assert.ok(logs.includes('command queued'), 'the logs were captured');
  for (const s of [code, 'response_code', AIBOT.token, AIBOT.aesKey, SECRET]) {
    assert.ok(!logs.includes(s), `logged: ${s}`);
  }
});
