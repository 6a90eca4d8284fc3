/**
 * Regions end to end, as production runs them: one bot process and two worker processes
 * (`node dist/src/main.js`) with different WX_REGION and WX_RESOLVERS, a real redis-server, a
 * fake Slack. Each region's resolver (a DNS server on loopback) answers the same name with
 * another address, and HTTPS servers on two loopback addresses answer 200 (north's) and 502
 * (east's): `/wx http … --from all` shows both regions and REGION_MISMATCH, `/wx dns … --from
 * north,east` the differing answers, and a killed worker is REGION_NO_ANSWER for its region
 * within the deadline while the other region's result arrives.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type DnsServer, startDnsServers } from './fixtures/dns-server.js';
import { type ApiCall, type FakeSlack, startFakeSlack } from './fixtures/fake-slack.js';
import { bundle, goodChain } from './fixtures/pki.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { postSlackEvents } from './fixtures/slack-request.js';

const MAIN = fileURLToPath(new URL('../src/main.js', import.meta.url));
const SIGNING = '5e1f0a2b3c4d5e6f708192a3b4c5d6e7';
const BOT = 'xoxb-regions-test-token-4242';
const NAME = 'api.regions.test';
const NORTH_ADDRESS = '127.0.0.2';
const EAST_ADDRESS = '127.0.0.3';
const PREFIX = `{regions-test-${process.pid}}`;

interface Proc {
  proc: ChildProcess;
  stdout(): string;
  /** Resolves with the first JSON log line whose msg is `msg`. */
  log(msg: string): Promise<Record<string, unknown>>;
}

let redis: TestRedis;
let slack: FakeSlack;
let dns: DnsServer[];
const servers: https.Server[] = [];
let httpsPort = 0;
const procs: Proc[] = [];
let botPort = 0;
let north: Proc;
let east: Proc;
let caFile: string;
let asked = 0;

function spawnMain(env: Record<string, string>, args: string[]): Proc {
  const proc = spawn(process.execPath, [MAIN, ...args], {
    cwd: mkdtempSync(join(tmpdir(), 'wx-regions-')),
    env: {
      PATH: process.env.PATH ?? '',
      REDIS_URL: redis.url,
      PORT: '0',
      SLACK_BOT_TOKEN: BOT,
      SLACK_API_URL: slack.apiUrl,
      WX_QUEUE_PREFIX: PREFIX,
      WX_LANG: 'en',
      WX_PROBE_ALLOW: '127.0.0.0/8',
      WX_PROBE_TIMEOUT_MS: '5000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const lines: Array<Record<string, unknown>> = [];
  const listeners = new Set<() => void>();
  proc.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const all = out.split('\n');
    for (const line of all.slice(lines.length, -1)) {
      lines.push(line.startsWith('{') ? (JSON.parse(line) as Record<string, unknown>) : {});
    }
    for (const l of listeners) l();
  });
  proc.stderr?.on('data', () => {});
  const p: Proc = {
    proc,
    stdout: () => out,
    log: (msg) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const hit = lines.find((l) => l.msg === msg);
          if (hit) {
            listeners.delete(check);
            resolve(hit);
          }
        };
        proc.once('exit', (code) => reject(new Error(`exited (${code}) before "${msg}": ${out}`)));
        listeners.add(check);
        check();
      }),
  };
  procs.push(p);
  return p;
}

