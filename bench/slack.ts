/**
 * The Slack path on loopback: Bolt's HTTP receiver (createSlackFront), the real queue (BullMQ on
 * a spawned redis-server), the real workers probing a local TLS server, and the fake Slack Web
 * API recording what the bot posts, all in this one process as `npm start` (role `all`) runs
 * them. Prints figures; asserts nothing.
 *
 *   1. Ack latency: signed `/wx cert 127.0.0.1:PORT` slash commands sent in waves, from the
 *      moment the request is sent (body already signed) to the moment the whole HTTP response is
 *      in. The sender is a child process (this file with `--sender`), as Slack is not in the
 *      bot's process: its HTTP client work would otherwise be counted as the bot's. Beside the
 *      bot with its workers (role `all`), three references from the same run, same sender: a
 *      bare node:http server in this process (the floor: loopback and HTTP parsing), Bolt with
 *      a listener that only acknowledges (the framework's share) and the bot with no workers
 *      running (role `bot`).
 *   2. Command → threaded result, minus the probe's own time: what the bot, the queue and the
 *      delivery add to a probe; one command at a time, then a few in flight.
 *
 *   node dist/bench/slack.js [--acks N] [--wave W] [--results N] [--in-flight C] [--json]
 *
 * Unknown options are ignored: `npm run bench -- …` appends its arguments here.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import pLimit from 'p-limit';
import { startWorkers, type Workers } from '../src/app/job-workers.js';
import { type CommandOutcome, createSlackFront } from '../src/chat/slack/app.js';
import { SlackDelivery } from '../src/chat/slack/delivery.js';
import { invocationId } from '../src/chat/slack/ids.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import type { ProbeJobResult } from '../src/queue/job-data.js';
import { checkKey, jobId, messageIds, probeKey, QUEUES } from '../src/queue/names.js';
import { createSubmitter } from '../src/queue/submit.js';
import { type ApiCall, startFakeSlack } from '../test/fixtures/fake-slack.js';
import { bundle, goodChain } from '../test/fixtures/pki.js';
import { startRedis } from '../test/fixtures/redis.js';
import { startTlsServer } from '../test/fixtures/tls-server.js';
import { emitJson, JSON_FLAG } from './json-out.js';

const { values } = parseArgs({
  strict: false,
  options: {
    acks: { type: 'string', default: '500' },
    wave: { type: 'string', default: '50' },
    results: { type: 'string', default: '100' },
    'in-flight': { type: 'string', default: '4' },
    sender: { type: 'boolean', default: false },
    ...JSON_FLAG,
  },
});
const ACKS = Number(values.acks);
const WAVE = Number(values.wave);
const RESULTS = Number(values.results);
const IN_FLIGHT = Number(values['in-flight']);

interface Request {
  headers: Record<string, string>;
  body: string;
}

interface Answer {
  /** Request sent → whole response received. */
  ms: number;
  /** HTTP status; 0 when the request failed (reset, refused). */
  status: number;
}

/** POSTs one request on a keep-alive agent. Never rejects: a failure is status 0. */
function send(url: string, r: Request, agent: http.Agent): Promise<Answer> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const failed = () => resolve({ ms: performance.now() - t0, status: 0 });
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ms: performance.now() - t0, status: res.statusCode ?? 0 }));
        res.on('error', failed);
      },
    );
    req.on('error', failed);
    req.end(r.body);
  });
}

interface SendOrder {
  url: string;
  wave: number;
  requests: Request[];
}

// The sender (child process): one JSON order a line on stdin → one JSON answer a line on stdout.
// A wave is sent at once; the next when every answer of the wave is in.
if (values.sender === true) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  for await (const line of createInterface({ input: process.stdin })) {
    const order = JSON.parse(line) as SendOrder;
    const answers: Answer[] = [];
    for (let i = 0; i < order.requests.length; i += order.wave) {
      const wave = order.requests.slice(i, i + order.wave);
      answers.push(...(await Promise.all(wave.map((r) => send(order.url, r, agent)))));
    }
    process.stdout.write(`${JSON.stringify(answers)}\n`);
  }
  agent.destroy();
  process.exit(0);
}

const SECRET = 'bench-signing-secret';
const TEAM = 'T0BENCH';
const PREFIX = 'wxbench';
const DRAIN_TIMEOUT_MS = 90_000;

// ---------------------------------------------------------------------------------------------
// Set-up: everything on 127.0.0.1.

