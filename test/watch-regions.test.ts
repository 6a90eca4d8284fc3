/**
 * Watches in regions, on real parts: a spawned redis-server, two in-process worker sets with
 * different regions (north, east) and resolvers (a DNS server each on loopback, answering the
 * same name with 127.0.0.2 and 127.0.0.3), a TLS server on each address whose certificate the
 * test swaps, and the fake Slack the incidents are posted to. A watch listing [north, east]
 * runs its probe in both regions' queues: east's expired certificate opens one incident naming
 * east only; recovery waits until both regions are clean. A listed region without a worker, or
 * with a live heartbeat but no worker taking its queue, is REGION_NO_ANSWER and the check ends.
 */
import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import tls from 'node:tls';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { startWorkers, type Workers } from '../src/app/job-workers.js';
import { createSlackFront, type SlackFront } from '../src/chat/slack/app.js';
import { SlackDelivery } from '../src/chat/slack/delivery.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import { regionQueue } from '../src/queue/names.js';
import { createSubmitter, type Submitter } from '../src/queue/submit.js';
import { statusRowView } from '../src/render/status-view.js';
import { watchAnswerText } from '../src/render/watch-answers.js';
import { createLastResults } from '../src/store/last-results.js';
import { createWorkerBeats } from '../src/store/worker-beats.js';
import { watchRows } from '../src/watch/answers.js';
import { dnsWatchId, watchId } from '../src/watch/id.js';
import { statusEntry } from '../src/watch/status.js';
import { DEFAULT_DAYS } from '../src/watch/types.js';
import { type DnsServer, startDnsServers } from './fixtures/dns-server.js';
import { type ApiCall, type FakeSlack, startFakeSlack } from './fixtures/fake-slack.js';
import { bundle, days, goodChain, type Issued, issue } from './fixtures/pki.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { postSlackEvents } from './fixtures/slack-request.js';

const NAME = 'edge.regions.test';
const NORTH_ADDRESS = '127.0.0.2';
const EAST_ADDRESS = '127.0.0.3';
const PREFIX = `{watch-regions-${process.pid}}`;
const CHANNEL = 'C0REGIONS';
const T0 = Date.now();

const { root, intermediate } = goodChain(NAME);
const valid = issue({ cn: NAME, issuer: intermediate, notAfter: days(200) });
const renewed = issue({ cn: NAME, issuer: intermediate, notAfter: days(300) });
const expired = issue({
  cn: NAME,
  issuer: intermediate,
  notBefore: days(-100),
  notAfter: days(-2),
});

interface Edge {
  serve(leaf: Issued): void;
  close(): Promise<void>;
}

let redis: TestRedis;
let slack: FakeSlack;
let dns: DnsServer[];
let port = 0;
let north: Edge;
let east: Edge;
let deliveryRedis: Redis;
let client: Redis;
let workers: Workers[] = [];
const clock = { now: T0 };
const checks = new EventEmitter();
/** A check that never comes fails the test instead of hanging it (not a speed assertion). */
const GUARD = { timeout: 60_000 };

