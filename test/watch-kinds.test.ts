/**
 * Watches of every kind through the watch service, with the real probes on loopback and the real
 * Redis store: an http watch on a server that starts answering 502 (one incident, headed by the
 * cause, closed after it recovers), a dns watch on two resolvers that disagree, and wechat watches
 * on the fake WeChat API losing the whitelist or having the secret rotated.
 */
import assert from 'node:assert/strict';
import { after, before, describe, type TestContext, test } from 'node:test';
import { appRegistry } from '../src/config/apps.js';
import type { IncidentContent, OutboundMessage } from '../src/model/index.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import { createMemoryTokenManager } from '../src/tokens/memory.js';
import { parseWatches } from '../src/watch/file.js';
import { watchProbe } from '../src/watch/probe.js';
import { watchRefs } from '../src/watch/refs.js';
import { WatchService, type WatchSpec } from '../src/watch/service.js';
import { createWatchStore } from '../src/watch/store.js';
import { closeDnsServers, startDnsServers } from './fixtures/dns-server.js';
import { FakeWechat } from './fixtures/fake-wechat.js';
import { startHttpServer } from './fixtures/http-server.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import {
  appsConfig,
  CORP_ID,
  CORP_SECRET,
  APPID as OA_APPID,
  SECRET,
} from './fixtures/wechat-apps.js';

const MINUTE = 60_000;
const TO = ['slack:C0KINDS'];

let redis: TestRedis;
let prefixes = 0;
before(async () => {
  redis = await startRedis();
});
after(async () => {
  await redis.close();
});

/** The service over a fresh prefix, with a clock the test moves and every message kept. */
async function harness(t: TestContext, raw: unknown[], apps?: ReturnType<typeof appRegistry>) {
  const prefix = `{wxk${++prefixes}}`;
  const conn = createQueueConnection(redis.url, 'worker');
  t.after(() => quit(conn));
  const clock = { now: Date.now() };
  const sent: OutboundMessage[] = [];
  const service = new WatchService({
    store: createWatchStore(conn, { prefix }),
    refs: watchRefs(conn, { prefix }),
    enqueue: async (m) => {
      sent.push(...m);
    },
    checkSoon: async () => {},
    probe: watchProbe({ allow: [], timeoutMs: 5000, ...(apps ? { apps } : {}) }),
    now: () => clock.now,
  });
  const specs: WatchSpec[] = parseWatches(raw, 'en');
  await service.syncFile(specs);
  const [spec] = specs;
  assert.ok(spec);
  /** One check a minute later; the incident messages it queued (posts and replies). */
  const check = async () => {
    clock.now += MINUTE;
    const from = sent.length;
    assert.equal(await service.check(spec.id), 'checked');
    return sent
      .slice(from)
      .filter((m) => m.action !== 'update')
      .map((m) => ({ action: m.action, content: m.content as IncidentContent }));
  };
  return { service, check, id: spec.id };
}

const codeOf = (ms: Array<{ content: IncidentContent }>) => {
  const p = ms[0]?.content.problem;
  return p?.kind === 'breakage' ? p.code : undefined;
};

const said = (ms: Array<{ action: string; content: IncidentContent }>) =>
  ms.map((m) => `${m.action}:${m.content.event}`);