const redis = await startRedis();
const fake = await startFakeSlack();
const { intermediate, leaf } = goodChain('localhost');
const tlsServer = await startTlsServer({
  keyPem: leaf.keyPem,
  chainPem: bundle(leaf, intermediate),
});
const producer = createQueueConnection(redis.url, 'producer') as Redis;
await once(producer, 'ready');
const submitter = createSubmitter({ connection: producer, prefix: PREFIX });
const outcomes = new Map<CommandOutcome, number>();
const front = createSlackFront({
  botToken: 'xoxb-bench',
  signingSecret: SECRET,
  apiUrl: fake.apiUrl,
  submit: submitter.submit,
  redis: producer,
  prefix: PREFIX,
  // The per-person limit (default 20 a minute) would answer most of the run "easy there".
  rateLimitPerMinute: 1_000_000,
  lang: 'en',
  onCommand: (e) => outcomes.set(e.outcome, (outcomes.get(e.outcome) ?? 0) + 1),
});
const frontServer = await front.start(0);
if (!frontServer) throw new Error('the Slack front started without an HTTP server');
const events = `http://127.0.0.1:${(frontServer.address() as AddressInfo).port}/slack/events`;

let deliveryRedis: Redis | undefined;
let workers: Workers | undefined;
async function startWorkersNow(): Promise<void> {
  deliveryRedis = createQueueConnection(redis.url, 'worker') as Redis;
  const delivery = new SlackDelivery({
    botToken: 'xoxb-bench',
    apiUrl: fake.apiUrl,
    redis: deliveryRedis,
    prefix: PREFIX,
  });
  workers = startWorkers({
    connection: redis.url,
    prefix: PREFIX,
    deliveries: { slack: delivery },
    // Chat-triggered probes run with the address guard on: loopback must be allowed.
    allow: ['127.0.0.0/8'],
  });
  await workers.ready();
}

// The floor: a bare HTTP server that reads the body and answers 200 with nothing.
const floorServer = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end());
});
floorServer.listen(0, '127.0.0.1');
await once(floorServer, 'listening');
const floorUrl = `http://127.0.0.1:${(floorServer.address() as AddressInfo).port}/slack/events`;

// Bolt's own share: the same receiver settings, a listener that only acknowledges (no Redis, no
// queue). What the bot adds beyond this is its intake after the ack.
const boltOnly = new App({
  receiver: new HTTPReceiver({
    signingSecret: SECRET,
    endpoints: '/slack/events',
    processBeforeResponse: false,
  }),
  authorize: async () => ({ botToken: 'xoxb-bench', botId: 'B0BENCH', botUserId: 'U0BENCH' }),
  logLevel: LogLevel.ERROR,
  convoStore: false,
});
boltOnly.command('/wx', async ({ ack }) => {
  await ack();
});
const boltServer = (await boltOnly.start(0)) as http.Server;
const boltUrl = `http://127.0.0.1:${(boltServer.address() as AddressInfo).port}/slack/events`;

// ---------------------------------------------------------------------------------------------
// Slash commands, signed as Slack signs them (v0).

interface Slash extends Request {
  channel: string;
  triggerId: string;
}

let triggers = 0;

