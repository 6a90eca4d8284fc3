/**
 * The Slack path on loopback: Bolt's HTTP receiver (createSlackFront), the real queue (BullMQ on
 * a spawned redis-server), the real workers probing a local TLS server, and the fake Slack Web
 * API recording what the bot posts, all in this one process as `npm start` (role `all`) runs
 * them. Prints figures; asserts nothing.
 *
 *   1. Ack latency: signed `/wx cert 127.0.0.1:PORT` slash commands sent in waves (a burst of
 *      W at once, the next when every answer is in), from the moment the request is sent (body
 *      already signed) to the moment the whole HTTP response is in. The sender is a child
 *      process (this file with `--sender`), as Slack is not in the bot's process: its HTTP
 *      client work would otherwise be counted as the bot's. Anchors from the same run, same
 *      sender: a bare node:http server in this process (the floor: loopback and HTTP parsing)
 *      and Bolt with a listener that only acknowledges ("Bolt alone", the goal's anchor).
 *      The machine may be shared and noisy: the waves to each are interleaved, round by round
 *      (floor, Bolt, the bot with no workers running: role `bot`), so that a slow patch hits
 *      them alike; then, with the workers probing and delivering in this process (role `all`),
 *      rounds of Bolt (beside the workers) and the bot. Goal: ack p99 of `bot` and of `all`
 *      ≤ 1.2× Bolt alone's.
 *   2. Command → threaded result, minus the probe's own time: what the bot, the queue and the
 *      delivery add to a probe; one command at a time, then a few in flight.
 *
 *   node dist/bench/slack.js [--acks N] [--wave W] [--results N] [--in-flight C] [--json]
 *
 * `--json` prints the figures as one JSON line, last. runSlackAckBench() runs part 1 alone and
 * returns its figures. Unknown options are ignored: `npm run bench -- …` appends its arguments.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { realpathSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import pLimit from 'p-limit';
import { startWorkers, type Workers } from '../src/app/job-workers.js';
import { type CommandOutcome, createSlackFront, type SlackFront } from '../src/chat/slack/app.js';
import { SlackDelivery } from '../src/chat/slack/delivery.js';
import { invocationId } from '../src/chat/slack/ids.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import type { ProbeJobResult } from '../src/queue/job-data.js';
import { jobId, messageIds, probeKey, QUEUES } from '../src/queue/names.js';
import { createSubmitter, type Submitter } from '../src/queue/submit.js';
import { type ApiCall, type FakeSlack, startFakeSlack } from '../test/fixtures/fake-slack.js';
import { bundle, goodChain } from '../test/fixtures/pki.js';
import { startRedis, type TestRedis } from '../test/fixtures/redis.js';
import { type RunningServer, startTlsServer } from '../test/fixtures/tls-server.js';

/** Ack p99 of the bot (roles `bot` and `all`) over Bolt alone's, same run: at most this. */
export const ACK_GOAL_RATIO = 1.2;

export interface AckFigures {
  label: string;
  commands: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Answers other than HTTP 200 (0: failed request). */
  not200: number;
  /** CPU of this process (bot, workers, anchors' servers; not the sender) per command. */
  cpuMsPerCommand: number;
}

