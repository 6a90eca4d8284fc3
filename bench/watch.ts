/**
 * A sweep of many certificate watches against a local TLS farm, through the real pieces: the
 * watch store on a spawned redis-server, the BullMQ sweep scheduler, check jobs running the cert
 * probe, the incident logic, and notify jobs to a delivery that only counts. The sweeping worker
 * runs in a child process of its own (as a deployed worker would: its CPU and RSS are what is
 * measured), the TLS farm in another. Two phases, each with its own watches: "healthy"
 * (certificates 90 days from expiry: nothing to say) and "expiring" (20 days: every watch opens
 * an incident, one parent message each). The floor, in this process and the same run: a bare
 * tls.connect loop over the same names. Prints figures against the goals; asserts nothing.
 *
 * --dead PCT makes that share of the watches dead hosts (a loopback port whose SYNs are dropped,
 * test/fixtures/dead-host.ts) and instead sweeps the healthy farm plus the dead twice in the same
 * run: with the connect deadline at the probe deadline (10 s, as before WX_WATCH_CONNECT_TIMEOUT_MS)
 * and at the watches' 3 s.
 *
 * --no-legacy keeps the TLS 1.0/1.1 hellos out (a watch's first check asks them, then daily).
 *
 *   node dist/bench/watch.js [--watches N] [--concurrency C] [--dead PCT] [--no-legacy] [--json]
 *
 * WX_BENCH_MEM=1 prints the sweeping worker's heap before and after a forced GC (live set versus
 * GC slack); WX_BENCH_NODE_FLAGS passes Node flags to it (e.g. --max-semi-space-size=4).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import tls from 'node:tls';
import { parseArgs } from 'node:util';
import type { Redis } from 'ioredis';
import pLimit from 'p-limit';
import { startWorkers } from '../src/app/job-workers.js';
import type { ChatDelivery } from '../src/model/index.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import { watchId } from '../src/watch/id.js';
import { certWatchProbe, type WatchProbe } from '../src/watch/probe.js';
import type { WatchSpec } from '../src/watch/service.js';
import { startDeadHost } from '../test/fixtures/dead-host.js';
import { bundle, days, issue } from '../test/fixtures/pki.js';
import { startRedis } from '../test/fixtures/redis.js';
import { bareHandshake, cleanHandshake, startTlsFarm } from './floor.js';
import { emitJson, JSON_FLAG } from './json-out.js';

interface SweepJob {
  redisUrl: string;
  prefix: string;
  port: number;
  rootPem: string;
  watches: number;
  concurrency: number;
  expectedMessages: number;
  /** The first `dead` watches point at this port instead (a dead host). */
  deadPort: number;
  dead: number;
  connectTimeoutMs: number;
  noLegacy: boolean;
}

interface SweepFigures {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
  messages: number;
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `host-${i}.bench.test`);

function withoutLegacy(probe: WatchProbe, off: boolean): WatchProbe {
  return off ? (watch, now, opts) => probe(watch, now, { ...opts, checkLegacy: false }) : probe;
}

/** The child: one worker process sweeping every watch once; prints its figures as JSON. */
async function sweeper(job: SweepJob): Promise<SweepFigures> {
  let delivered = 0;
  let checked = 0;
  let allChecked = () => {};
  let allSaid = () => {};
  const checkedAll = new Promise<void>((r) => {
    allChecked = r;
  });
  const saidAll = new Promise<void>((r) => {
    allSaid = r;
    if (job.expectedMessages === 0) r();
  });
  const counting: ChatDelivery = {
    async deliver() {
      if (++delivered === job.expectedMessages) allSaid();
      return { ref: `ts-${delivered}` };
    },
  };
  // Loaded watches are first checked within a minute (spread); once loaded, the clock jumps a
  // minute ahead so that every watch is due at once: the sweep, not the spread, is measured.
  let offset = 0;
  const workers = startWorkers({
    connection: job.redisUrl,
    prefix: job.prefix,
    deliveries: { slack: counting },
    watch: {
      now: () => Date.now() + offset,
      sweepEveryMs: 1000,
      concurrency: job.concurrency,
      probe: withoutLegacy(
        certWatchProbe({
          allow: [],
          timeoutMs: 10_000,
          connectTimeoutMs: job.connectTimeoutMs,
          extraCaPem: [job.rootPem],
        }),
        job.noLegacy,
      ),
      onChecked: () => {
        if (++checked === job.watches) allChecked();
      },
    },
  });
  await workers.ready();
  const specs: WatchSpec[] = names(job.watches).map((host, i) => ({
    id: watchId(host, i < job.dead ? job.deadPort : job.port),
    host,
    port: i < job.dead ? job.deadPort : job.port,
    connectTo: '127.0.0.1',
    days: [30, 14, 7, 3, 1],
    to: [{ platform: 'slack', workspace: 'T1', conversation: 'C1' }],
    source: 'file',
    lang: 'en',
  }));
  let rss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage().rss);
  }, 100);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await workers.watches.syncFile(specs);
  offset = 61_000;
  await checkedAll;
  await saidAll;
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  rss = Math.max(rss, process.memoryUsage().rss);
  if (process.env.WX_BENCH_MEM) {
    const m = process.memoryUsage();
    (globalThis as { gc?: () => void }).gc?.();
    const g = process.memoryUsage();
    console.error(
      `rss ${(m.rss / 2 ** 20).toFixed(0)} heap ${(m.heapUsed / 2 ** 20).toFixed(0)}/${(m.heapTotal / 2 ** 20).toFixed(0)} after gc ${(g.heapUsed / 2 ** 20).toFixed(0)}/${(g.heapTotal / 2 ** 20).toFixed(0)} rss ${(g.rss / 2 ** 20).toFixed(0)} ext ${(g.external / 2 ** 20).toFixed(0)}`,
    );
  }
  await workers.close();
  return {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000 / job.watches,
    rssMb: rss / 2 ** 20,
    messages: delivered,
  };
}