function slash(text: string, channel: string, user: string): Slash {
  const n = ++triggers;
  const triggerId = `${n}.${1_700_000_000 + n}.${n.toString(16).padStart(32, '0')}`;
  const body = new URLSearchParams({
    token: 'deprecated',
    team_id: TEAM,
    team_domain: 'bench',
    channel_id: channel,
    channel_name: 'bench',
    user_id: user,
    user_name: 'bencher',
    command: '/wx',
    text,
    api_app_id: 'A0BENCH',
    is_enterprise_install: 'false',
    response_url: fake.responseUrl(`bench-${n}`),
    trigger_id: triggerId,
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    channel,
    triggerId,
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
  };
}

const target = `cert 127.0.0.1:${tlsServer.port}`;

const sender = spawn(process.execPath, [new URL(import.meta.url).pathname, '--sender'], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const senderLines = createInterface({ input: sender.stdout })[Symbol.asyncIterator]();

interface AckRun {
  label: string;
  ms: number[];
  failed: number;
  /** CPU of this process (bot, workers, floor server; not the sender) per command. */
  cpuMsPerCommand: number;
}

/** `count` commands, signed here (Slack's work, before the clock starts), sent in waves of WAVE. */
async function ackRun(label: string, url: string, channel: string, count: number) {
  const requests = Array.from({ length: count }, (_, i) => slash(target, channel, `U0B${i % 10}`));
  const order: SendOrder = {
    url,
    wave: WAVE,
    requests: requests.map(({ headers, body }) => ({ headers, body })),
  };
  const cpu0 = process.cpuUsage();
  sender.stdin.write(`${JSON.stringify(order)}\n`);
  const line = await senderLines.next();
  const cpu = process.cpuUsage(cpu0);
  if (line.done) throw new Error('the sender process went away');
  const answers = JSON.parse(line.value) as Answer[];
  return {
    label,
    ms: answers.map((a) => a.ms),
    failed: answers.filter((a) => a.status !== 200).length,
    cpuMsPerCommand: (cpu.user + cpu.system) / 1000 / count,
  } satisfies AckRun;
}

const inChannel = (channel: string) => (c: ApiCall) => c.params.channel === channel;

/**
 * The fake answers every call by scanning all the calls it recorded for each waiter: with
 * thousands recorded, that scan (in this process) would be counted as the bot's time. Forgotten
 * between runs, once everything sent before has been delivered.
 */
function forgetCalls(): void {
  fake.reset();
}

/** Resolves once every command sent to `channel` has its verdict edit: the queue is idle again. */
async function drained(channel: string, count: number): Promise<void> {
  await fake.waitFor('chat.update', count, {
    where: inChannel(channel),
    timeoutMs: DRAIN_TIMEOUT_MS,
  });
}

// ---------------------------------------------------------------------------------------------
// 1. Ack latency.

const ackRuns: AckRun[] = [];
const drains: Array<{ label: string; commands: number; ms: number }> = [];

// Warm-up (JIT, BullMQ's Lua scripts, keep-alive connections): not counted. The bot's path
// keeps getting faster for a few hundred commands; the first waves would otherwise count JIT.
const WARM_UP = 4 * WAVE;
await ackRun('warm-up', floorUrl, 'C0WARM', WARM_UP);
await ackRun('warm-up', boltUrl, 'C0WARM', WARM_UP);
await ackRun('warm-up', events, 'C0WARM', WARM_UP);
ackRuns.push(await ackRun('bare node:http (floor)', floorUrl, 'C0FLOOR', ACKS));
ackRuns.push(await ackRun('Bolt, ack only', boltUrl, 'C0BOLT', ACKS));
// Role `bot`: the jobs pile up in Redis and are drained once the workers start.
ackRuns.push(await ackRun('bot only (role bot)', events, 'C0BOT', ACKS));
{
  const t0 = performance.now();
  await startWorkersNow();
  await drained('C0WARM', WARM_UP);
  await drained('C0BOT', ACKS);
  forgetCalls();
  const ms = performance.now() - t0;
  drains.push({ label: 'queued ones, once workers start', commands: ACKS + WARM_UP, ms });
}
// Role `all`: the workers probe and deliver in the same process while the commands arrive.
{
  const t0 = performance.now();
  ackRuns.push(await ackRun('bot + workers (role all)', events, 'C0ALL', ACKS));
  await drained('C0ALL', ACKS);
  const ms = performance.now() - t0;
  drains.push({ label: 'sent to role all, first send to last edit', commands: ACKS, ms });
}

// ---------------------------------------------------------------------------------------------
// 2. Command → threaded result, minus the probe.
//
// The probe's own time is the `durationMs` of the very result that was posted, read back from
// the probe job's return value (the queue keeps it): the same probe, under the same load, not a
// separate probeCert of the same target whose duration would only be a typical one. It is
// measured inside the probe (performance.now around its work, whole ms), so what remains is the
// time the front end, Redis, BullMQ, the check job and the delivery add. Keep in mind:
// - With several commands in flight it under-estimates: while a probe waits on its handshake,
//   this shared event loop runs other commands' bot and queue work, and that wait counts as
//   probe time (the probe's durationMs grows with the commands in flight). One at a time, it
//   does not happen; that run comes first.
// - The fake Slack and the TLS server serve from this event loop. The TLS server's work is
//   inside the probe's time; the fake's (a small HTTP server) is counted as overhead, where real
//   Slack would add its network round trip instead.
//
// End to end runs from the request being sent to the fake Slack having received the threaded
// reply (chat.postMessage with thread_ts): the moment Slack would show it. The promise from
// fake.waitFor resolves in the same tick the fake records the call, so performance.now() there
// is sub-millisecond accurate. The job timestamps used for the breakdown are Date.now() values
// (whole ms) from this same process.

interface Traced {
  slash: Slash;
  sentAt: number;
  sentWall: number;
  replyAt: number;
  replyWall: number;
}

// This side of the measurement is in-process (a single request at a time costs little); a
// keep-alive agent of its own, as the sender has.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
let resultChannels = 0;

async function traced(): Promise<Traced> {
  const s = slash(target, `C0RES${++resultChannels}`, `U0R${resultChannels % 10}`);
  const reply = fake.waitFor('chat.postMessage', 1, {
    where: (c) => c.params.channel === s.channel && c.params.thread_ts !== undefined,
    timeoutMs: DRAIN_TIMEOUT_MS,
  });
  const sentWall = Date.now();
  const sentAt = performance.now();
  const { status } = await send(events, s, agent);
  if (status !== 200) throw new Error(`a command was answered HTTP ${status}`);
  await reply;
  const replyAt = performance.now();
  const replyWall = Date.now();
  // The verdict edit follows the reply; the next command starts once it is done too.
  await drained(s.channel, 1);
  return { slash: s, sentAt, sentWall, replyAt, replyWall };
}

const queues = {
  probe: new Queue(QUEUES.probe, { connection: producer, prefix: PREFIX }),
  check: new Queue(QUEUES.check, { connection: producer, prefix: PREFIX }),
  notify: new Queue(QUEUES.notify, { connection: producer, prefix: PREFIX }),
};

const STAGES = [
  'sent → flow added (HTTP, Bolt, rate limit, Redis, flow add)',
  'flow added → probe job picked up',
  'probe job active (durationMs is inside)',
  'flow added → parent post done (beside the probe)',
  'last child done → check job picked up',
  'check job active (results, delivery flow added)',
  'check done → reply job picked up',
  'reply job picked up → Slack has the reply',
];

interface ResultRun {
  inFlight: number;
  endToEnd: number[];
  probeMs: number[];
  overhead: number[];
  stages: number[][];
  missing: number;
  perSecond: number;
  /** CPU of this process (bot, workers, fake Slack, TLS server) per command. */
  cpuMsPerCommand: number;
}

async function resultRun(inFlight: number): Promise<ResultRun> {
  forgetCalls();
  const limit = pLimit(inFlight);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const traces = await Promise.all(Array.from({ length: RESULTS }, () => limit(traced)));
  const cpu = process.cpuUsage(cpu0);
  const perSecond = (RESULTS * 1000) / (performance.now() - t0);
  const run: ResultRun = {
    inFlight,
    endToEnd: [],
    probeMs: [],
    overhead: [],
    stages: STAGES.map(() => []),
    missing: 0,
    perSecond,
    cpuMsPerCommand: (cpu.user + cpu.system) / 1000 / RESULTS,
  };
  for (const t of traces) {
    const id = invocationId('cmd', TEAM, t.slash.triggerId);
    const ids = messageIds(id);
    const [probe, check, parent, reply] = await Promise.all([
      queues.probe.getJob(jobId(probeKey(id, 0))),
      queues.check.getJob(jobId(checkKey(id))),
      queues.notify.getJob(jobId(ids.parent)),
      queues.notify.getJob(jobId(ids.result)),
    ]);
    const result = probe?.returnvalue as ProbeJobResult | undefined;
    if (!probe || !check || !parent || !reply || typeof result?.durationMs !== 'number') {
      run.missing++;
      continue;
    }
    const total = t.replyAt - t.sentAt;
    run.endToEnd.push(total);
    run.probeMs.push(result.durationMs);
    run.overhead.push(total - result.durationMs);
    const at = (x: number | undefined) => x ?? Number.NaN;
    const added = probe.timestamp;
    const probeOff = at(probe.finishedOn);
    const parentOff = at(parent.finishedOn);
    const spans = [
      added - t.sentWall,
      at(probe.processedOn) - added,
      probeOff - at(probe.processedOn),
      parentOff - added,
      at(check.processedOn) - Math.max(probeOff, parentOff),
      at(check.finishedOn) - at(check.processedOn),
      at(reply.processedOn) - at(check.finishedOn),
      t.replyWall - at(reply.processedOn),
    ];
    spans.forEach((v, i) => {
      run.stages[i]?.push(v);
    });
  }
  return run;
}

// Warm-up of this path, not counted.
for (let i = 0; i < 5; i++) await traced();
const resultRuns: ResultRun[] = [];
for (const inFlight of [...new Set([1, IN_FLIGHT])]) resultRuns.push(await resultRun(inFlight));

// ---------------------------------------------------------------------------------------------
// Clean-up: the process exits by itself.

sender.stdin.end();
agent.destroy();
await Promise.all(Object.values(queues).map((q) => q.close()));
await front.stop();
await boltOnly.stop();
await workers?.close();
await submitter.close();
await quit(producer);
if (deliveryRedis) await quit(deliveryRedis);
await fake.close();
await tlsServer.close();
await new Promise<void>((resolve) => {
  floorServer.closeAllConnections();
  floorServer.close(() => resolve());
});
await redis.close();

// ---------------------------------------------------------------------------------------------
// Figures.

/** Nearest-rank percentile. */
function pct(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}
const f = (x: number, w = 7, d = 1) => x.toFixed(d).padStart(w);

console.log(
  `\nslack acks: ${ACKS} signed /wx cert commands per run, in waves of ${WAVE}, ` +
    'to the HTTP receiver on 127.0.0.1 from a sender process',
);
console.log('latency: request sent → whole HTTP response received');
console.log('\nrun                          p50 ms   p99 ms   max ms   not 200   CPU ms/cmd*');
for (const r of ackRuns) {
  console.log(
    `${r.label.padEnd(26)} ${f(pct(r.ms, 50), 8, 2)} ${f(pct(r.ms, 99), 8, 2)} ${f(Math.max(...r.ms), 8, 2)} ${String(r.failed).padStart(9)} ${f(r.cpuMsPerCommand, 13, 2)}`,
  );
}
console.log("* this process's CPU while the run was being sent, per command");
const all = ackRuns.at(-1);
console.log(
  `\nack p99 (bot + workers): ${all ? pct(all.ms, 99).toFixed(1) : '-'} ms ` +
    '(goal p99 < 50 ms; Slack allows 3000 ms)',
);
for (const d of drains) {
  const perSecond = (d.commands * 1000) / d.ms;
  console.log(
    `run to the verdict edit: ${d.commands} commands (${d.label}) in ` +
      `${(d.ms / 1000).toFixed(1)} s, ${perSecond.toFixed(0)} commands/s`,
  );
}
console.log(
  `commands seen by the bot: ${[...outcomes].map(([k, v]) => `${v} ${k}`).join(', ') || 'none'}`,
);

console.log(
  `\ncommand → threaded result: ${RESULTS} cert commands per run against a local TLS server, ` +
    'workers in the same process',
);
console.log('\n                                   in flight   p50 ms   p99 ms');
for (const r of resultRuns) {
  if (r.missing > 0) console.log(`(${r.missing} commands without a complete job record left out)`);
  for (const [label, xs] of [
    ['sent → threaded reply at Slack', r.endToEnd],
    ["probe's own time (durationMs)", r.probeMs],
    ['overhead beyond the probe', r.overhead],
  ] as const) {
    console.log(
      `${label.padEnd(34)} ${String(r.inFlight).padStart(9)} ${f(pct(xs, 50), 8)} ${f(pct(xs, 99), 8)}`,
    );
  }
}
for (const r of resultRuns) {
  console.log(
    `overhead p50, ${r.inFlight} in flight: ${pct(r.overhead, 50).toFixed(1)} ms ` +
      `(goal p50 < 30 ms); ${r.perSecond.toFixed(0)} commands/s, ` +
      `${r.cpuMsPerCommand.toFixed(1)} ms CPU/command in this process`,
  );
}
console.log('\nwhere the time goes (job timestamps, whole ms; p50 / p99 per run)');
console.log(
  `${''.padEnd(60)}${resultRuns.map((r) => `${r.inFlight} in flight`.padStart(14)).join('')}`,
);
STAGES.forEach((label, i) => {
  const cells = resultRuns.map((r) => {
    const xs = r.stages[i] ?? [];
    return `${pct(xs, 50).toFixed(0)} / ${pct(xs, 99).toFixed(0)}`.padStart(14);
  });
  console.log(`  ${label.padEnd(58)}${cells.join('')}`);
});

const p99Of = (prefix: string) => {
  const run = ackRuns.find((r) => r.label.startsWith(prefix));
  return run ? pct(run.ms, 99) : Number.NaN;
};
emitJson(values.json, {
  acks: ACKS,
  wave: WAVE,
  ackP99Ms: {
    floor: p99Of('bare node:http'),
    bolt: p99Of('Bolt, ack only'),
    bot: p99Of('bot only'),
    all: p99Of('bot + workers'),
  },
  overheadP50Ms: resultRuns.map((r) => ({ inFlight: r.inFlight, ms: pct(r.overhead, 50) })),
});
