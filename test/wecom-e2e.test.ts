/**
 * WeCom end to end, one process as deployed (`start()`, role all, WeCom only): an encrypted
 * callback carries `wx cert …`, the queue and workers probe a TLS server on loopback, and the
 * answers reach the fake WeCom API as app messages carrying the command's short reference; then
 * `wx recheck #W…` typed in a group chat runs it again there, under the same reference.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { decrypt } from '@wecom/crypto';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { type Running, start } from '../src/main.js';
import { type FakeWecom, startFakeWecom } from './fixtures/fake-wecom.js';
import { bundle, goodChain } from './fixtures/pki.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { type RunningServer, startTlsServer } from './fixtures/tls-server.js';
import { OFFICIAL, queryString, request, seal, textXml, xmlEnvelope } from './fixtures/wecom.js';

const APP = OFFICIAL.wecom.app;
const SECRET = 'wecom-e2e-corp-secret-0001';

let redis: TestRedis;
let wecom: FakeWecom;
let tls: RunningServer;
let running: Running;
let msgIds = 9_100_000_000;

before(async () => {
  redis = await startRedis();
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
    WECOM_API_URL: wecom.apiUrl,
    WX_PROBE_ALLOW: '127.0.0.0/8',
    WX_QUEUE_PREFIX: `wxe2e${process.pid}`,
    WX_LANG: 'en',
    PORT: '0',
    LOG_LEVEL: 'silent',
  });
  running = await start(config, { host: '127.0.0.1', logger: createLogger(config) });
});

after(async () => {
  await running?.close();
  await tls?.close();
  await wecom?.close();
  await redis?.close();
});

/** What a WeCom member typing `content` to the app sends us. */
async function say(from: string, content: string): Promise<void> {
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
  assert.deepEqual([answer.status, reply], [200, ''], 'queued: an empty 200 at once');
}

const markdownOf = (body: Record<string, unknown>) =>
  String((body.markdown as { content?: string } | undefined)?.content ?? '');

test('a command typed to the app: "running" then the result, both tagged with its reference', async () => {
  await say('zhangsan', `wx cert 127.0.0.1:${tls.port}`);
  const sent = await wecom.waitFor('message/send', 2, {
    where: (c) => c.body.touser === 'zhangsan',
  });
  const [pending, result] = sent.map((c) => markdownOf(c.body));
  const ref = /#W\d+/.exec(pending ?? '')?.[0];
  assert.ok(ref, `a reference on the first message: ${pending}`);
  assert.ok(result?.includes(ref), 'the result carries the same reference');
  assert.match(result ?? '', /127\.0\.0\.1/);
  for (const c of sent) {
    assert.equal(c.body.msgtype, 'markdown');
    assert.equal(String(c.body.agentid), '1000002');
  }
  assert.equal(wecom.calls('gettoken').length, 1, 'one token for both messages');

  await say('lisi', `wx recheck ${ref}`);
  const again = await wecom.waitFor('message/send', 2, { where: (c) => c.body.touser === 'lisi' });
  for (const c of again) assert.ok(markdownOf(c.body).includes(ref), 'recheck keeps the reference');
  const all = JSON.stringify(wecom.calls().map((c) => c.body));
  assert.ok(!all.includes(SECRET) && !all.includes(APP.aesKey), 'no secret in what is sent');
});
