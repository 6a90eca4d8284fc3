/**
 * The post-incident record through WeCom and over HTTP, on loopback: a watch's breakage incident
 * opens and recovers (hand-made cert results, injected clock); its recovery message names the
 * report command; `/wx incident report` answers in zh-CN with the record and a signed link to
 * its Markdown, which the bot's /status/incidents routes serve to that link alone.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { startWorkers, type Workers } from '../src/app/job-workers.js';
import { WecomDelivery } from '../src/chat/wecom/delivery.js';
import { incidentRecordRoutes } from '../src/http/incident-records.js';
import { type OpsServer, startOpsServer } from '../src/http/server.js';
import type { Invocation } from '../src/model/index.js';
import type { CertResult } from '../src/probes/index.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import { createSubmitter, type Submitter } from '../src/queue/submit.js';
import { createIncidentRecords } from '../src/store/incident-records.js';
import { recordLinks } from '../src/store/record-links.js';
import { certResult, DAY, type Element } from './fixtures/cert-results.js';
import { type FakeWecom, startFakeWecom } from './fixtures/fake-wecom.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';

const CORP = 'wwreport';
const SECRET = 'report-app-secret';
const PREFIX = 'wxreportwc';
const CHAT = 'chat:OPSCHAT';
const PUBLIC = 'https://bot.example.test';
const LINK_KEY = 'status-token-for-links';
const TOKEN = 'status-token';
const T0 = Date.parse('2026-10-01T00:00:00Z');

let redis: TestRedis;
let fake: FakeWecom;
let producer: Redis;
let deliveryRedis: Redis;
let submitter: Submitter;
let workers: Workers;
let ops: OpsServer;
const clock = { now: T0 };
let result: (now: number) => CertResult;

const before1: Element = {
  role: 'leaf',
  fp: 'AA:01:02:03:04:05:06:07:08',
  notAfter: T0 + 90 * DAY,
};
const after1: Element = { role: 'leaf', fp: 'BB:11:12:13:14:15:16:17:18', notAfter: T0 + 90 * DAY };

before(async () => {
  redis = await startRedis();
  fake = await startFakeWecom({ corpId: CORP, secret: SECRET });
  producer = createQueueConnection(redis.url, 'producer') as Redis;
  await once(producer, 'ready');
  deliveryRedis = createQueueConnection(redis.url, 'worker') as Redis;
  submitter = createSubmitter({ connection: producer, prefix: PREFIX });
  const links = recordLinks(PUBLIC, LINK_KEY);
  workers = startWorkers({
    connection: redis.url,
    prefix: PREFIX,
    deliveries: {
      wecom: new WecomDelivery({
        corpId: CORP,
        agentId: 1000002,
        secret: SECRET,
        apiUrl: fake.apiUrl,
        robots: {},
        redis: deliveryRedis,
        prefix: PREFIX,
      }),
    },
    allow: [],
    notifyBackoffMs: 50,
    notifyParentWaitMs: 20,
    watch: {
      now: () => clock.now,
      sweepEveryMs: 0,
      probe: async () => result(clock.now),
      recordLink: (id) => links.url(id),
    },
  });
  await workers.ready();
  ops = await startOpsServer(
    incidentRecordRoutes({
      records: createIncidentRecords(producer, { prefix: PREFIX }),
      authorized: (req) => req.headers.authorization === `Bearer ${TOKEN}`,
      links,
      lang: 'zh-CN',
    }),
    0,
    '127.0.0.1',
  );
});

after(async () => {
  await ops?.close();
  await workers?.close();
  await submitter?.close();
  if (producer) await quit(producer);
  if (deliveryRedis) await quit(deliveryRedis);
  await fake?.close();
  await redis?.close();
});

const markdown = (c: { body: Record<string, unknown> }) =>
  String((c.body.markdown as { content?: string } | undefined)?.content ?? '');

function invocation(text: string, n: number): Invocation {
  return {
    id: `wecom-report-${n}`,
    platform: 'wecom',
    workspace: CORP,
    conversation: CHAT,
    user: 'zhangsan',
    text,
    lang: 'zh-CN',
    receivedAt: new Date(T0).toISOString(),
  };
}

describe('post-incident record in WeCom and on /status/incidents', () => {
  test('report in zh-CN with a signed link; the link opens that record alone', async () => {
    const id = 'api.example.com:443';
    await workers.watches.syncFile([
      {
        id,
        host: 'api.example.com',
        port: 443,
        days: [30, 14, 7, 3, 1],
        to: [{ platform: 'wecom', workspace: '', conversation: CHAT }],
        source: 'file',
        lang: 'zh-CN',
      },
    ]);
    const ref = (await workers.watches.get(id))?.watch.ref;
    assert.ok(ref);
    result = (now) => certResult(now, [before1], ['CHAIN_INCOMPLETE']);
    clock.now = T0;
    await workers.watches.check(id);
    await fake.waitFor('appchat/send', 1, {
      where: (c) => markdown(c).includes('CHAIN_INCOMPLETE'),
    });
    result = (now) => certResult(now, [after1]);
    clock.now = T0 + 30 * 60_000;
    await workers.watches.check(id);
    clock.now = T0 + 45 * 60_000;
    await workers.watches.check(id);
    const [recovered] = await fake.waitFor('appchat/send', 1, {
      where: (c) => markdown(c).includes(`/wx incident report #${ref}.1`),
    });
    assert.ok(recovered, 'the recovery names the report command');

    await submitter.submit({
      invocation: invocation(`incident report #${ref}`, 1),
      plan: { kind: 'watch', op: { op: 'report', ref }, json: false },
    });
    const [answer] = await fake.waitFor('appchat/send', 1, {
      where: (c) => markdown(c).includes('：事后记录'),
    });
    const text = markdown(answer as { body: Record<string, unknown> });
    assert.match(text, new RegExp(`事件 #${ref}\\.1：事后记录`));
    assert.match(text, /根因.*CHAIN_INCOMPLETE/);
    assert.match(text, /证书已替换.*aa01020304050607.*bb11121314151617/);
    assert.match(text, /持续时间: 45 分钟/);
    const link = /\((https:\/\/bot\.example\.test\/status\/incidents\/[^)]+)\)/.exec(text)?.[1];
    assert.ok(link, text);
    const url = new URL(link);
    assert.equal(url.pathname, `/status/incidents/${ref}.1.md`);
    assert.ok(url.searchParams.get('sig'), 'signed');
    assert.ok(!text.includes(LINK_KEY) && !text.includes(TOKEN), 'no secret in chat');

    const local = (path: string, headers: Record<string, string> = {}) =>
      fetch(`http://127.0.0.1:${ops.port}${path}`, { headers });
    const file = await local(`${url.pathname}${url.search}`);
    assert.equal(file.status, 200);
    assert.match(file.headers.get('content-type') ?? '', /^text\/markdown/);
    const md = await file.text();
    assert.match(md, /## 时间线/);
    assert.match(md, /\*\*开始\*\* — `CHAIN_INCOMPLETE`, 证书 `aa01020304050607`/);
    assert.match(md, /\*\*已恢复\*\* — 证书 `bb11121314151617`/);

    // The signature opens its own record only; the list wants the status token.
    assert.equal((await local(`/status/incidents/${ref}.2.md${url.search}`)).status, 401);
    assert.equal((await local(url.pathname)).status, 401);
    assert.equal((await local('/status/incidents')).status, 401);
    const list = await local('/status/incidents', { authorization: `Bearer ${TOKEN}` });
    assert.equal(list.status, 200);
    const html = await list.text();
    assert.ok(html.includes(`href="incidents/${ref}.1.md"`), html);
    assert.ok(html.includes('<code>CHAIN_INCOMPLETE</code>'), html);
    const mdList = await local('/status/incidents.md?lang=en', {
      authorization: `Bearer ${TOKEN}`,
    });
    assert.match(await mdList.text(), new RegExp(`# Incident records[\\s\\S]*#${ref}\\.1`));
  });
});