export interface SlackAckBench {
  acks: number;
  wave: number;
  floor: AckFigures;
  /** Bolt with a listener that only acknowledges, no workers running: the goal's anchor. */
  bolt: AckFigures;
  /** The bot, no workers running (role `bot`). */
  bot: AckFigures;
  /** The same Bolt-only app, while the workers run in this process (context for `all`). */
  boltBesideWorkers: AckFigures;
  /** The bot with the workers probing and delivering in this process (role `all`). */
  all: AckFigures;
  /** p99 over Bolt alone's p99; goal ≤ ACK_GOAL_RATIO. */
  botOverBolt: number;
  allOverBolt: number;
  /** Commands sent to the bot (both roles) until the last verdict edit, and how long it took. */
  drains: Array<{ label: string; commands: number; ms: number }>;
  outcomes: Record<string, number>;
}

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
async function senderLoop(): Promise<never> {
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
// Generous: on a loaded machine the drains run at a few commands a second.
const DRAIN_TIMEOUT_MS = 300_000;

// ---------------------------------------------------------------------------------------------
// Set-up: everything on 127.0.0.1. One bench per process: its parts are this module's.

let redis: TestRedis;
let fake: FakeSlack;
let tlsServer: RunningServer;
let producer: Redis;
let submitter: Submitter;
let front: SlackFront;
let events: string;
let floorServer: http.Server;
let floorUrl: string;
let boltOnly: App;
let boltUrl: string;
let target: string;
let sender: ChildProcess;
let senderLines: AsyncIterator<string>;
/** For part 2: in-process, one request at a time costs little; a keep-alive agent of its own. */
let agent: http.Agent;
let deliveryRedis: Redis | undefined;
let workers: Workers | undefined;
const outcomes = new Map<CommandOutcome, number>();

async function setUp(): Promise<void> {
  redis = await startRedis();
  fake = await startFakeSlack();
  const { intermediate, leaf } = goodChain('localhost');
  tlsServer = await startTlsServer({ keyPem: leaf.keyPem, chainPem: bundle(leaf, intermediate) });
  target = `cert 127.0.0.1:${tlsServer.port}`;
  producer = createQueueConnection(redis.url, 'producer') as Redis;
  await once(producer, 'ready');
  submitter = createSubmitter({ connection: producer, prefix: PREFIX });
  front = createSlackFront({
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
  events = `http://127.0.0.1:${(frontServer.address() as AddressInfo).port}/slack/events`;

  // The floor: a bare HTTP server that reads the body and answers 200 with nothing.
  floorServer = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end());
  });
  floorServer.listen(0, '127.0.0.1');
  await once(floorServer, 'listening');
  floorUrl = `http://127.0.0.1:${(floorServer.address() as AddressInfo).port}/slack/events`;

  // Bolt alone: the same receiver settings, a listener that only acknowledges (no Redis, no
  // queue).
  boltOnly = new App({
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
  boltUrl = `http://127.0.0.1:${(boltServer.address() as AddressInfo).port}/slack/events`;

  sender = spawn(process.execPath, [fileURLToPath(import.meta.url), '--sender'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  if (!sender.stdout) throw new Error('the sender has no stdout');
  senderLines = createInterface({ input: sender.stdout })[Symbol.asyncIterator]();
  agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
}

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

// Clean-up: the process exits by itself.
async function tearDown(): Promise<void> {
  sender.stdin?.end();
  agent.destroy();
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
}

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

/** Answers to `count` commands, signed here (Slack's work, before the clock starts). */
interface Sent {
  answers: Answer[];
  /** This process's CPU (µs) while they were being sent. */
  cpuUs: number;
}

async function sendCommands(url: string, channel: string, count: number, wave: number) {
  const requests = Array.from({ length: count }, (_, i) => slash(target, channel, `U0B${i % 10}`));
  const order: SendOrder = {
    url,
    wave,
    requests: requests.map(({ headers, body }) => ({ headers, body })),
  };
  const cpu0 = process.cpuUsage();
  sender.stdin?.write(`${JSON.stringify(order)}\n`);
  const line = await senderLines.next();
  const cpu = process.cpuUsage(cpu0);
  if (line.done) throw new Error('the sender process went away');
  return {
    answers: JSON.parse(line.value) as Answer[],
    cpuUs: cpu.user + cpu.system,
  } satisfies Sent;
}

interface Target {
  label: string;
  url: string;
  channel: string;
  sent: Sent[];
}

/**
 * `rounds` rounds: in each, one wave to every target, the order turning by one each round, so
 * that no target is always first after another one's wave.
 */
async function interleaved(targets: Target[], rounds: number, wave: number): Promise<void> {
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < targets.length; i++) {
      const t = targets[(r + i) % targets.length] as Target;
      t.sent.push(await sendCommands(t.url, t.channel, wave, wave));
    }
  }
}

function figures(t: Target): AckFigures {
  const answers = t.sent.flatMap((s) => s.answers);
  const ms = answers.map((a) => a.ms);
  const cpuUs = t.sent.reduce((sum, s) => sum + s.cpuUs, 0);
  return {
    label: t.label,
    commands: answers.length,
    p50Ms: pct(ms, 50),
    p99Ms: pct(ms, 99),
    maxMs: Math.max(...ms),
    not200: answers.filter((a) => a.status !== 200).length,
    cpuMsPerCommand: cpuUs / 1000 / Math.max(1, answers.length),
  };
}

/** Nearest-rank percentile. */
function pct(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
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
// 1. Ack latency. Leaves the workers running (part 2 needs them).

async function ackBench(acks: number, wave: number): Promise<SlackAckBench> {
  const rounds = Math.max(1, Math.round(acks / wave));
  const drains: SlackAckBench['drains'] = [];
  // Warm-up (JIT, BullMQ's Lua scripts, keep-alive connections): not counted. The bot's path
  // keeps getting faster for a few hundred commands; the first waves would otherwise count JIT.
  const warmUp = 4 * wave;
  for (const url of [floorUrl, boltUrl, events]) await sendCommands(url, 'C0WARM', warmUp, wave);

  const floor: Target = {
    label: 'bare node:http (floor)',
    url: floorUrl,
    channel: 'C0FLOOR',
    sent: [],
  };
  const bolt: Target = {
    label: 'Bolt, ack only (alone)',
    url: boltUrl,
    channel: 'C0BOLT',
    sent: [],
  };
  // Role `bot`: the jobs pile up in Redis and are drained once the workers start.
  const bot: Target = { label: 'bot only (role bot)', url: events, channel: 'C0BOT', sent: [] };
  await interleaved([floor, bolt, bot], rounds, wave);
  {
    const t0 = performance.now();
    await startWorkersNow();
    await drained('C0WARM', warmUp);
    await drained('C0BOT', rounds * wave);
    forgetCalls();
    const ms = performance.now() - t0;
    drains.push({ label: 'queued ones, once workers start', commands: rounds * wave + warmUp, ms });
  }
  // Role `all`: the workers probe and deliver in this process while the commands arrive.
  const boltBeside: Target = {
    label: 'Bolt, ack only, + workers',
    url: boltUrl,
    channel: 'C0BOLTW',
    sent: [],
  };
  const all: Target = {
    label: 'bot + workers (role all)',
    url: events,
    channel: 'C0ALL',
    sent: [],
  };
  {
    const t0 = performance.now();
    await interleaved([boltBeside, all], rounds, wave);
    await drained('C0ALL', rounds * wave);
    forgetCalls();
    const ms = performance.now() - t0;
    drains.push({
      label: 'sent to role all, first send to last edit',
      commands: rounds * wave,
      ms,
    });
  }
  const f = {
    floor: figures(floor),
    bolt: figures(bolt),
    bot: figures(bot),
    boltBesideWorkers: figures(boltBeside),
    all: figures(all),
  };
  return {
    acks: rounds * wave,
    wave,
    ...f,
    botOverBolt: f.bot.p99Ms / f.bolt.p99Ms,
    allOverBolt: f.all.p99Ms / f.bolt.p99Ms,
    drains,
    outcomes: Object.fromEntries(outcomes),
  };
}

/** Part 1 alone, in this process: set-up, the ack runs, clean-up. One per process. */
export async function runSlackAckBench(
  opts: { acks?: number; wave?: number } = {},
): Promise<SlackAckBench> {
  await setUp();
  try {
    return await ackBench(opts.acks ?? 500, opts.wave ?? 50);
  } finally {
    await tearDown();
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Command → threaded result, minus the probe.
//
// The probe's own time is the `durationMs` of the very result that was posted, read back from
// the probe job's return value (the queue keeps it): the same probe, under the same load, not a
// separate probeCert of the same target whose duration would only be a typical one. It is
// measured inside the probe (performance.now around its work, whole ms), so what remains is the
// time the front end, Redis, BullMQ and the answer's delivery job. Keep in mind:
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

function jobQueues() {
  return {
    probe: new Queue(QUEUES.probe, { connection: producer, prefix: PREFIX }),
    notify: new Queue(QUEUES.notify, { connection: producer, prefix: PREFIX }),
  };
}

const STAGES = [
  'sent → flow added (HTTP, Bolt, rate limit, Redis, flow add)',
  'flow added → probe job picked up',
  'probe job active (durationMs is inside)',
  'flow added → parent post done (beside the probe)',
  // A command of one probe has no check: the reply's job is the flow's parent (answer).
  'last child done → reply job picked up',
  'reply job picked up → Slack has the reply (answer composed, reply posted)',
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

async function resultRun(
  count: number,
  inFlight: number,
  queues: ReturnType<typeof jobQueues>,
): Promise<ResultRun> {
  forgetCalls();
  const limit = pLimit(inFlight);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const traces = await Promise.all(Array.from({ length: count }, () => limit(traced)));
  const cpu = process.cpuUsage(cpu0);
  const perSecond = (count * 1000) / (performance.now() - t0);
  const run: ResultRun = {
    inFlight,
    endToEnd: [],
    probeMs: [],
    overhead: [],
    stages: STAGES.map(() => []),
    missing: 0,
    perSecond,
    cpuMsPerCommand: (cpu.user + cpu.system) / 1000 / count,
  };
  for (const t of traces) {
    const id = invocationId('cmd', TEAM, t.slash.triggerId);
    const ids = messageIds(id);
    const [probe, parent, reply] = await Promise.all([
      queues.probe.getJob(jobId(probeKey(id, 0))),
      queues.notify.getJob(jobId(ids.parent)),
      queues.notify.getJob(jobId(ids.result)),
    ]);
    const result = probe?.returnvalue as ProbeJobResult | undefined;
    if (!probe || !parent || !reply || typeof result?.durationMs !== 'number') {
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
      at(reply.processedOn) - Math.max(probeOff, parentOff),
      t.replyWall - at(reply.processedOn),
    ];
    spans.forEach((v, i) => {
      run.stages[i]?.push(v);
    });
  }
  return run;
}

// ---------------------------------------------------------------------------------------------
// Figures.

const f = (x: number, w = 7, d = 1) => x.toFixed(d).padStart(w);

function printAcks(b: SlackAckBench): void {
  console.log(
    `\nslack acks: ${b.acks} signed /wx cert commands per run, in bursts of ${b.wave}, ` +
      'to the HTTP receiver on 127.0.0.1 from a sender process; runs interleaved wave by wave',
  );
  console.log('latency: request sent → whole HTTP response received');
  console.log('\nrun                          p50 ms   p99 ms   max ms   not 200   CPU ms/cmd*');
  for (const r of [b.floor, b.bolt, b.bot, b.boltBesideWorkers, b.all]) {
    console.log(
      `${r.label.padEnd(26)} ${f(r.p50Ms, 8, 2)} ${f(r.p99Ms, 8, 2)} ${f(r.maxMs, 8, 2)} ${String(r.not200).padStart(9)} ${f(r.cpuMsPerCommand, 13, 2)}`,
    );
  }
  console.log("* this process's CPU while the run was being sent, per command");
  const verdict = (ratio: number) => (ratio <= ACK_GOAL_RATIO ? 'met' : 'NOT met');
  console.log(
    `\nack p99, role bot: ${b.bot.p99Ms.toFixed(1)} ms = ${b.botOverBolt.toFixed(2)}× Bolt alone ` +
      `(${b.bolt.p99Ms.toFixed(1)} ms); goal ≤ ${ACK_GOAL_RATIO}×: ${verdict(b.botOverBolt)}`,
  );
  console.log(
    `ack p99, role all: ${b.all.p99Ms.toFixed(1)} ms = ${b.allOverBolt.toFixed(2)}× Bolt alone; ` +
      `goal ≤ ${ACK_GOAL_RATIO}×: ${verdict(b.allOverBolt)} ` +
      `(Bolt beside the workers: ${b.boltBesideWorkers.p99Ms.toFixed(1)} ms; Slack allows 3000 ms)`,
  );
  for (const d of b.drains) {
    const perSecond = (d.commands * 1000) / d.ms;
    console.log(
      `run to the verdict edit: ${d.commands} commands (${d.label}) in ` +
        `${(d.ms / 1000).toFixed(1)} s, ${perSecond.toFixed(0)} commands/s`,
    );
  }
  console.log(
    `commands seen by the bot: ${
      Object.entries(b.outcomes)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ') || 'none'
    }`,
  );
}

function printResults(resultRuns: ResultRun[], count: number): void {
  console.log(
    `\ncommand → threaded result: ${count} cert commands per run against a local TLS server, ` +
      'workers in the same process',
  );
  console.log('\n                                   in flight   p50 ms   p99 ms');
  for (const r of resultRuns) {
    if (r.missing > 0)
      console.log(`(${r.missing} commands without a complete job record left out)`);
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
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    strict: false,
    options: {
      acks: { type: 'string', default: '500' },
      wave: { type: 'string', default: '50' },
      results: { type: 'string', default: '100' },
      'in-flight': { type: 'string', default: '4' },
      json: { type: 'boolean', default: false },
    },
  });
  const results = Number(values.results);
  const inFlight = Number(values['in-flight']);
  await setUp();
  const acks = await ackBench(Number(values.acks), Number(values.wave));
  const queues = jobQueues();
  // Warm-up of this path, not counted.
  for (let i = 0; i < 5; i++) await traced();
  const resultRuns: ResultRun[] = [];
  for (const c of [...new Set([1, inFlight])]) resultRuns.push(await resultRun(results, c, queues));
  await Promise.all(Object.values(queues).map((q) => q.close()));
  await tearDown();

  printAcks(acks);
  printResults(resultRuns, results);
  // `--json`: one JSON line, last (bench/table.ts reads it); the human output above is unchanged.
  if (values.json === true) {
    const { drains, outcomes: seen, ...figs } = acks;
    process.stdout.write(
      `${JSON.stringify({
        ...figs,
        ackP99Ms: {
          floor: acks.floor.p99Ms,
          bolt: acks.bolt.p99Ms,
          bot: acks.bot.p99Ms,
          all: acks.all.p99Ms,
        },
        overheadP50Ms: resultRuns.map((r) => ({ inFlight: r.inFlight, ms: pct(r.overhead, 50) })),
      })}\n`,
    );
  }
}

const entry = process.argv[1];
if (entry && pathToFileURL(realpathSync(entry)).href === import.meta.url) {
  if (process.argv.includes('--sender')) await senderLoop();
  else await main();
}