/** An HTTPS server on `host:port` answering every request with `status`. */
async function serveHttps(
  host: string,
  port: number,
  status: number,
  pems: { key: string; cert: string },
) {
  const server = https.createServer({ key: pems.key, cert: pems.cert }, (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(status === 200 ? 'ok' : 'bad gateway');
  });
  server.listen(port, host);
  await once(server, 'listening');
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

function worker(region: string, resolver: DnsServer): Proc {
  return spawnMain(
    {
      WX_REGION: region,
      WX_RESOLVERS: `${resolver.address}:${resolver.port}`,
      NODE_EXTRA_CA_CERTS: caFile,
    },
    ['--role', 'worker'],
  );
}

/** Waits until `/healthz` of a worker answers 200 (its job workers fetch jobs, it has beaten). */
async function healthy(p: Proc): Promise<Record<string, unknown>> {
  const { port } = await p.log('listening');
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    if (res?.status === 200) return (await res.json()) as Record<string, unknown>;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function slash(text: string, channel: string): { rid: string; sent: Promise<Response> } {
  const rid = `regions-${++asked}`;
  const body = new URLSearchParams({
    command: '/wx',
    text,
    channel_id: channel,
    user_id: 'U0ASKER',
    team_id: 'T0FAKE',
    response_url: slack.responseUrl(rid),
    trigger_id: `1.2.${asked}`,
  }).toString();
  const sent = postSlackEvents(`http://127.0.0.1:${botPort}/slack/events`, SIGNING, body);
  return { rid, sent };
}

/** The threaded result of the one command run in `channel`: its text and blocks as JSON. */
async function resultIn(
  channel: string,
  timeoutMs: number,
): Promise<{ call: ApiCall; text: string }> {
  const inChannel = (c: ApiCall) => c.params.channel === channel;
  await slack.waitFor('chat.update', 1, { where: inChannel, timeoutMs });
  const reply = slack
    .calls('chat.postMessage')
    .find((c) => inChannel(c) && c.params.thread_ts !== undefined);
  assert.ok(reply, 'a threaded result');
  return { call: reply, text: JSON.stringify(reply.params) };
}

before(async () => {
  [redis, slack] = await Promise.all([startRedis(), startFakeSlack()]);
  dns = await startDnsServers([
    { zone: { [NAME]: [{ type: 'A', data: NORTH_ADDRESS }] } },
    { zone: { [NAME]: [{ type: 'A', data: EAST_ADDRESS }] } },
  ]);
  const { root, intermediate, leaf } = goodChain(NAME);
  caFile = join(mkdtempSync(join(tmpdir(), 'wx-regions-ca-')), 'root.pem');
  writeFileSync(caFile, root.certPem);
  const pems = { key: leaf.keyPem, cert: bundle(leaf, intermediate) };
  httpsPort = await serveHttps(NORTH_ADDRESS, 0, 200, pems);
  await serveHttps(EAST_ADDRESS, httpsPort, 502, pems);

  const bot = spawnMain({ SLACK_SIGNING_SECRET: SIGNING }, ['--role', 'bot']);
  north = worker('north', dns[0] as DnsServer);
  east = worker('east', dns[1] as DnsServer);
  const [listening, northHealth, eastHealth] = await Promise.all([
    bot.log('listening'),
    healthy(north),
    healthy(east),
  ]);
  botPort = listening.port as number;
  assert.equal(northHealth.region, 'north', '/healthz names the region');
  assert.equal(eastHealth.region, 'east');
});

after(async () => {
  for (const p of procs) if (p.proc.exitCode === null) p.proc.kill('SIGKILL');
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await Promise.all([...dns.map((d) => d.close()), slack?.close()]);
  await redis?.close();
});

describe('a bot and two regional worker processes', () => {
  test('/wx regions lists both live regions', async () => {
    const { rid, sent } = slash('regions', 'C0LIST');
    assert.equal((await sent).status, 200);
    const [r] = await slack.waitForResponses(1, { id: rid });
    const text = JSON.stringify(r?.body);
    assert.match(text, /east: last seen \d+ s ago · 1 worker/);
    assert.match(text, /north: last seen \d+ s ago · 1 worker/);
  });

  test('an unknown region is a usage error listing the live ones; nothing runs', async () => {
    const before = slack.calls('chat.postMessage').length;
    const { rid } = slash(`http https://${NAME}:${httpsPort}/ --from west`, 'C0WEST');
    const [r] = await slack.waitForResponses(1, { id: rid });
    assert.equal(r?.body.response_type, 'ephemeral');
    assert.match(JSON.stringify(r?.body), /no live region \\"west\\"; live regions: east, north/);
    assert.equal(slack.calls('chat.postMessage').length, before);
  });

  test('/wx http … --from all: both regions side by side, REGION_MISMATCH naming the broken edge', async () => {
    slash(`http https://${NAME}:${httpsPort}/ --from all`, 'C0HTTP');
    const { text, call } = await resultIn('C0HTTP', 30_000);
    if (process.env.SHOW) console.log(JSON.stringify(call.params.blocks, null, 1));
    assert.match(text, /REGION_MISMATCH/);
    assert.match(text, /east: served from 127\.0\.0\.3, HTTP 502/);
    assert.match(text, /north: served from 127\.0\.0\.2, HTTP 200/);
    assert.match(text, /the east edge is broken/);
    // Side by side: one line per region.
    assert.match(text, /east · Failed HTTP_5XX · 127\.0\.0\.3 · 502 · \d+ ms/);
    assert.match(text, /north · OK · 127\.0\.0\.2 · 200 · \d+ ms/);
    // The parent: one line naming the cause across regions.
    const verdict = slack.calls('chat.update').find((c) => c.params.channel === 'C0HTTP');
    assert.match(
      JSON.stringify(verdict?.params),
      /the east edge is broken \(regions REGION_MISMATCH\)/,
    );
  });

  test('/wx dns … --from north,east: the differing answers', async () => {
    slash(`dns ${NAME} --from north,east`, 'C0DNS');
    const { text } = await resultIn('C0DNS', 30_000);
    assert.match(text, /REGION_MISMATCH/);
    assert.match(text, /east: answers 127\.0\.0\.3/);
    assert.match(text, /north: answers 127\.0\.0\.2/);
    // Each worker asked its own resolver only.
    assert.ok(dns.every((d) => d.queries.some((q) => q.name === NAME)));
  });

  test('a killed worker: REGION_NO_ANSWER for its region within the deadline, the other region arrives', async () => {
    east.proc.kill('SIGKILL');
    await once(east.proc, 'exit');
    const started = Date.now();
    slash(`http https://${NAME}:${httpsPort}/ --from north,east --timeout 2000`, 'C0KILL');
    // The deadline (2 s) plus the margin (3 s), plus the trip to Slack.
    const { text } = await resultIn('C0KILL', 15_000);
    const tookMs = Date.now() - started;
    assert.ok(tookMs < 2000 + 3000 + 5000, `took ${tookMs} ms`);
    assert.match(text, /REGION_NO_ANSWER/);
    assert.match(text, /east: the region's worker did not answer within 5 s/);
    assert.match(text, /north/);
    assert.match(text, /127\.0\.0\.2/);
    assert.doesNotMatch(text, /127\.0\.0\.3/);
  });
});
