/**
 * Certificate watches end to end on loopback: a real redis-server, a real TLS server whose
 * certificate the test swaps, the real cert probe, incident logic, notify queue and a recording
 * chat delivery. An injected clock (never wall time) moves the watch towards expiry.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, type TestContext, test } from 'node:test';
import tls from 'node:tls';
import { Queue, QueueEvents } from 'bullmq';
import { createSweepProcessor } from '../jobs/sweep.js';
import { startWorkers, type Workers } from '../src/app/job-workers.js';
import type { IncidentContent, OutboundMessage } from '../src/model/index.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import { jobId, QUEUES } from '../src/queue/names.js';
import { watchId } from '../src/watch/id.js';
import { certWatchProbe } from '../src/watch/probe.js';
import { watchRefs } from '../src/watch/refs.js';
import { WatchService, type WatchSpec } from '../src/watch/service.js';
import { createWatchStore } from '../src/watch/store.js';
import { certResult } from './fixtures/cert-results.js';
import { days, goodChain, type Issued, issue } from './fixtures/pki.js';
import { RecordingDelivery } from './fixtures/recording-delivery.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';

const DAY = 86_400_000;
const T0 = Date.now();
const { root, intermediate } = goodChain('localhost');
const expiresAt = T0 + 40 * DAY;
const leaf = issue({ cn: 'localhost', issuer: intermediate, notAfter: new Date(expiresAt) });
const renewed = issue({ cn: 'localhost', issuer: intermediate, notAfter: days(130, T0) });

let redis: TestRedis;
let prefixes = 0;

before(async () => {
  redis = await startRedis();
});
after(async () => {
  await redis.close();
});

/** A TLS server on 127.0.0.1 whose certificate chain is chosen per handshake. */
async function tlsServer(t: TestContext, choose: (n: number) => Issued[]) {
  let handshakes = 0;
  const context = (chain: Issued[]) =>
    tls.createSecureContext({
      key: chain[0]?.keyPem,
      cert: chain.map((c) => c.certPem).join(''),
    });
  const server = tls.createServer({
    SNICallback: (_name, cb) => cb(null, context(choose(handshakes++))),
    ...{ key: leaf.keyPem, cert: leaf.certPem },
  });
  server.on('secureConnection', (s) => {
    s.on('error', () => {});
    s.end();
  });
  server.on('tlsClientError', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return { port: (server.address() as AddressInfo).port, handshakes: () => handshakes };
}

interface Harness {
  recording: RecordingDelivery;
  clock: { now: number };
  start(): Promise<Workers>;
  workers: Workers;
  notify: Queue;
  events: QueueEvents;
  prefix: string;
}

async function harness(t: TestContext): Promise<Harness> {
  const prefix = `{wxw${++prefixes}}`;
  const recording = new RecordingDelivery();
  const clock = { now: T0 };
  const closers: Array<() => Promise<unknown>> = [];
  t.after(async () => {
    for (const close of closers.reverse()) await close();
  });
  const start = async () => {
    const workers = startWorkers({
      connection: redis.url,
      prefix,
      deliveries: { slack: recording },
      notifyBackoffMs: 50,
      notifyParentWaitMs: 20,
      watch: {
        now: () => clock.now,
        sweepEveryMs: 0,
        probe: certWatchProbe({ allow: [], timeoutMs: 5000, extraCaPem: [root.certPem] }),
      },
    });
    closers.push(() => workers.close());
    await workers.ready();
    return workers;
  };
  const notify = new Queue(QUEUES.notify, { connection: { url: redis.url }, prefix });
  const events = new QueueEvents(QUEUES.notify, { connection: { url: redis.url }, prefix });
  await events.waitUntilReady();
  closers.push(
    () => notify.close(),
    () => events.close(),
  );
  const h: Harness = { recording, clock, start, workers: await start(), notify, events, prefix };
  return h;
}

function spec(port: number): WatchSpec {
  return {
    id: watchId('localhost', port),
    host: 'localhost',
    port,
    connectTo: '127.0.0.1',
    days: [30, 14, 7, 3, 1],
    to: [{ platform: 'slack', workspace: 'T1', conversation: 'C1' }],
    source: 'file',
    lang: 'en',
  };
}

const content = (m: OutboundMessage) => m.content as IncidentContent;

/** Waits until `n` messages were delivered and the notify queue has nothing left to deliver. */
async function settle(h: Harness, n: number): Promise<OutboundMessage[]> {
  await h.recording.until((r) => r.delivered().length >= n);
  // Delivered is not yet done: the job records the receipt after the platform answered.
  for (const a of h.recording.delivered()) {
    const job = await h.notify.getJob(jobId(a.message.id));
    if (job && !(await job.isCompleted())) await job.waitUntilFinished(h.events);
  }
  const counts = await h.notify.getJobCounts('wait', 'delayed', 'active');
  assert.deepEqual(counts, { wait: 0, delayed: 0, active: 0 }, 'nothing else to deliver');
  const delivered = h.recording.delivered().map((a) => a.message);
  assert.equal(delivered.length, n, 'no more than expected');
  return delivered;
}

/** Days left before the leaf expires → the clock. */
function at(h: Harness, daysLeft: number) {
  h.clock.now = expiresAt - daysLeft * DAY;
}

describe('certificate watches', () => {
  async function lifecycle(t: TestContext, restartAfter?: number) {
    let current: Issued[] = [leaf, intermediate];
    const server = await tlsServer(t, () => current);
    const h = await harness(t);
    const id = spec(server.port).id;
    await h.workers.watches.syncFile([spec(server.port)]);
    // [days left, messages delivered by then]
    const steps: Array<[number, number]> = [
      [40, 0],
      [29, 1],
      [13, 3],
      [6, 5],
      [2.5, 7],
      [0.5, 9],
      [-0.5, 11],
    ];
    let workers = h.workers;
    for (const [left, expected] of steps) {
      at(h, left);
      assert.equal(await workers.watches.check(id), 'checked');
      await settle(h, expected);
      if (left === restartAfter) {
        await workers.close();
        workers = await h.start();
        // The same check again (a retried job after the restart): nothing new.
        assert.equal(await workers.watches.check(id), 'checked');
        await settle(h, expected);
      }
    }
    current = [renewed, intermediate];
    h.clock.now = expiresAt + 0.6 * DAY;
    await workers.watches.check(id);
    const all = await settle(h, 13);

    const posts = all.filter((m) => m.action === 'post');
    assert.equal(posts.length, 1, 'one parent');
    const parentRef = h.recording.attemptsAt(posts[0]?.id ?? '')[0]?.receipt?.ref;
    assert.ok(parentRef);
    const replies = all.filter((m) => m.action === 'reply');
    assert.deepEqual(
      replies.map((m) => {
        const p = content(m).problem;
        return [content(m).event, p.kind === 'expiry' ? p.level : null];
      }),
      [
        ['threshold', 14],
        ['threshold', 7],
        ['threshold', 3],
        ['threshold', 1],
        ['threshold', -1],
        ['recovered', null],
      ],
    );
    for (const m of replies) assert.equal(m.threadRef, parentRef, 'in the parent thread');
    const edits = all.filter((m) => m.action === 'update');
    assert.equal(edits.length, 6);
    for (const m of edits) assert.equal(m.messageRef, parentRef, 'the parent is edited');
    const last = h.recording
      .delivered()
      .filter((a) => a.message.action === 'update')
      .map((a) => content(a.message))
      .find((c) => !c.open);
    assert.ok(last, 'the parent ends closed');
    assert.equal(new Set(all.map((m) => m.id)).size, all.length, 'nothing delivered twice');
  }

  test('30 -> 14 -> 7 -> 3 -> 1 -> expired -> renewed: one notice each, one thread, parent edited, closed', (t) =>
    lifecycle(t));

  test('a restart mid-way (new workers, same Redis) loses nothing and repeats nothing', (t) =>
    lifecycle(t, 6));

  test('two certificates alternating (CDN rollout) do not spam', async (t) => {
    const server = await tlsServer(t, (n) =>
      n % 2 === 0 ? [leaf, intermediate] : [renewed, intermediate],
    );
    const h = await harness(t);
    const id = spec(server.port).id;
    await h.workers.watches.syncFile([spec(server.port)]);
    for (let i = 0; i < 12; i++) {
      at(h, 6 - i / 24);
      await h.workers.watches.check(id);
    }
    assert.equal(server.handshakes(), 12);
    const all = await settle(h, 3);
    assert.deepEqual(all.map((m) => [m.action, content(m).event]).sort(), [
      ['post', 'opened'],
      ['reply', 'recovered'],
      ['update', 'state'],
    ]);
  });

  test('an intermediate expiring before the leaf raises its own notice naming the intermediate', async (t) => {
    const oldCa = issue({
      cn: 'wxdoctor Old Intermediate',
      ca: true,
      issuer: root,
      notAfter: days(10, T0),
    });
    const longLeaf = issue({ cn: 'localhost', issuer: oldCa, notAfter: days(80, T0) });
    const server = await tlsServer(t, () => [longLeaf, oldCa]);
    const h = await harness(t);
    await h.workers.watches.syncFile([spec(server.port)]);
    await h.workers.watches.check(spec(server.port).id);
    const [parent] = await settle(h, 1);
    const p = content(parent as OutboundMessage).problem;
    assert.equal(p.kind, 'expiry');
    assert.equal(p.kind === 'expiry' && p.role, 'intermediate');
    assert.match(p.kind === 'expiry' ? p.subject : '', /wxdoctor Old Intermediate/);
    assert.equal(p.kind === 'expiry' && p.level, 14);
  });

  test('the sweep takes due watches in order, one check job per (watch, due time)', async (t) => {
    const prefix = `{wxw${++prefixes}}`;
    const conn = createQueueConnection(redis.url, 'worker');
    const queue = new Queue(QUEUES.watch, { connection: { url: redis.url }, prefix });
    t.after(async () => {
      await queue.close();
      await quit(conn);
    });
    const store = createWatchStore(conn, { prefix });
    const base = {
      host: 'h',
      port: 443,
      days: [30],
      to: [],
      source: 'chat' as const,
      lang: 'en' as const,
    };
    for (let i = 0; i < 5; i++) {
      await store.put({ ...base, id: `h${i}:443`, ref: `W${i}` }, 1000 + (5 - i) * 10);
    }
    const sweep = createSweepProcessor({ store, queue, now: () => 1035, batch: 2 });
    assert.deepEqual(await sweep(), { queued: 3 });
    const jobs = await queue.getJobs(['prioritized']);
    assert.deepEqual(jobs.map((j) => `${j.data.id}@${j.data.dueAt}`).sort(), [
      'h2:443@1030',
      'h3:443@1020',
      'h4:443@1010',
    ]);
    // Taken watches are leased: the next sweep does not queue them again.
    assert.deepEqual(await sweep(), { queued: 0 });
    assert.deepEqual(
      (await store.takeDue(1_000_000, 10, 0)).map((d) => d.id),
      ['h1:443', 'h0:443', 'h2:443', 'h3:443', 'h4:443'],
    );
  });

  test('a crash between the state write and the queueing loses nothing and repeats nothing', async (t) => {
    const prefix = `{wxw${++prefixes}}`;
    const conn = createQueueConnection(redis.url, 'worker');
    t.after(() => quit(conn));
    const store = createWatchStore(conn, { prefix });
    const now = expiresAt - 20 * DAY;
    const chain = [{ role: 'leaf' as const, fp: 'AB:CD', notAfter: expiresAt }];
    const service = (enqueue: (m: OutboundMessage[]) => Promise<void>) =>
      new WatchService({
        store,
        refs: watchRefs(conn, { prefix }),
        enqueue,
        checkSoon: async () => {},
        probe: async () => certResult(now, chain),
        now: () => now,
      });
    const crashing = service(async () => {
      throw new Error('worker died');
    });
    await crashing.syncFile([spec(1)]);
    await assert.rejects(crashing.check(spec(1).id), /worker died/);
    const queued: OutboundMessage[] = [];
    const next = service(async (m) => {
      queued.push(...m);
    });
    assert.equal(await next.check(spec(1).id), 'checked');
    assert.deepEqual(
      queued.map((m) => [m.action, content(m).event]),
      [['post', 'opened']],
      'the decided post is queued once; the check after it has nothing new',
    );
    assert.deepEqual((await store.get(spec(1).id))?.outbox, []);
  });

  test('one watch reads the same alone (one script) as in the list (a pipeline)', async (t) => {
    const prefix = `{wxw${++prefixes}}`;
    const conn = createQueueConnection(redis.url, 'worker');
    t.after(() => quit(conn));
    const store = createWatchStore(conn, { prefix });
    const watch = {
      id: 'h:443',
      ref: 'W1',
      host: 'h',
      port: 443,
      days: [30],
      to: [],
      source: 'chat' as const,
      lang: 'en' as const,
    };
    await store.put(watch, 1000);
    assert.deepEqual(await store.get('h:443'), (await store.all())[0], 'new: no state, no outbox');
    const before = await store.get('h:443');
    assert.ok(before);
    const message = { action: 'post', dedupeKey: 'k' } as unknown as OutboundMessage;
    assert.ok(
      await store.saveState(
        'h:443',
        before.version,
        { ...before.state, checkedAt: 5 },
        [message],
        2000,
      ),
    );
    const after = await store.get('h:443');
    assert.deepEqual(after, (await store.all())[0]);
    assert.equal(after?.version, before.version + 1);
    assert.equal(after?.state.checkedAt, 5);
    assert.deepEqual(after?.outbox, [message]);
    assert.equal(await store.get('gone:443'), null);
  });
});