if (process.env.WX_BENCH_SWEEP) {
  const figures = await sweeper(JSON.parse(process.env.WX_BENCH_SWEEP) as SweepJob);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  process.exit(0);
}

const { values } = parseArgs({
  options: {
    watches: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '64' },
    ...JSON_FLAG,
    dead: { type: 'string', default: '0' },
    'no-legacy': { type: 'boolean', default: false },
  },
  strict: false,
});
const N = Number(values.watches);
const C = Number(values.concurrency);
const DEAD = Math.round((N * Number(values.dead)) / 100);

const root = issue({ cn: 'wxdoctor Bench Root', ca: true });
const intermediate = issue({ cn: 'wxdoctor Bench Intermediate', ca: true, issuer: root });

async function farm(leafDays: number) {
  const leaf = issue({
    cn: '*.bench.test',
    sans: ['*.bench.test'],
    issuer: intermediate,
    notAfter: days(leafDays),
  });
  return startTlsFarm(leaf.keyPem, bundle(leaf, intermediate));
}

const floorContext = tls.createSecureContext({ ca: [root.certPem] });

async function floor(port: number, handshake = bareHandshake): Promise<number> {
  const limit = pLimit(C);
  const cpu0 = process.cpuUsage();
  await Promise.all(names(N).map((n) => limit(() => handshake(port, n, floorContext))));
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / 1000 / N;
}

async function sweepInChild(job: SweepJob): Promise<SweepFigures> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.WX_BENCH_MEM ? ['--expose-gc'] : []),
      ...(process.env.WX_BENCH_NODE_FLAGS ? process.env.WX_BENCH_NODE_FLAGS.split(' ') : []),
      new URL(import.meta.url).pathname,
    ],
    {
      env: { ...process.env, WX_BENCH_SWEEP: JSON.stringify(job) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  await once(child, 'exit');
  return JSON.parse(line) as SweepFigures;
}

const redis = await startRedis();
const admin = createQueueConnection(redis.url, 'worker') as Redis;
const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await admin.info('memory'))?.[1]);

interface Row extends SweepFigures {
  label: string;
  floorCpuMs: number;
  /** The floor closed as the probe closes (close_notify, FIN): floor.ts cleanHandshake. */
  cleanFloorCpuMs: number;
  watchBytes: number;
  redisBytes: number;
  /** Redis used_memory at its highest during the sweep (sampled), per watch. */
  redisPeakBytes: number;
}

/** A key's family: its prefix and room, with a watch id, a job id or a ref replaced by a name. */
function familyOf(key: string): string {
  const m = /^([^:]*):([^:]+):(.*)$/.exec(key);
  if (!m) return key;
  const [, prefix, room, rest] = m as unknown as [string, string, string, string];
  if (/\.bench\.test:\d+$/.test(rest)) return `${prefix}:${room}:<watch id>`;
  if (/%3A|^repeat:.+:\d+$|^\d+$/.test(rest)) {
    return `${prefix}:${room}:<job>${rest.endsWith(':logs') ? ':logs' : ''}`;
  }
  if (room === 'ref' || room === 'sent') return `${prefix}:${room}:*`;
  return key;
}

/** Where Redis memory goes, by key family (ids replaced by `*`): WX_BENCH_MEM=1 prints it. */
async function breakdown(): Promise<string> {
  const families = new Map<string, { keys: number; bytes: number }>();
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'COUNT', 1000);
    cursor = next;
    const pipeline = admin.pipeline();
    for (const key of keys) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
    const sizes = (await pipeline.exec()) ?? [];
    keys.forEach((key, i) => {
      const family = familyOf(key);
      const f = families.get(family) ?? { keys: 0, bytes: 0 };
      f.keys++;
      f.bytes += Number(sizes[i]?.[1] ?? 0);
      families.set(family, f);
    });
  } while (cursor !== '0');
  return [...families]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .slice(0, 12)
    .map(
      ([k, f]) =>
        `  ${k.padEnd(40)} ${String(f.keys).padStart(7)} keys ${(f.bytes / N).toFixed(0).padStart(6)} B/watch`,
    )
    .join('\n');
}

