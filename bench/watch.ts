/**
 * A sweep of many certificate watches against a local TLS farm (a separate process), through the
 * real pieces: the watch store on a spawned redis-server, the BullMQ sweep scheduler, check jobs
 * running the cert probe, the incident logic, and notify jobs to a delivery that only counts.
 * Two phases, each with its own watches: "healthy" (certificates 90 days from expiry: nothing to
 * say) and "expiring" (20 days: every watch opens an incident, one parent message each).
 * Beside them, the floor: a bare tls.connect loop over the same names in the same run.
 * Prints figures against the goals; asserts nothing.
 *
 *   node dist/bench/watch.js [--watches N] [--concurrency C]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import tls from 'node:tls';
import { parseArgs } from 'node:util';
import type { Redis } from 'ioredis';
import pLimit from 'p-limit';
import type { ChatDelivery } from '../src/chat/types.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import { startWorkers } from '../src/queue/workers.js';
import { watchId } from '../src/watch/ops.js';
import { certWatchProbe } from '../src/watch/probe.js';
import type { WatchSpec } from '../src/watch/service.js';
import { bundle, days, issue } from '../test/fixtures/pki.js';
import { startRedis } from '../test/fixtures/redis.js';

const { values } = parseArgs({
  options: {
    watches: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '64' },
  },
  strict: false,
});
const N = Number(values.watches);
const C = Number(values.concurrency);

const root = issue({ cn: 'wxdoctor Bench Root', ca: true });
const intermediate = issue({ cn: 'wxdoctor Bench Intermediate', ca: true, issuer: root });

async function farm(leafDays: number) {
  const leaf = issue({
    cn: '*.bench.test',
    sans: ['*.bench.test'],
    issuer: intermediate,
    notAfter: days(leafDays),
  });
  const child = spawn(process.execPath, [new URL('./tls-farm.js', import.meta.url).pathname], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.write(
    `${JSON.stringify({ keyPem: leaf.keyPem, chainPem: bundle(leaf, intermediate) })}\n`,
  );
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return { port: Number(line), close: () => child.stdin.end() };
}

const names = Array.from({ length: N }, (_, i) => `host-${i}.bench.test`);
const floorContext = tls.createSecureContext({ ca: [root.certPem] });

function bareHandshake(port: number, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({
      host: '127.0.0.1',
      port,
      servername: name,
      secureContext: floorContext,
    });
    s.once('secureConnect', () => {
      s.getPeerCertificate(true);
      s.destroy();
      resolve();
    });
    s.once('error', reject);
  });
}

async function floor(port: number) {
  const limit = pLimit(C);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(names.map((n) => limit(() => bareHandshake(port, n))));
  const cpu = process.cpuUsage(cpu0);
  return { wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 / N };
}

const redis = await startRedis();
const admin = createQueueConnection(redis.url, 'worker') as Redis;

let delivered = 0;
let onDelivered = () => {};
const counting: ChatDelivery = {
  async deliver() {
    delivered++;
    onDelivered();
    return { ref: `ts-${delivered}` };
  },
};

interface Phase {
  label: string;
  wallMs: number;
  cpuMs: number;
  floorCpuMs: number;
  watchBytes: number;
  redisBytes: number;
  rssMb: number;
  messages: number;
}

async function phase(
  label: string,
  leafDays: number,
  prefix: string,
  expectedMessages: number,
): Promise<Phase> {
  const f = await farm(leafDays);
  // Warm both paths before measuring.
  await Promise.all(names.slice(0, 50).map((n) => bareHandshake(f.port, n)));
  const floorRun = await floor(f.port);

  await admin.flushall();
  const before = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))?.[1]);
  // Loaded watches are first checked within a minute (spread); once loaded, the clock jumps a
  // minute ahead so that every watch is due at once: the sweep, not the spread, is measured.
  let offset = 0;
  const now = () => Date.now() + offset;
  let checked = 0;
  let allChecked = () => {};
  const done = new Promise<void>((resolve) => {
    allChecked = resolve;
  });
  const workers = startWorkers({
    connection: redis.url,
    prefix,
    deliveries: { slack: counting },
    watch: {
      now,
      sweepEveryMs: 1000,
      concurrency: C,
      probe: certWatchProbe({ allow: [], timeoutMs: 10_000, extraCaPem: [root.certPem] }),
      onChecked: () => {
        if (++checked === N) allChecked();
      },
    },
  });
  await workers.ready();
  const specs: WatchSpec[] = names.map((host) => ({
    id: watchId(host, f.port),
    host,
    port: f.port,
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
  const deliveredBefore = delivered;
  const allSaid = new Promise<void>((resolve) => {
    onDelivered = () => {
      if (delivered - deliveredBefore >= expectedMessages) resolve();
    };
    onDelivered();
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await workers.watches.syncFile(specs);
  offset = 61_000;
  await done;
  await allSaid;
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  await workers.close();

  // The watch store itself: hash (watch + state) per watch and its share of the due set.
  const sample = specs.slice(0, 200);
  let hashBytes = 0;
  for (const s of sample) {
    hashBytes += Number(
      await admin.call('MEMORY', 'USAGE', `${prefix}:watch:${s.id}`, 'SAMPLES', '0'),
    );
  }
  const dueBytes = Number(
    await admin.call('MEMORY', 'USAGE', `${prefix}:watch-due`, 'SAMPLES', '0'),
  );
  const after = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))?.[1]);
  f.close();
  return {
    label,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000 / N,
    floorCpuMs: floorRun.cpuMs,
    watchBytes: hashBytes / sample.length + dueBytes / N,
    redisBytes: (after - before) / N,
    rssMb: rss / 2 ** 20,
    messages: delivered - deliveredBefore,
  };
}

const rows = [
  await phase('healthy (90 d)', 90, '{wxb1}', 0),
  // One parent message per watch: the first deployment reporting existing problems.
  await phase('expiring (20 d)', 20, '{wxb2}', N),
];
await quit(admin);
await redis.close();

console.log(
  `watch sweep: ${N} watches, ${C} checks at once, TLS farm in a separate process, redis-server spawned\n`,
);
console.log(
  'phase             wall s   CPU ms/watch   floor ms   ratio   watch B   Redis B/watch   RSS MB   messages',
);
for (const r of rows) {
  console.log(
    `${r.label.padEnd(16)} ${(r.wallMs / 1000).toFixed(1).padStart(7)}   ${r.cpuMs.toFixed(3).padStart(12)}   ${r.floorCpuMs
      .toFixed(3)
      .padStart(8)}   ${(r.cpuMs / r.floorCpuMs).toFixed(2).padStart(5)}x  ${r.watchBytes
      .toFixed(0)
      .padStart(
        7,
      )}   ${r.redisBytes.toFixed(0).padStart(13)}   ${r.rssMb.toFixed(0).padStart(6)}   ${String(
      r.messages,
    ).padStart(8)}`,
  );
}
console.log(
  '\ngoals: CPU per watch <= 1.5x the tls.connect floor; <= 2 KB Redis per watch (watch B: the watch store; Redis B/watch: everything, BullMQ jobs kept for an hour included); RSS < 200 MB',
);
