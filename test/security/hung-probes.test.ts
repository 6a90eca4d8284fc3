/**
 * Attack: probes that never end. A silent resolver or a TCP tarpit plus a garbage collection
 * used to outlive every deadline (`AbortSignal.any([AbortSignal.timeout(ms), jobSignal])` loses
 * its timeout after a GC on Node 20, nodejs/node#57736), and stuck jobs held every worker slot
 * while /healthz said ok.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { getEventListeners, once } from 'node:events';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Queue, QueueEvents } from 'bullmq';
import { startWorkers } from '../../src/app/job-workers.js';
import { createMetrics } from '../../src/app/metrics.js';
import { healthAndMetrics } from '../../src/app/start.js';
import { startOpsServer } from '../../src/http/server.js';
import { createContext } from '../../src/probes/context.js';
import type { AnyProbeResult } from '../../src/probes/index.js';
import type { AppRegistry, TokenCache, WechatApp } from '../../src/probes/wechat/types.js';
import { createQueueConnection, quit } from '../../src/queue/connection.js';
import { QUEUES } from '../../src/queue/names.js';
import { Slots } from '../../src/queue/slots.js';
import type { HungProbesConfig, ProbeEnd } from '../fixtures/hung-probes-child.js';
import { startRedis, type TestRedis } from '../fixtures/redis.js';

const CHILD = fileURLToPath(new URL('../fixtures/hung-probes-child.js', import.meta.url));

describe('attack: probes that never end', () => {
  it('20 probes against a silent resolver and a tarpit, gc() every 100 ms: each ends within its deadline + 1 s', async () => {
    const config: HungProbesConfig = { count: 20, deadlineMs: 800 };
    const child = spawn(process.execPath, ['--expose-gc', CHILD], {
      env: { ...process.env, WX_HUNG_PROBES: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    // The bound a hung child is judged by: start-up, the deadline, its second, and room to spare.
    const bound = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const [code, signal] = await exited;
    clearTimeout(bound);

    const ends = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as ProbeEnd);
    assert.equal(
      ends.length,
      config.count,
      `${config.count - ends.length} of ${config.count} probes never ended; stderr: ${err}`,
    );
    for (const end of ends) {
      assert.ok(
        end.ms <= config.deadlineMs + 1000,
        `probe ${end.i} (${end.probe}) took ${end.ms} ms, deadline ${config.deadlineMs} ms`,
      );
      // Ended by its own deadline, not given up on by the watchdog.
      if (end.probe === 'dns') assert.deepEqual(end.errors, ['timeout'], JSON.stringify(end));
      else assert.deepEqual(end.codes, ['TLS_TIMEOUT'], JSON.stringify(end));
    }
    // Servers closed, gc() stopped: nothing of the probes (no timer, no socket) holds it open.
    assert.deepEqual([code, signal], [0, null], `the child exited by itself; stderr: ${err}`);
  });

  it("a released context lets go of the caller's signal and never aborts", async () => {
    const job = new AbortController();
    const ctx = createContext({ timeoutMs: 50, signal: job.signal });
    assert.equal(getEventListeners(job.signal, 'abort').length, 1);
    ctx.release();
    assert.equal(getEventListeners(job.signal, 'abort').length, 0, 'no listener left behind');
    job.abort();
    assert.equal(ctx.signal.aborted, false, 'released: the job signal no longer reaches it');
  });

  it('the deadline aborts with a TimeoutError; the caller aborts with its own reason', async () => {
    const ctx = createContext({ timeoutMs: 20 });
    // The deadline's timer is unref'd (it never holds a process open): this one bounds the wait.
    const bound = setTimeout(() => assert.fail('the deadline never fired'), 5000);
    await once(ctx.signal, 'abort');
    clearTimeout(bound);
    assert.equal((ctx.signal.reason as DOMException).name, 'TimeoutError');
    const job = new AbortController();
    const early = createContext({ timeoutMs: 60_000, signal: job.signal });
    job.abort(new Error('job cancelled'));
    assert.equal((early.signal.reason as Error).message, 'job cancelled');
    early.release();
  });
});

describe('attack: stuck jobs hold every worker slot', () => {
  let redis: TestRedis;
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis.close();
  });

  it('a worker is stuck only when every slot is held past its deadline', () => {
    let now = 0;
    const slots = new Slots('probe', 2, () => now);
    const a = slots.hold(1000);
    const b = slots.hold(5000);
    now = 2000;
    assert.equal(slots.stuck(), null, 'one slot is still within its deadline');
    now = 6000;
    assert.equal(slots.stuck(), 'probe worker: all 2 slots held by jobs past their deadlines');
    a();
    assert.equal(slots.stuck(), null, 'a slot came free');
    b();
  });

  it('watchdog: probes that ignore their deadline fail with PROBE_ERROR and close their sockets; /healthz is 503 while every slot is stuck', async () => {
    const prefix = '{wxhung}';
    const deadlineMs = 500;
    const graceMs = 1500;
    // The platform API: accepts connections and never answers.
    const sockets = new Set<net.Socket>();
    const closed: Array<Promise<unknown>> = [];
    const tarpit = net.createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
      s.resume();
      closed.push(once(s, 'close'));
    });
    tarpit.listen(0, '127.0.0.1');
    await once(tarpit, 'listening');
    const apiUrl = `http://127.0.0.1:${(tarpit.address() as net.AddressInfo).port}`;
    // A token cache that asks the tarpit for a token, then waits forever whatever the signal says.
    const ignoresItsSignal: TokenCache = {
      async use(source) {
        await source.fetch(new AbortController().signal).catch(() => {});
        return new Promise(() => {});
      },
    };
    const app: WechatApp = {
      alias: 'stuck',
      platform: 'wechat',
      apiUrl,
      id: 'wx0000000000000001',
      secret: { reveal: () => 'not-a-real-secret' },
      tokens: ignoresItsSignal,
    };
    const apps: AppRegistry = {
      get: (a) => (a === 'stuck' ? app : undefined),
      aliases: () => ['stuck'],
    };

    const results: AnyProbeResult[] = [];
    const workers = startWorkers({
      connection: redis.url,
      prefix,
      deliveries: {},
      probeConcurrency: 2,
      probeGraceMs: graceMs,
      apps,
      onProbeResult: (r) => results.push(r),
      watch: { sweepEveryMs: 0 },
    });
    const producer = createQueueConnection(redis.url, 'producer');
    const ops = await startOpsServer(
      healthAndMetrics(producer, workers, createMetrics({ defaultMetrics: false }), undefined),
      0,
      '127.0.0.1',
    );
    const queue = new Queue(QUEUES.probe, { connection: { url: redis.url }, prefix });
    const events = new QueueEvents(QUEUES.probe, { connection: { url: redis.url }, prefix });
    try {
      await Promise.all([workers.ready(), events.waitUntilReady()]);
      const healthz = async () => {
        const res = await fetch(`http://127.0.0.1:${ops.port}/healthz`);
        return {
          status: res.status,
          body: (await res.json()) as { status: string; reason?: string },
        };
      };
      assert.equal((await healthz()).status, 200);

      const data = {
        request: { probe: 'wechat', spec: { op: 'ip', alias: 'stuck' } },
        run: { timeoutMs: deadlineMs, denyPrivate: false },
      };
      const jobs = await Promise.all([queue.add('probe', data), queue.add('probe', data)]);
      const outcomes = jobs.map((j) =>
        j.waitUntilFinished(events).then(
          () => assert.fail('a stuck probe completed'),
          (e: Error) => e.message,
        ),
      );

      let settled = false;
      const allSettled = Promise.all(outcomes).finally(() => {
        settled = true;
      });
      // Both slots held past their deadlines: no more work can start, and /healthz says so.
      let stuck = await healthz();
      while (stuck.status === 200 && !settled) stuck = await healthz();
      assert.equal(stuck.status, 503);
      assert.equal(stuck.body.status, 'unavailable');
      assert.match(
        stuck.body.reason ?? '',
        /probe worker: all 2 slots held by jobs past their deadlines/,
      );

      for (const reason of await allSettled) {
        assert.equal(
          reason,
          `the probe did not end by its deadline (${deadlineMs} ms); it was stopped ${graceMs} ms later and its connections closed`,
        );
      }
      for (const j of jobs) {
        const done = await queue.getJob(j.id as string);
        assert.equal(await done?.getState(), 'failed');
        const tookMs = (done?.finishedOn ?? 0) - (done?.processedOn ?? 0);
        assert.ok(tookMs <= deadlineMs + graceMs + 1000, `failed after ${tookMs} ms`);
      }
      assert.deepEqual(
        results.map((r) => [r.status, r.findings.map((f) => f.code)]),
        [
          ['error', ['PROBE_ERROR']],
          ['error', ['PROBE_ERROR']],
        ],
      );
      assert.match(results[0]?.findings[0]?.message ?? '', /did not end by its deadline/);
      assert.equal(sockets.size, 2, 'each probe asked the tarpit for a token');
      await Promise.all(closed);

      assert.equal((await healthz()).status, 200, 'the slots are free again');
    } finally {
      await events.close();
      await queue.close();
      await ops.close();
      await workers.close();
      await quit(producer);
      tarpit.close();
    }
  });
});
