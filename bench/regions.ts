/**
 * What a second region costs: the same `http` command `--from north` and `--from east,north`,
 * through the real pieces (a spawned redis-server, the command flow with its probe children in
 * each region's queue, the check job that compares them, a worker per region), against a local
 * HTTP server. Per run: the time from submit to the check's result, minus the slower region's
 * probe (its own duration): what the queue and the comparison add. Prints the figures against
 * the goal (a two-region check adds at most 20 ms over a one-region one, beyond the slower
 * region's probe); asserts nothing.
 *
 *   node dist/bench/regions.js [--runs N] [--json]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { FlowProducer, Job, Queue, QueueEvents } from 'bullmq';
import { plan } from '../commands/index.js';
import { startWorkers } from '../src/app/job-workers.js';
import type { Invocation, ProbePlan } from '../src/model/index.js';
import { commandJobs } from '../src/queue/command-flow.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import type { CheckJobResult } from '../src/queue/job-data.js';
import { checkKey, jobId, QUEUES } from '../src/queue/names.js';
import { startHttpServer } from '../test/fixtures/http-server.js';
import { startRedis } from '../test/fixtures/redis.js';
import { emitJson, JSON_FLAG } from './json-out.js';

const GOAL_MS = 20;
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '40' }, ...JSON_FLAG },
});
const runs = Number(values.runs);

const redis = await startRedis();
const server = await startHttpServer((_req, res) => res.writeHead(200).end('ok'));
const prefix = '{wx-bench-regions}';
const workers = ['north', 'east'].map((region) =>
  startWorkers({ connection: redis.url, prefix, deliveries: {}, region }),
);
await Promise.all(workers.map((w) => w.ready()));
const connection = createQueueConnection(redis.url, 'worker');
const flows = new FlowProducer({ connection, prefix });
const checks = new Queue(QUEUES.check, { connection, prefix });
const events = new QueueEvents(QUEUES.check, { connection: { url: redis.url }, prefix });
await events.waitUntilReady();

/** One command from `regions`: the overhead beyond the slower region's probe, in ms. */
async function once(regions: string[]): Promise<number> {
  const p = plan(['http', server.url('/'), '--from', regions.join(',')], 'cli') as ProbePlan;
  const invocation: Invocation = {
    id: `bench-${randomUUID()}`,
    platform: 'slack',
    workspace: 'bench',
    conversation: 'bench',
    user: 'bench',
    text: 'http',
    lang: 'en',
    receivedAt: new Date().toISOString(),
  };
  const started = performance.now();
  await flows.addBulk(commandJobs({ invocation, plan: p, deliver: false }));
  const job = await Job.fromId(checks, jobId(checkKey(invocation.id)));
  if (!job) throw new Error('not queued');
  const result = (await job.waitUntilFinished(events, 30_000)) as CheckJobResult;
  const total = performance.now() - started;
  const slowest = Math.max(...(result.regions?.facts ?? []).map((f) => f.durationMs ?? 0));
  return total - slowest;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? Number.NaN;
}

// Warm-up: scripts loaded, connections open, JIT.
for (let i = 0; i < 5; i++) {
  await once(['north']);
  await once(['east', 'north']);
}
const one: number[] = [];
const two: number[] = [];
for (let i = 0; i < runs; i++) {
  one.push(await once(['north']));
  two.push(await once(['east', 'north']));
}
const added = median(two) - median(one);
console.log(`regions: ${runs} runs each, overhead beyond the slower region's probe`);
console.log(`  one region   median ${median(one).toFixed(1)} ms, p95 ${p95(one).toFixed(1)} ms`);
console.log(`  two regions  median ${median(two).toFixed(1)} ms, p95 ${p95(two).toFixed(1)} ms`);
console.log(
  `  two regions vs one: +${added.toFixed(1)} ms (median) beyond the slower region's probe, ${added <= GOAL_MS ? 'within' : 'over'} the goal of ${GOAL_MS} ms`,
);

await events.close();
await Promise.all([flows.close(), checks.close()]);
await Promise.all(workers.map((w) => w.close()));
await quit(connection);
await server.close();
await redis.close();
emitJson(values.json, {
  runs,
  oneRegionMs: median(one),
  twoRegionsMs: median(two),
  addedMs: added,
  goalMs: GOAL_MS,
});