/** A TLS server on `address:port` whose certificate the test swaps. */
async function edge(address: string, leaf: Issued, at: number): Promise<Edge & { port: number }> {
  const context = (l: Issued) => ({ key: l.keyPem, cert: bundle(l, intermediate) });
  const server = tls.createServer(context(leaf));
  server.on('secureConnection', (s) => {
    s.on('error', () => {});
    s.end();
  });
  server.on('tlsClientError', () => {});
  server.listen(at, address);
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    serve: (l) => server.setSecureContext(context(l)),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function regionWorkers(region: string, resolver: DnsServer): Workers {
  return startWorkers({
    connection: redis.url,
    prefix: PREFIX,
    deliveries: {
      slack: new SlackDelivery({
        botToken: 'xoxb-regions',
        apiUrl: slack.apiUrl,
        redis: deliveryRedis,
        prefix: PREFIX,
      }),
    },
    allow: ['127.0.0.0/8'],
    notifyBackoffMs: 50,
    notifyParentWaitMs: 50,
    region,
    resolvers: [resolver.resolver],
    extraCaPem: [root.certPem],
    // Room for a loaded machine (the full suite on 2 cores): a region is silent only past these.
    maxProbeTimeoutMs: 8000,
    watch: {
      now: () => clock.now,
      sweepEveryMs: 0,
      probeTimeoutMs: 8000,
      regionMarginMs: 1500,
      onChecked: (id) => checks.emit('checked', id),
    },
  });
}

/** Adds the watch through `workers` (a check is queued at once) and waits for that check. */
async function addWatch(host: string, regions: string[]): Promise<string> {
  const id = watchId(host, port);
  const done = checked(id);
  await workers[0]?.watches.add({
    id,
    host,
    port,
    days: [...DEFAULT_DAYS],
    to: [{ platform: 'slack', workspace: 'T0FAKE', conversation: CHANNEL }],
    source: 'file',
    lang: 'en',
    regions,
  });
  await done;
  return id;
}

function checked(id: string): Promise<void> {
  return new Promise((resolve) => {
    const on = (x: string) => {
      if (x !== id) return;
      checks.off('checked', on);
      resolve();
    };
    checks.on('checked', on);
  });
}

/** Queues a check (the watch queue's job, taken by either worker set) and waits for it. */
async function recheck(id: string): Promise<void> {
  clock.now += 60_000;
  const done = checked(id);
  assert.equal(await workers[1]?.watches.recheck(id), true);
  await done;
}

const posts = (): ApiCall[] =>
  slack.calls('chat.postMessage').filter((c) => c.params.channel === CHANNEL);
const text = (c: ApiCall): string => JSON.stringify(c.params);

async function beat(region: string): Promise<void> {
  await createWorkerBeats(client, { prefix: PREFIX }).beat({
    region,
    host: 'test',
    pid: process.pid,
    version: 'test',
    lastSeen: Date.now(),
  });
}

before(async () => {
  [redis, slack] = await Promise.all([startRedis(), startFakeSlack()]);
  dns = await startDnsServers([
    { zone: { [NAME]: [{ type: 'A', data: NORTH_ADDRESS }] } },
    { zone: { [NAME]: [{ type: 'A', data: EAST_ADDRESS }] } },
  ]);
  const n = await edge(NORTH_ADDRESS, valid, 0);
  port = n.port;
  north = n;
  east = await edge(EAST_ADDRESS, expired, port);
  deliveryRedis = createQueueConnection(redis.url, 'worker') as Redis;
  client = createQueueConnection(redis.url, 'producer') as Redis;
  await once(client, 'ready');
  workers = [
    regionWorkers('north', dns[0] as DnsServer),
    regionWorkers('east', dns[1] as DnsServer),
  ];
  await Promise.all(workers.map((w) => w.ready()));
  await Promise.all([beat('north'), beat('east')]);
});

after(async () => {
  await Promise.all(workers.map((w) => w.close()));
  if (deliveryRedis) await quit(deliveryRedis);
  if (client) await quit(client);
  await Promise.all([north?.close(), east?.close(), ...(dns ?? []).map((d) => d.close())]);
  await slack?.close();
  await redis?.close();
});

describe('a certificate watch in regions north and east', () => {
  let id = '';

  test(
    'east serves an expired certificate, north a valid one: one incident naming east only',
    GUARD,
    async () => {
      id = await addWatch(NAME, ['east', 'north']);
      const [opened] = await slack.waitFor('chat.postMessage', 1, {
        where: (c) => c.params.channel === CHANNEL,
        timeoutMs: 20_000,
      });
      assert.ok(opened);
      assert.match(text(opened), /Certificate expired, served by the east edge only/);
      assert.doesNotMatch(text(opened), /north/);
      const stored = await workers[0]?.watches.get(id);
      assert.deepEqual(stored?.watch.regions, ['east', 'north']);
      assert.deepEqual(stored?.state.regions, { east: 'fail', north: 'ok' });
      assert.equal(stored?.state.incidents.filter((i) => i.open).length, 1);
      // Each region's own result, with its region label (probe_success{region="east"} …).
      const kept = (await createLastResults(client, { prefix: PREFIX }).all()).filter(
        (s) => s.id === id,
      );
      const success = Object.fromEntries(kept.map((s) => [s.region, s.success]));
      assert.deepEqual(success, { east: false, north: true });
      // The watch list and the status page show the regions and which one fails.
      assert.ok(stored);
      const list = watchAnswerText(
        { answer: 'list', rows: watchRows([stored], clock.now), all: true },
        'en',
      );
      assert.match(list, /regions east fail, north ok/);
      const row = statusRowView(statusEntry(stored, clock.now), 'en');
      assert.equal(row.regionText, 'east Failing, north OK');
      assert.match(row.incident?.headline ?? '', /served by the east edge only/);
      const zh = statusRowView(statusEntry(stored, clock.now), 'zh-CN');
      assert.match(zh.incident?.headline ?? '', /证书已过期（仅 east 地区的节点）/);
    },
  );

  test('recovery only once every region is clean', GUARD, async () => {
    const before = posts().length;
    // North breaks too, then east is fixed: the incident stays open, now naming north.
    north.serve(expired);
    await recheck(id);
    // The set of regions that see it changed: said once in the incident's thread.
    const [spread] = await slack.waitFor('chat.postMessage', 1, {
      where: (c) => c.params.channel === CHANNEL && /Now seen from/.test(text(c)),
      timeoutMs: 20_000,
    });
    assert.ok(spread);
    assert.match(text(spread), /Now seen from east and north: Certificate expired/);
    assert.ok(spread.params.thread_ts, 'a reply in the incident thread');
    await recheck(id);
    east.serve(renewed);
    await recheck(id);
    const [shrunk] = await slack.waitFor('chat.postMessage', 1, {
      where: (c) => c.params.channel === CHANNEL && /Now seen from north:/.test(text(c)),
      timeoutMs: 20_000,
    });
    assert.ok(shrunk);
    assert.equal(
      posts()
        .slice(before)
        .filter((c) => /Now seen from/.test(text(c))).length,
      2,
      'one reply per change, none for the check that changed nothing',
    );
    let stored = await workers[0]?.watches.get(id);
    const incident = stored?.state.incidents.find((i) => i.open);
    assert.ok(incident, 'still open while north serves the expired certificate');
    assert.deepEqual(incident.view.regions, ['north']);
    assert.deepEqual(stored?.state.regions, { east: 'ok', north: 'fail' });
    assert.equal(
      posts()
        .slice(before)
        .filter((c) => /Resolved/.test(text(c))).length,
      0,
    );
    // North fixed: both clean, the incident closes.
    north.serve(renewed);
    await recheck(id);
    stored = await workers[0]?.watches.get(id);
    assert.equal(stored?.state.incidents.filter((i) => i.open).length, 0);
    const resolved = await slack.waitFor('chat.postMessage', 1, {
      where: (c) => c.params.channel === CHANNEL && /Resolved/.test(text(c)),
      timeoutMs: 20_000,
    });
    assert.ok(resolved.length >= 1);
  });
});

describe('/wx watch add --from in Slack', () => {
  const SECRET = 'watch-regions-signing';
  const TEAM = 'T0FAKE';
  let front: SlackFront;
  let submitter: Submitter;
  let producer: Redis;
  let base = '';
  let n = 0;

  before(async () => {
    producer = createQueueConnection(redis.url, 'producer') as Redis;
    await once(producer, 'ready');
    submitter = createSubmitter({ connection: producer, prefix: PREFIX });
    front = createSlackFront({
      botToken: 'xoxb-regions',
      signingSecret: SECRET,
      apiUrl: slack.apiUrl,
      botId: 'B0FAKEBOT',
      botUserId: 'U0FAKEBOT',
      submit: (s) => submitter.submit(s),
      redis: producer,
      prefix: PREFIX,
      lang: 'en',
    });
    const http = await front.start(0);
    assert.ok(http);
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  after(async () => {
    await front?.stop();
    await submitter?.close();
    if (producer) await quit(producer);
  });

  async function slash(text: string): Promise<string> {
    const rid = `watch-regions-${++n}`;
    const body = new URLSearchParams({
      team_id: TEAM,
      channel_id: CHANNEL,
      user_id: 'U0TYPIST',
      command: '/wx',
      text,
      response_url: slack.responseUrl(rid),
      trigger_id: `${n}.5678.${'ab'.repeat(8)}`,
    }).toString();
    const res = await postSlackEvents(`${base}/slack/events`, SECRET, body);
    assert.equal(res.status, 200);
    return rid;
  }

  test('a region without a live worker is a usage error listing the live ones', GUARD, async () => {
    const rid = await slash(`watch add dns:${NAME} --from north,west`);
    const [r] = await slack.waitForResponses(1, { id: rid });
    assert.equal(r?.body.response_type, 'ephemeral');
    assert.match(JSON.stringify(r?.body), /no live region \\"west\\"; live regions: east, north/);
    assert.equal(await workers[0]?.watches.get(dnsWatchId(NAME)), null);
  });

  test('a dns watch from north and east: each region asks its own resolver', GUARD, async () => {
    const id = dnsWatchId(NAME);
    const done = checked(id);
    await slash(`watch add dns:${NAME} --from east,north`);
    await done;
    // The answer says where it is checked from.
    const [added] = await slack.waitFor('chat.postMessage', 1, {
      where: (c) => c.params.channel === CHANNEL && /Watching #/.test(text(c)),
      timeoutMs: 20_000,
    });
    assert.ok(added);
    assert.match(text(added), /dns:edge\.regions\.test: checked from east and north every/);
    const stored = await workers[0]?.watches.get(id);
    assert.deepEqual(stored?.watch.regions, ['east', 'north']);
    assert.deepEqual(stored?.state.regions, { east: 'ok', north: 'ok' });
    const kept = (await createLastResults(client, { prefix: PREFIX }).all()).filter(
      (s) => s.id === id,
    );
    assert.deepEqual(kept.map((s) => s.region).sort(), ['east', 'north']);
    await slash('watch list');
    const [list] = await slack.waitFor('chat.postMessage', 1, {
      where: (c) => c.params.channel === CHANNEL && /regions east ok, north ok/.test(text(c)),
      timeoutMs: 20_000,
    });
    assert.ok(list);
  });
});

describe('regions that do not answer', () => {
  test(
    'a listed region with no live worker is REGION_NO_ANSWER at once; the check ends',
    GUARD,
    async () => {
      const id = await addWatch('localhost', ['north', 'west']);
      const stored = await workers[0]?.watches.get(id);
      assert.deepEqual(stored?.state.regions?.west, 'no-answer');
      const west = (await createLastResults(client, { prefix: PREFIX }).all()).find(
        (s) => s.id === id && s.region === 'west',
      );
      assert.ok(west, 'a snapshot for west');
      assert.equal(west.success, false);
      // Nothing was queued for a region nobody serves.
      const q = new Queue(regionQueue('west'), { connection: client, prefix: PREFIX });
      try {
        assert.equal(await q.count(), 0);
      } finally {
        await q.close();
      }
    },
  );

  test(
    'a live region whose worker never takes the probe is REGION_NO_ANSWER after the deadline',
    GUARD,
    async () => {
      await beat('south');
      const host = '127.0.0.1';
      const id = await addWatch(host, ['north', 'south']);
      const stored = await workers[0]?.watches.get(id);
      assert.equal(stored?.state.regions?.south, 'no-answer');
      assert.ok(stored?.state.checkedAt !== undefined);
      // The unanswered job does not linger in south's queue.
      const q = new Queue(regionQueue('south'), { connection: client, prefix: PREFIX });
      try {
        assert.equal(await q.count(), 0);
      } finally {
        await q.close();
      }
    },
  );
});
