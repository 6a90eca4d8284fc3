/**
 * The sweep benchmark of issue 16, in private network namespaces (bench/netns/lab.ts): N
 * certificate watches, each its own address in the farm's namespace, 100 ms round trip (50 ms
 * each way through the delay relay), 5% of the addresses dead (their SYNs dropped). The sweeping
 * worker runs in a child process in the worker's namespace, as deployed (production defaults:
 * probe deadline, concurrency, a sweep every 30 s), against a redis-server of its own in that
 * namespace; the TLS farm in the farm's. Every watch is made due at once; the sweep is timed from
 * its first probe's start to its last check.
 *
 * Printed per size: wall time, the worker's CPU (and per check), its peak RSS, Redis bytes per
 * watch at rest (after the sweep, job history included) and at the sweep's peak (sampled every
 * 100 ms, `INFO memory` used_memory above the empty baseline), and whether every watch was
 * checked exactly once (the worker's count per watch id; the farm's handshakes per SNI name).
 *
 *   npm run bench:sweep -- [--watches 1000,5000,10000,20000] [--dead 0.05] [--rtt 100]
 *
 * runSweepBench({ watches }) does one size for the one-run table (bench/table.ts). Asserts
 * nothing; needs root (it prints "skipped: ..." elsewhere).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface, type Interface } from 'node:readline';
import tls from 'node:tls';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pLimit from 'p-limit';
import { startWorkers } from '../src/app/job-workers.js';
import type { ChatDelivery } from '../src/model/index.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import { QUEUES } from '../src/queue/names.js';
import { WATCH_JOBS } from '../src/queue/watch-jobs.js';
import { loadWatchesFileApart } from '../src/watch/file-apart.js';
import { watchId } from '../src/watch/id.js';
import type { WatchSpec } from '../src/watch/service.js';
import { bundle, days, issue } from '../test/fixtures/pki.js';
import { ready as redisReady } from '../test/fixtures/redis.js';
import { bareHandshake, startTlsFarm, type TlsFarm } from './floor.js';
import { labUnavailable, type NetLab, openLab } from './netns/lab.js';
import { type MemoryCgroup, memoryCgroup } from './netns/memory-cgroup.js';

export interface SweepOptions {
  watches: number;
  /** Share of the watches whose host drops SYNs (default 0.05). */
  deadShare?: number;
  /** Round trip to every host, ms (default 100). */
  rttMs?: number;
  /** WX_WATCH_CONCURRENCY; default: the product's. */
  concurrency?: number;
  /** The sweep interval (default 30 s, the product's). */
  sweepEveryMs?: number;
  /** Given up on after this long (default: 5 min, or 30 ms per watch if longer). */
  maxWallMs?: number;
  /** Runs the worker in a memory cgroup of this many MiB, as a container limits it (no heap flag). */
  memoryLimitMb?: number;
}

export interface SweepFigures {
  watches: number;
  dead: number;
  /** First probe's start to the last watch's first check. */
  wallS: number;
  /** The worker's CPU from the clock jump to the end of the sweep. */
  cpuS: number;
  cpuMsPerCheck: number;
  /** The worker's peak RSS over its life (getrusage maxrss: the file load included). */
  peakRssMb: number;
  /** Its largest RSS sampled during the sweep alone. */
  sweepRssMb: number;
  /** V8's heap limit in the worker: Node's default from the memory it sees. */
  heapLimitMb: number;
  /** The watch worker's concurrency at its highest during the sweep (it adapts). */
  maxConcurrency: number;
  /** Redis used_memory above the empty baseline, per watch: after the sweep, and its peak. */
  redisRestB: number;
  redisPeakB: number;
  /** Checks per watch: how many were never checked, how many twice or more. */
  never: number;
  twiceOrMore: number;
  /** Farm side: completed handshakes, alive names handshaked other than once. */
  handshakes: number;
  handshakeOdd: number;
  exactlyOnce: boolean;
  /** The sweep did not end within maxWallMs. */
  timedOut: boolean;
  messages: number;
  /** The anchor, same run, same worker process: bare handshakes to alive hosts, at the same concurrency. */
  floorHandshakes: number;
  floorWallS: number;
  floorCpuMsPerHandshake: number;
}