async function phase(
  label: string,
  leafDays: number,
  prefix: string,
  expected: number,
  dead?: { port: number; count: number; connectTimeoutMs: number },
) {
  const f = await farm(leafDays);
  await Promise.all(names(50).map((n) => bareHandshake(f.port, n, floorContext)));
  const floorCpuMs = await floor(f.port);
  const cleanFloorCpuMs = await floor(f.port, cleanHandshake);
  await admin.flushall();
  const before = await usedMemory();
  // The peak of the sweep: every check queued, results and notices arriving.
  let peak = before;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await usedMemory());
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const figures = await sweepInChild({
    redisUrl: redis.url,
    prefix,
    port: f.port,
    rootPem: root.certPem,
    watches: N,
    concurrency: C,
    expectedMessages: expected,
    deadPort: dead?.port ?? 0,
    dead: dead?.count ?? 0,
    connectTimeoutMs: dead?.connectTimeoutMs ?? 3000,
    noLegacy: values['no-legacy'] === true,
  });
  sampling = false;
  await sampler;
  if (process.env.WX_BENCH_MEM) console.error(`${label}, Redis at rest:\n${await breakdown()}`);
  // The watch store itself: the hash (watch + state) per watch and its share of the due set.
  const sample = names(N)
    .slice(dead?.count ?? 0)
    .slice(0, 200)
    .map((n) => `${prefix}:watch:${watchId(n, f.port)}`);
  let hashBytes = 0;
  for (const key of sample) {
    hashBytes += Number(await admin.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
  }
  const dueBytes = Number(
    await admin.call('MEMORY', 'USAGE', `${prefix}:watch-due`, 'SAMPLES', '0'),
  );
  const after = await usedMemory();
  peak = Math.max(peak, after);
  f.close();
  return {
    label,
    ...figures,
    floorCpuMs,
    cleanFloorCpuMs,
    watchBytes: hashBytes / sample.length + dueBytes / N,
    redisBytes: (after - before) / N,
    redisPeakBytes: (Math.max(peak, after) - before) / N,
  } satisfies Row;
}

const deadHost = DEAD > 0 ? await startDeadHost() : null;
const rows = deadHost
  ? [
      // Dead hosts: unreachable once, no message (an incident needs three checks in a row).
      await phase(`${values.dead}% dead, 10 s`, 90, '{wxb3}', 0, {
        port: deadHost.port,
        count: DEAD,
        connectTimeoutMs: 10_000,
      }),
      await phase(`${values.dead}% dead, 3 s`, 90, '{wxb4}', 0, {
        port: deadHost.port,
        count: DEAD,
        connectTimeoutMs: 3000,
      }),
    ]
  : [
      await phase('healthy (90 d)', 90, '{wxb1}', 0),
      // One parent message per watch: a first deployment reporting existing problems.
      await phase('expiring (20 d)', 20, '{wxb2}', N),
    ];
await deadHost?.close();
await quit(admin);
await redis.close();

console.log(
  `watch sweep: ${N} watches${DEAD ? ` (${DEAD} dead: SYNs dropped; connect deadline 10 s vs 3 s)` : ''}, ${C} checks at once; worker, TLS farm and redis-server in separate processes\n`,
);
console.log(
  'phase             wall s   CPU ms/watch   floor ms   ratio   clean floor ms   ratio   watch B   Redis B/watch   peak B/watch   RSS MB   messages',
);
for (const r of rows) {
  console.log(
    [
      r.label.padEnd(16),
      (r.wallMs / 1000).toFixed(1).padStart(7),
      r.cpuMs.toFixed(3).padStart(14),
      r.floorCpuMs.toFixed(3).padStart(10),
      `${(r.cpuMs / r.floorCpuMs).toFixed(2).padStart(6)}x`,
      r.cleanFloorCpuMs.toFixed(3).padStart(16),
      `${(r.cpuMs / r.cleanFloorCpuMs).toFixed(2).padStart(6)}x`,
      r.watchBytes.toFixed(0).padStart(8),
      r.redisBytes.toFixed(0).padStart(15),
      r.redisPeakBytes.toFixed(0).padStart(14),
      r.rssMb.toFixed(0).padStart(8),
      String(r.messages).padStart(10),
    ].join(' '),
  );
}
console.log(
  '\ngoals: CPU per watch <= 1.5x the floor (clean floor: the same handshakes closed as the probe closes them); <= 2 KB Redis per watch (watch B: the watch store;',
);
console.log(
  'Redis B/watch: all of Redis at rest, incl. BullMQ jobs kept and delivery receipts; peak: the most\n' +
    'during the sweep, sampled every 50 ms); RSS < 200 MB',
);
emitJson(values.json, { watches: N, concurrency: C, phases: rows });