describe('http, dns and wechat watches', () => {
  test('http: a server that starts answering 502 opens one incident headed by the cause; recovery closes it', async (t) => {
    let status = 200;
    const server = await startHttpServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 200 ? 'ok: healthy' : 'bad gateway');
    });
    t.after(() => server.close());
    const h = await harness(t, [{ url: server.url('/health'), body: 'healthy', to: TO }]);
    assert.equal(h.id, `http:${server.url('/health')}`);
    assert.deepEqual(said(await h.check()), [], 'healthy');
    status = 502;
    assert.deepEqual(said(await h.check()), [], 'one failing check is not yet an incident');
    const opened = await h.check();
    assert.deepEqual(said(opened), ['post:opened']);
    const problem = opened[0]?.content.problem;
    assert.equal(problem?.kind, 'breakage');
    assert.ok(problem?.kind === 'breakage');
    assert.equal(problem.code, 'HTTP_5XX');
    assert.equal(problem.probe, 'http');
    assert.equal(opened[0]?.content.critical, true);
    assert.match(problem.message, /answered 502 Bad Gateway/);
    assert.deepEqual(said(await h.check()), [], 'still failing: the same incident, nothing new');
    status = 200;
    assert.deepEqual(said(await h.check()), [], 'one clean check does not close it');
    const closed = await h.check();
    assert.deepEqual(said(closed), ['reply:recovered']);
    const stored = await h.service.get(h.id);
    assert.equal(stored?.state.incidents.length, 1, 'one incident for the whole outage');
    assert.equal(stored?.state.incidents[0]?.open, false);
  });

  test('http: a body without the expected text, then a 500, is one incident whose cause changes', async (t) => {
    let body = 'maintenance';
    let status = 200;
    const server = await startHttpServer((_req, res) => {
      res.writeHead(status);
      res.end(body);
    });
    t.after(() => server.close());
    const h = await harness(t, [{ url: server.url('/'), body: 'healthy', to: TO }]);
    await h.check();
    const opened = await h.check();
    assert.deepEqual(said(opened), ['post:opened']);
    assert.equal(codeOf(opened), 'HTTP_BODY_MISMATCH');
    status = 500;
    body = 'boom';
    const changed = await h.check();
    assert.deepEqual(said(changed), ['reply:changed']);
    assert.equal(codeOf(changed), 'HTTP_5XX');
  });

  test('dns: two local resolvers that disagree open DNS_INCONSISTENT', async (t) => {
    const servers = await startDnsServers([
      { zone: { 'api.kinds.test': [{ type: 'A', data: '192.0.2.10' }] } },
      { zone: { 'api.kinds.test': [{ type: 'A', data: '192.0.2.10' }] } },
    ]);
    t.after(() => closeDnsServers(servers));
    const resolvers = servers.map((s) => `127.0.0.1:${s.port}`);
    const h = await harness(t, [{ dns: 'api.kinds.test', resolvers, to: TO }]);
    assert.equal(h.id, 'dns:api.kinds.test');
    assert.deepEqual(said(await h.check()), [], 'they agree');
    const moved = servers[1];
    assert.ok(moved);
    moved.zone = { 'api.kinds.test': [{ type: 'A', data: '198.51.100.7' }] };
    await h.check();
    const opened = await h.check();
    assert.deepEqual(said(opened), ['post:opened']);
    const problem = opened[0]?.content.problem;
    assert.ok(problem?.kind === 'breakage');
    assert.equal(problem.code, 'DNS_INCONSISTENT');
    assert.equal(opened[0]?.content.critical, false, 'a warning: no red, no daily reminders');
    assert.match(problem.message, /192\.0\.2\.10/);
    assert.match(problem.message, /198\.51\.100\.7/);
  });

  test('dns: answers other than the expected ones are DNS_UNEXPECTED_ANSWER', async (t) => {
    const servers = await startDnsServers([
      { zone: { 'pay.kinds.test': [{ type: 'A', data: '192.0.2.20' }] } },
    ]);
    t.after(() => closeDnsServers(servers));
    const h = await harness(t, [
      {
        dns: 'pay.kinds.test',
        resolvers: [`127.0.0.1:${servers[0]?.port}`],
        expect: ['192.0.2.99'],
        to: TO,
      },
    ]);
    await h.check();
    const opened = await h.check();
    const problem = opened[0]?.content.problem;
    assert.ok(problem?.kind === 'breakage');
    assert.equal(problem.code, 'DNS_UNEXPECTED_ANSWER');
  });

  test('wechat api-domains: no domain answers, WX_API_DOMAINS_UNREACHABLE', async (t) => {
    const closed = await startHttpServer(() => {});
    const port = closed.port;
    await closed.close();
    const h = await harness(t, [{ wechat: 'api-domains', domains: [`127.0.0.1:${port}`], to: TO }]);
    assert.equal(h.id, 'wechat:api-domains');
    await h.check();
    const opened = await h.check();
    const problem = opened[0]?.content.problem;
    assert.ok(problem?.kind === 'breakage', JSON.stringify(opened));
    assert.equal(problem.code, 'WX_API_DOMAINS_UNREACHABLE');
  });

  describe('wechat', () => {
    let fake: FakeWechat;
    before(async () => {
      fake = await FakeWechat.start({
        appid: OA_APPID,
        secret: SECRET,
        corpId: CORP_ID,
        corpSecret: CORP_SECRET,
      });
    });
    after(() => fake.close());

    const apps = () => appRegistry(appsConfig(fake.url), createMemoryTokenManager());

    test('the egress IP falls out of the whitelist: WX_IP_NOT_WHITELISTED, with the IP', async (t) => {
      fake.reset();
      const h = await harness(t, [{ wechat: 'oa', to: TO }], apps());
      assert.equal(h.id, 'wechat:oa');
      assert.deepEqual(said(await h.check()), [], 'token issued');
      fake.set('/cgi-bin/stable_token', { kind: 'error', errcode: 40164 });
      await h.check();
      const opened = await h.check();
      assert.deepEqual(said(opened), ['post:opened']);
      const problem = opened[0]?.content.problem;
      assert.ok(problem?.kind === 'breakage');
      assert.equal(problem.code, 'WX_IP_NOT_WHITELISTED');
      assert.equal(problem.probe, 'wechat');
      assert.match(problem.message, /47\.103\.62\.98/);
      fake.behaviours.clear();
      await h.check();
      assert.deepEqual(said(await h.check()), ['reply:recovered']);
    });

    test('the secret is rotated in the console: WX_INVALID_SECRET, and no secret in any message', async (t) => {
      fake.reset();
      t.after(() => fake.rotateSecret(SECRET));
      const h = await harness(t, [{ wechat: 'oa', to: TO }], apps());
      await h.check();
      fake.rotateSecret('rotatedSecretXyz9876543');
      await h.check();
      const opened = await h.check();
      const problem = opened[0]?.content.problem;
      assert.ok(problem?.kind === 'breakage');
      assert.equal(problem.code, 'WX_INVALID_SECRET');
      assert.ok(!JSON.stringify(opened).includes(SECRET), 'the secret is not in the messages');
    });
  });
});