export type SweepResult = SweepFigures | { skipped: string };

const HOST_PORT = 443;
/** Bare handshakes of the floor (the anchor): enough for a steady CPU figure. */
const FLOOR_HANDSHAKES = 2000;
const hostName = (i: number) => `host-${i}.bench.test`;
/** Every 1/share-th watch is dead, spread evenly through the list. */
const isDead = (i: number, share: number) =>
  share > 0 && Math.floor((i + 1) * share) > Math.floor(i * share);

// ---------------------------------------------------------------------------------------------
// The child: the sweeping worker, in the worker's namespace.

interface SweeperJob {
  redisUrl: string;
  prefix: string;
  /** The watches file (YAML), read and loaded as a deployed worker does (WX_WATCHES_FILE). */
  watchesFile: string;
  /** Addresses of alive hosts for the floor (bare handshakes after the sweep). */
  floor: string[];
  concurrency?: number;
  sweepEveryMs: number;
  maxWallMs: number;
}

interface SweeperReport {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  /** V8's heap limit, as Node chose it from the memory it sees (a cgroup's limit included). */
  heapLimitMb: number;
  sweepRssMb: number;
  /** The watch worker's concurrency at its highest during the sweep (it adapts). */
  maxConcurrency: number;
  counts: Record<string, number>;
  timedOut: boolean;
  messages: number;
  floor: FloorFigures;
}

interface FloorFigures {
  handshakes: number;
  wallMs: number;
  cpuMs: number;
}

/**
 * The anchor of the same run, in the same process and namespace: bare TLS handshakes (connect,
 * handshake, chain, close) to alive hosts, as many at once as the worker's checks, over the same
 * 100 ms network. What a check cannot do with less CPU or, alive hosts only, in less time.
 */
async function floorRun(addresses: string[], concurrency: number): Promise<FloorFigures> {
  const ca = readFileSync(process.env.NODE_EXTRA_CA_CERTS as string, 'utf8');
  const context = tls.createSecureContext({ ca: [ca] });
  const limit = pLimit(concurrency);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    addresses.map((address, i) =>
      limit(() => bareHandshake(HOST_PORT, `floor-${i}.bench.test`, context, address)),
    ),
  );
  const cpu = process.cpuUsage(cpu0);
  return {
    handshakes: addresses.length,
    wallMs: performance.now() - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

/** WX_BENCH_TRACE=1: one line a second on stderr (checks done, concurrency, CPU, loop delay). */
function traceEverySecond(
  checked: () => number,
  workers: { concurrency(): Record<string, number | undefined> },
): { stop(): void } {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let cpu0 = process.cpuUsage();
  let done0 = 0;
  const t0 = performance.now();
  const timer = setInterval(() => {
    const cpu = process.cpuUsage(cpu0);
    cpu0 = process.cpuUsage();
    const done = checked();
    const m = process.memoryUsage();
    console.error(
      `t=${((performance.now() - t0) / 1000).toFixed(0)}s checked=${done} (+${done - done0}) conc=${workers.concurrency().watch} cpu=${((cpu.user + cpu.system) / 1e4).toFixed(0)}% lag99=${(lag.percentile(99) / 1e6).toFixed(0)}ms rss=${(m.rss / 2 ** 20).toFixed(0)} heap=${(m.heapUsed / 2 ** 20).toFixed(0)}/${(m.heapTotal / 2 ** 20).toFixed(0)} ext=${(m.external / 2 ** 20).toFixed(0)}`,
    );
    done0 = done;
    lag.reset();
  }, 1000);
  return {
    stop() {
      clearInterval(timer);
      lag.disable();
    },
  };
}

/**
 * WX_BENCH_TRACE=1: where Redis's memory is after the sweep, on stderr: the script cache and the
 * clients' buffers, then the keys by kind (a watch, a check job, …: ids and digests folded).
 */
async function traceRedisMemory(admin: Redis): Promise<void> {
  const info = await admin.info('memory');
  const field = (name: string) => new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? '?';
  console.error(
    `redis: used_memory=${field('used_memory')} scripts=${field('used_memory_scripts')} clients=${field('mem_clients_normal')}`,
  );
  const byKind = new Map<string, { keys: number; bytes: number }>();
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const kind = key
        .replace(/:[A-Za-z0-9_-]{12,}$/, ':<id>')
        .replace(/:[^:]*\.[^:]*:\d+$/, ':<watch>');
      const bytes = Number(await admin.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) || 0;
      const k = byKind.get(kind) ?? { keys: 0, bytes: 0 };
      k.keys++;
      k.bytes += bytes;
      byKind.set(kind, k);
    }
  } while (cursor !== '0');
  for (const [kind, k] of [...byKind].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 15)) {
    console.error(
      `redis: ${String(k.bytes).padStart(10)} B ${String(k.keys).padStart(7)} keys  ${kind}`,
    );
  }
}

/** The job, one line of JSON. */
async function readJob(lines: AsyncIterator<string>): Promise<SweeperJob> {
  const first = await lines.next();
  if (first.done) process.exit(0);
  return JSON.parse(first.value) as SweeperJob;
}

/**
 * Talks with the parent in lines: reads the job, prints "ready" once connected, waits for "go",
 * loads the watches, makes them all due, prints "jumped", sweeps, prints the report as JSON,
 * waits for "close", closes. Exits when its stdin ends, whatever it was doing.
 */
async function sweeper(): Promise<void> {
  const input = createInterface({ input: process.stdin });
  const lines = input[Symbol.asyncIterator]();
  const said = async (want: string) => {
    const { value, done } = await lines.next();
    if (done) process.exit(0);
    if (value !== want) throw new Error(`sweeper: expected ${want}, got ${value}`);
  };
  const job = await readJob(lines);
  input.on('close', () => process.exit(0));
  // The watches in the file: known once its loader has read it.
  let N = Number.POSITIVE_INFINITY;
  const counts = new Map<string, number>();
  let firstStart = Number.POSITIVE_INFINITY;
  let lastCheck = 0;
  let messages = 0;
  let allChecked = () => {};
  const checkedAll = new Promise<void>((r) => {
    allChecked = r;
  });
  const counting: ChatDelivery = {
    async deliver() {
      messages++;
      return { ref: `ts-${messages}` };
    },
  };
  // While loading, the clock is 10 minutes back: nothing loaded is due before the jump, which
  // puts it 61 s ahead (first checks are spread over a minute): every watch is due at once.
  let offset = -10 * 60_000;
  const workers = startWorkers({
    connection: job.redisUrl,
    prefix: job.prefix,
    deliveries: { slack: counting },
    onProbeResult: (result) => {
      firstStart = Math.min(firstStart, performance.now() - result.durationMs);
    },
    watch: {
      now: () => Date.now() + offset,
      sweepEveryMs: job.sweepEveryMs,
      ...(job.concurrency ? { concurrency: job.concurrency } : {}),
      onChecked: (id) => {
        const n = (counts.get(id) ?? 0) + 1;
        counts.set(id, n);
        if (n === 1 && counts.size === N) {
          lastCheck = performance.now();
          allChecked();
        }
      },
    },
  });
  await workers.ready();
  const observer = createQueueConnection(job.redisUrl, 'worker');
  // Observers only: they must not write the queues' settings (events kept) over the worker's.
  const observing = { connection: observer, prefix: job.prefix, skipMetasUpdate: true };
  const watchQueue = new Queue(QUEUES.watch, observing);
  const notifyQueue = new Queue(QUEUES.notify, observing);
  process.stdout.write('ready\n');
  await said('go');
  // Loaded as a deployed worker loads it (src/app/watches-file.ts): on a thread of its own.
  const loading = loadWatchesFileApart({
    path: job.watchesFile,
    lang: null,
    redis: job.redisUrl,
    prefix: job.prefix,
  });
  N = await loading.read;
  await loading.loaded;
  let rss = 0;
  let maxConcurrency = 0;
  const sampler = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage().rss);
    maxConcurrency = Math.max(maxConcurrency, workers.concurrency().watch ?? 0);
  }, 100);
  const trace = process.env.WX_BENCH_TRACE
    ? traceEverySecond(() => counts.size, workers)
    : undefined;
  const cpu0 = process.cpuUsage();
  offset = 61_000;
  process.stdout.write('jumped\n');
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    checkedAll.then(() => false),
    new Promise<boolean>((r) => {
      timer = setTimeout(() => r(true), job.maxWallMs);
    }),
  ]);
  clearTimeout(timer);
  // The sweep is over once no check waits or runs and every message is delivered: a check of a
  // watch seen already would be counted until then.
  while (!timedOut) {
    const [w, n, active] = await Promise.all([
      watchQueue.getJobCounts('prioritized', 'waiting'),
      notifyQueue.getJobCounts('prioritized', 'waiting', 'active', 'delayed'),
      watchQueue.getActive(),
    ]);
    const pending = Object.values({ ...w }).reduce((a, b) => a + b, 0);
    const sending = Object.values({ ...n }).reduce((a, b) => a + b, 0);
    const checking = active.filter((j) => j.name === WATCH_JOBS.check).length;
    if (pending + sending + checking === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  trace?.stop();
  const floor = await floorRun(job.floor, job.concurrency ?? workers.concurrency().watch ?? 64);
  const report: SweeperReport = {
    wallMs: timedOut ? performance.now() - t0 : lastCheck - Math.min(firstStart, lastCheck),
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    heapLimitMb: getHeapStatistics().heap_size_limit / 2 ** 20,
    sweepRssMb: rss / 2 ** 20,
    maxConcurrency,
    counts: Object.fromEntries(counts),
    timedOut,
    messages,
    floor,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  await said('close');
  await Promise.all([watchQueue.close(), notifyQueue.close()]);
  await quit(observer);
  await workers.close();
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// The parent: the lab, Redis, the farm, the sweeper; Redis memory from outside.

interface Bench {
  lab: NetLab;
  rootPem: string;
  caFile: string;
  leafKeyPem: string;
  chainPem: string;
}

async function prepare(lab: NetLab): Promise<Bench> {
  const root = issue({ cn: 'wxdoctor Bench Root', ca: true });
  const intermediate = issue({ cn: 'wxdoctor Bench Intermediate', ca: true, issuer: root });
  // 90 days from expiry: nothing to say but for the dead hosts.
  const leaf = issue({
    cn: '*.bench.test',
    sans: ['*.bench.test'],
    issuer: intermediate,
    notAfter: days(90),
  });
  const caFile = join(lab.dir, 'bench-root.pem');
  writeFileSync(caFile, root.certPem);
  return {
    lab,
    rootPem: root.certPem,
    caFile,
    leafKeyPem: leaf.keyPem,
    chainPem: bundle(leaf, intermediate),
  };
}

/** A fresh redis-server in the worker's namespace: TCP there (the worker), a socket for us. */
async function startRedisIn(lab: NetLab, tag: string) {
  const socket = join(lab.dir, `redis-${tag}.sock`);
  const argv = [
    ...lab.inNs(lab.workerNs),
    'redis-server',
    '--port',
    '6379',
    '--bind',
    '127.0.0.1',
    '--unixsocket',
    socket,
    '--unixsocketperm',
    '700',
    '--save',
    '',
    '--appendonly',
    'no',
  ];
  const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  await redisReady(child);
  const admin = new Redis({ path: socket, maxRetriesPerRequest: 1 });
  return {
    url: 'redis://127.0.0.1:6379',
    admin,
    async close() {
      admin.disconnect();
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}

async function usedMemory(admin: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await admin.info('memory'))?.[1]);
}

function spawnSweeper(bench: Bench, job: SweeperJob, cgroup: MemoryCgroup | null): ChildProcess {
  const node = [process.execPath, new URL(import.meta.url).pathname];
  // `ip netns exec` mounts a /sys of its own, where Node would not find its cgroup's limit:
  // in a cgroup, only the network namespace is entered.
  const argv = cgroup
    ? cgroup.wrap(['nsenter', `--net=/run/netns/${bench.lab.workerNs}`, '--', ...node])
    : [...bench.lab.inNs(bench.lab.workerNs), ...node];
  // The job on stdin, one line of JSON; the watches are in their file.
  const child = spawn(argv[0] as string, argv.slice(1), {
    env: { ...process.env, WX_BENCH_SWEEPER: '1', NODE_EXTRA_CA_CERTS: bench.caFile },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin?.write(`${JSON.stringify(job)}\n`);
  return child;
}

/** The watches as a deployed worker's file has them (README, "Certificate watches"). */
function watchesYaml(specs: readonly WatchSpec[]): string {
  const lines = ['watches:'];
  for (const spec of specs) {
    const { host, port, connectTo } = spec as WatchSpec & {
      host: string;
      port: number;
      connectTo: string;
    };
    lines.push(
      `  - host: ${host}:${port}`,
      `    resolve: ${host}:${port}:${connectTo}`,
      '    to: [slack:C0123ABCD]',
      '    lang: en',
    );
  }
  return `${lines.join('\n')}\n`;
}

async function sweepOnce(bench: Bench, opts: SweepOptions): Promise<SweepFigures> {
  const { lab } = bench;
  const N = opts.watches;
  const share = opts.deadShare ?? 0.05;
  const specs: WatchSpec[] = [];
  let dead = 0;
  for (let i = 0; i < N; i++) {
    const gone = isDead(i, share);
    if (gone) dead++;
    specs.push({
      id: watchId(hostName(i), HOST_PORT),
      host: hostName(i),
      port: HOST_PORT,
      connectTo: gone ? lab.dead(i) : lab.alive(i),
      days: [30, 14, 7, 3, 1],
      to: [{ platform: 'slack', workspace: 'T1', conversation: 'C1' }],
      source: 'file',
      lang: 'en',
    });
  }
  const floor = specs
    .filter((_, i) => !isDead(i, share))
    .slice(0, FLOOR_HANDSHAKES)
    .map((spec) => (spec as WatchSpec & { connectTo: string }).connectTo);
  const redis = await startRedisIn(lab, String(N));
  let farm: TlsFarm | undefined;
  let child: ChildProcess | undefined;
  let cgroup: MemoryCgroup | null = null;
  try {
    farm = await startTlsFarm(bench.leafKeyPem, bench.chainPem, {
      host: '0.0.0.0',
      port: HOST_PORT,
      names: true,
      prefix: lab.inNs(lab.farmNs),
    });
    const watchesFile = join(bench.lab.dir, 'watches.yml');
    writeFileSync(watchesFile, watchesYaml(specs));
    cgroup = opts.memoryLimitMb ? memoryCgroup('wxdoctor-bench-sweeper', opts.memoryLimitMb) : null;
    child = spawnSweeper(
      bench,
      {
        redisUrl: redis.url,
        prefix: '{wxb}',
        watchesFile,
        floor,
        ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
        sweepEveryMs: opts.sweepEveryMs ?? 30_000,
        maxWallMs: opts.maxWallMs ?? Math.max(5 * 60_000, N * 30),
      },
      cgroup,
    );
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const next = lineReader(lines, child);
    if ((await next()) !== 'ready') throw new Error('sweeper: expected ready');
    const baseline = await usedMemory(redis.admin);
    child.stdin?.write('go\n');
    if ((await next()) !== 'jumped') throw new Error('sweeper: expected jumped');
    let peak = await usedMemory(redis.admin);
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await usedMemory(redis.admin));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const report = JSON.parse(await next()) as SweeperReport;
    sampling = false;
    await sampler;
    const rest = await usedMemory(redis.admin);
    peak = Math.max(peak, rest);
    if (process.env.WX_BENCH_TRACE) await traceRedisMemory(redis.admin);
    child.stdin?.write('close\n');
    await once(child, 'exit');
    const tally = await farm.tally();
    const perName = await farm.names();
    let never = 0;
    let twiceOrMore = 0;
    let handshakeOdd = 0;
    for (let i = 0; i < N; i++) {
      const spec = specs[i] as WatchSpec & { host: string };
      const n = report.counts[spec.id] ?? 0;
      if (n === 0) never++;
      if (n >= 2) twiceOrMore++;
      if (!isDead(i, share) && (perName[spec.host] ?? 0) !== 1) handshakeOdd++;
    }
    return {
      watches: N,
      dead,
      wallS: report.wallMs / 1000,
      cpuS: report.cpuMs / 1000,
      cpuMsPerCheck: report.cpuMs / N,
      peakRssMb: report.maxRssMb,
      heapLimitMb: report.heapLimitMb,
      sweepRssMb: report.sweepRssMb,
      maxConcurrency: report.maxConcurrency,
      redisRestB: (rest - baseline) / N,
      redisPeakB: (peak - baseline) / N,
      never,
      twiceOrMore,
      handshakes: tally.completed,
      handshakeOdd,
      exactlyOnce: never === 0 && twiceOrMore === 0 && handshakeOdd === 0,
      timedOut: report.timedOut,
      messages: report.messages,
      floorHandshakes: report.floor.handshakes,
      floorWallS: report.floor.wallMs / 1000,
      floorCpuMsPerHandshake: report.floor.cpuMs / report.floor.handshakes,
    };
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = once(child, 'exit');
      child.kill('SIGKILL');
      await gone;
    }
    cgroup?.remove();
    await farm?.close();
    await redis.close();
  }
}

/** Reads the child's lines one at a time; rejects if it exits first. */
function lineReader(lines: Interface, child: ChildProcess) {
  const it = lines[Symbol.asyncIterator]();
  return async () => {
    const r = await it.next();
    if (r.done) throw new Error(`the sweeper exited (${child.exitCode ?? child.signalCode})`);
    return r.value as string;
  };
}

/** One size in a lab of its own (the one-run table's 10,000 row). */
export async function runSweepBench(opts: SweepOptions): Promise<SweepResult> {
  const why = labUnavailable();
  if (why) return { skipped: why };
  const lab = await openLab({ delayMs: (opts.rttMs ?? 100) / 2 });
  try {
    return await sweepOnce(await prepare(lab), opts);
  } finally {
    await lab.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The table.

export const GOALS = {
  /** Seconds per 10,000 watches: 60 s at 10,000, linear (120 s at 20,000). */
  wallSPer10k: 60,
  rssMb: 200,
  redisBytes: 2048,
};

export function formatRows(rows: SweepFigures[]): string[] {
  const out = [
    'watches  dead   wall s  goal s  CPU s  CPU ms/check  floor ms  ratio  RSS MB  sweep RSS  Redis B/watch: rest  peak  once  max conc',
  ];
  for (const r of rows) {
    const goalS = (GOALS.wallSPer10k * r.watches) / 10_000;
    const mark = (ok: boolean) => (ok ? ' ' : '!');
    out.push(
      [
        String(r.watches).padStart(7),
        String(r.dead).padStart(5),
        `${(r.wallS.toFixed(1) + (r.timedOut ? '+' : '')).padStart(8)}${mark(r.wallS <= goalS && !r.timedOut)}`,
        goalS.toFixed(0).padStart(6),
        r.cpuS.toFixed(1).padStart(6),
        r.cpuMsPerCheck.toFixed(2).padStart(13),
        r.floorCpuMsPerHandshake.toFixed(2).padStart(9),
        `${(r.cpuMsPerCheck / r.floorCpuMsPerHandshake).toFixed(1).padStart(5)}x`,
        `${r.peakRssMb.toFixed(0).padStart(7)}${mark(r.peakRssMb <= GOALS.rssMb)}`,
        r.sweepRssMb.toFixed(0).padStart(9),
        `${r.redisRestB.toFixed(0).padStart(19)}${mark(r.redisRestB <= GOALS.redisBytes)}`,
        `${r.redisPeakB.toFixed(0).padStart(5)}${mark(r.redisPeakB <= GOALS.redisBytes)}`,
        r.exactlyOnce ? '  yes' : '   NO',
        String(r.maxConcurrency).padStart(9),
      ].join(' '),
    );
    if (!r.exactlyOnce || r.timedOut) {
      out.push(
        `         ${r.never} never checked, ${r.twiceOrMore} checked twice or more, ${r.handshakeOdd} alive hosts handshaked other than once${r.timedOut ? '; gave up waiting' : ''}`,
      );
    }
  }
  out.push(
    '',
    `goals: wall <= ${GOALS.wallSPer10k} s per 10,000 watches (linear); worker peak RSS <= ${GOALS.rssMb} MB at 20,000;`,
    `Redis <= ${GOALS.redisBytes} B per watch at rest and at peak; every watch checked exactly once. "!" marks a miss.`,
    'wall: first probe start to last watch checked. RSS MB: the worker process peak (getrusage, its file',
    'load included); sweep RSS: sampled during the sweep. floor ms: CPU of a bare TLS handshake to an alive',
    'host, same process and network, same run (the anchor); ratio: CPU per check over it.',
  );
  for (const r of rows) {
    out.push(
      `floor at ${r.watches}: ${r.floorHandshakes} bare handshakes in ${r.floorWallS.toFixed(1)} s (${(r.floorHandshakes / r.floorWallS).toFixed(0)}/s); worker heap limit ${r.heapLimitMb.toFixed(0)} MB (Node's default for the memory it sees)`,
    );
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      watches: { type: 'string', default: '1000,5000,10000,20000' },
      dead: { type: 'string', default: '0.05' },
      rtt: { type: 'string', default: '100' },
      concurrency: { type: 'string' },
      'sweep-every': { type: 'string' },
      'memory-limit': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(`The sweep of N certificate watches in network namespaces (needs root, ip netns, /dev/net/tun).

  npm run bench:sweep -- [--watches 1000,5000,10000,20000] [--dead 0.05] [--rtt 100]
                         [--concurrency N] [--sweep-every MS] [--memory-limit MIB]

  --memory-limit runs the worker in a memory cgroup of that size, as a container's limit does
  (deploy/kubernetes/worker.yaml: 320 MiB); Node sizes its heap from it, no heap flag.

  WX_BENCH_TRACE=1 prints one line a second from the worker (checks, concurrency, CPU, memory).`);
    return;
  }
  const sizes = (values.watches ?? '').split(',').map(Number);
  const why = labUnavailable();
  if (why) {
    console.log(`sweep bench: skipped: ${why}`);
    return;
  }
  const rttMs = Number(values.rtt);
  const lab = await openLab({ delayMs: rttMs / 2 });
  const rows: SweepFigures[] = [];
  try {
    const bench = await prepare(lab);
    console.log(
      `sweep in network namespaces: ${rttMs} ms RTT, ${Number(values.dead) * 100}% dead hosts (SYNs dropped);`,
    );
    console.log(
      'worker, redis-server, TLS farm and delay relay in separate processes on a shared 2-core machine: figures are noisy',
    );
    console.log(
      values['memory-limit']
        ? `the worker in a memory cgroup of ${values['memory-limit']} MiB (a container's limit; no heap flag)\n`
        : 'the worker without a memory limit (no cgroup, no heap flag)\n',
    );
    for (const watches of sizes) {
      const row = await sweepOnce(bench, {
        watches,
        deadShare: Number(values.dead),
        rttMs,
        ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
        ...(values['sweep-every'] ? { sweepEveryMs: Number(values['sweep-every']) } : {}),
        ...(values['memory-limit'] ? { memoryLimitMb: Number(values['memory-limit']) } : {}),
      });
      rows.push(row);
      // Each row as it comes: a long run shows its progress.
      console.error(JSON.stringify(row));
    }
  } finally {
    const relay = await lab.close();
    for (const line of formatRows(rows)) console.log(line);
    console.log(`relay: ${relay.carried} packets carried, ${relay.dropped} dropped`);
  }
}

if (process.env.WX_BENCH_SWEEPER) {
  await sweeper();
} else if (process.argv[1] === new URL(import.meta.url).pathname) {
  await main();
}
