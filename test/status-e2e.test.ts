/**
 * Issue 14's "Done when", end to end through one real bot (role all, started as main starts it,
 * fake Slack, real Redis, everything on loopback): an http watch on a local server that starts
 * answering 502 opens ONE incident in Slack headed by the cause and closes it when the server
 * recovers; a dns watch on two local resolvers that disagree opens DNS_INCONSISTENT; both show on
 * /status in headless Chromium (kind, target, state, headline; en and zh-CN) and in /metrics with
 * their target and kind (`probe_success 0` for both). Screenshots are kept under the test's temp dir.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Queue, QueueEvents } from 'bullmq';
import type { BrowserContext } from 'playwright-core';
import { createLogger } from '../src/app/log.js';
import { type Running, start } from '../src/app/start.js';
import { loadConfig } from '../src/config/index.js';
import { QUEUES } from '../src/queue/names.js';
import { WATCH_JOBS, watchCheckJobOptions } from '../src/queue/watch-jobs.js';
import { parseWatches } from '../src/watch/file.js';
import { launchChromium, refreshed, seen } from './fixtures/browser.js';
import { closeDnsServers, type DnsServer, startDnsServers } from './fixtures/dns-server.js';
import { type ApiCall, type FakeSlack, startFakeSlack } from './fixtures/fake-slack.js';
import { type RunningHttpServer, startHttpServer } from './fixtures/http-server.js';
import { sampleOf } from './fixtures/promql.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';

const TOKEN = 'status-token-for-the-end-to-end-test-0123456789';
const CHANNEL = 'C0DONEWHEN';
const NAME = 'api.done.test';
const TMP = mkdtempSync(join(tmpdir(), 'wx-status-e2e-'));

let redis: TestRedis;
let slack: FakeSlack;
let server: RunningHttpServer;
let resolvers: DnsServer[];
let browser: BrowserContext;
let bot: Running;
let queue: Queue;
let events: QueueEvents;
let status = 200;
let checks = 0;
const prefix = `{status-e2e-${process.pid}}`;

before(async () => {
  [redis, slack] = await Promise.all([startRedis(), startFakeSlack()]);
  server = await startHttpServer((_req, res) => {
    res.writeHead(status);
    res.end(status === 200 ? 'ok' : 'upstream down');
  });
  resolvers = await startDnsServers([
    { zone: { [NAME]: [{ type: 'A', data: '192.0.2.10' }] } },
    { zone: { [NAME]: [{ type: 'A', data: '198.51.100.7' }] } },
  ]);
  browser = await launchChromium(TMP);
  const config = loadConfig(
    {
      REDIS_URL: redis.url,
      PORT: '0',
      SLACK_SIGNING_SECRET: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      SLACK_BOT_TOKEN: 'xoxb-status-e2e-test',
      SLACK_API_URL: slack.apiUrl,
      WX_PROBE_ALLOW: '127.0.0.1/32',
      WX_PROBE_TIMEOUT_MS: '5000',
      WX_QUEUE_PREFIX: prefix,
      WX_STATUS_TOKEN: TOKEN,
      WX_LANG: 'en',
      LOG_LEVEL: 'silent',
    },
    ['--role', 'all'],
  );
  const to = [`slack:${CHANNEL}`];
  bot = await start(config, {
    host: '127.0.0.1',
    logger: createLogger(config),
    watches: parseWatches(
      [
        { url: server.url('/health'), to },
        { dns: NAME, resolvers: resolvers.map((r) => `127.0.0.1:${r.port}`), to },
      ],
      'en',
    ),
  });
  queue = new Queue(QUEUES.watch, { connection: { url: redis.url }, prefix });
  events = new QueueEvents(QUEUES.watch, { connection: { url: redis.url }, prefix });
  await events.waitUntilReady();
});

after(async () => {
  await browser?.close();
  await events?.close();
  await queue?.close();
  await bot?.close();
  await server?.close();
  await closeDnsServers(resolvers ?? []);
  await Promise.all([redis?.close(), slack?.close()]);
});

/** One check through the real watch queue and worker, awaited on its job. */
async function check(id: string): Promise<void> {
  const data = { id, dueAt: ++checks };
  const job = await queue.add(WATCH_JOBS.check, data, watchCheckJobOptions(data));
  assert.deepEqual(await job.waitUntilFinished(events, 20_000), { outcome: 'checked' });
}

async function scrape(): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${bot.port}/metrics`);
  assert.equal(res.status, 200);
  return res.text();
}

const texts = (c: ApiCall) => JSON.stringify(c.params.blocks ?? []) + String(c.params.text ?? '');
const inChannel = (c: ApiCall) => c.params.channel === CHANNEL;

test("issue 14's Done when: http and dns incidents in Slack, on /status in Chromium, in /metrics", async () => {
  const url = server.url('/health');
  const httpId = `http:${url}`;
  const dnsId = `dns:${NAME}`;

  // The server breaks; the resolvers disagree from the start. A few checks, as the sweep runs them.
  status = 502;
  for (let i = 0; i < 3; i++) {
    await check(httpId);
    await check(dnsId);
  }
  const isHttpParent = (c: ApiCall) =>
    inChannel(c) && c.params.thread_ts === undefined && /answered 502 Bad Gateway/.test(texts(c));
  const [parent] = await slack.waitFor('chat.postMessage', 1, { where: isHttpParent });
  assert.ok(parent?.ts);
  assert.match(
    String(parent.params.text),
    /^:red_circle: \*http:\/\/127\.0\.0\.1:\d+\/health answered 502 Bad Gateway\*/,
    'the headline names the cause',
  );
  assert.match(texts(parent), /http HTTP_5XX/);
  const [dnsParent] = await slack.waitFor('chat.postMessage', 1, {
    where: (c) =>
      inChannel(c) && c.params.thread_ts === undefined && /dns DNS_INCONSISTENT/.test(texts(c)),
  });
  assert.match(texts(dnsParent as ApiCall), /192\.0\.2\.10/);
  assert.match(texts(dnsParent as ApiCall), /198\.51\.100\.7/);

  // /metrics: both with their target and kind, both failed probes (probe_success 0): the 502,
  // and resolvers that disagree, which is what a dns watch is there to catch (README).
  const exposition = await scrape();
  assert.equal(
    sampleOf(exposition, 'probe_success', { target: url, kind: 'http', region: 'default' }),
    0,
    exposition,
  );
  assert.equal(
    sampleOf(exposition, 'probe_success', { target: NAME, kind: 'dns', region: 'default' }),
    0,
  );
  assert.equal(
    sampleOf(exposition, 'probe_http_status_code', {
      target: url,
      kind: 'http',
      region: 'default',
    }),
    502,
  );

  // /status in Chromium: both rows with kind, target, state and the cause as headline.
  const page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
      problems.push(m.text());
    }
  });
  page.on('pageerror', (err) => problems.push(err.message));
  const base = `http://127.0.0.1:${bot.port}/status`;
  const loaded = await page.goto(`${base}?token=${TOKEN}&lang=en`);
  assert.equal(loaded?.status(), 200);
  const rows = page.locator('#watches tbody tr');
  assert.equal(await rows.count(), 2);
  const all = await Promise.all([seen(rows.nth(0)), seen(rows.nth(1))]);
  const httpRow = all.find((r) => r.includes(url)) ?? '';
  const dnsRow = all.find((r) => /^DNS\t/.test(r)) ?? '';
  assert.match(httpRow, /^HTTP\t/, all.join('\n'));
  assert.match(httpRow, /\tFailing\t/);
  assert.match(httpRow, /answered 502 Bad Gateway/, 'the cause heads the row');
  assert.match(dnsRow, new RegExp(`\t${NAME.replace(/\./g, '\\.')}\t`), 'the name, not the id');
  assert.match(dnsRow, /\tWarning\t/);
  assert.match(dnsRow, /192\.0\.2\.10/);
  assert.match(await seen(page.locator('#summary')), /2 watches, 2 open incidents/);
  const records = page.locator('#records');
  assert.equal(await records.getAttribute('href'), `status/incidents?token=${TOKEN}&lang=en`);
  await page.screenshot({ path: join(TMP, 'status-e2e-en.png'), fullPage: true });

  // The same page in Chinese: the causes said in Chinese, not the probes' English.
  await page.goto(`${base}?token=${TOKEN}&lang=zh-CN&refresh=1`);
  const zh = await Promise.all([seen(rows.nth(0)), seen(rows.nth(1))]);
  const httpZh = zh.find((r) => r.includes(url)) ?? '';
  assert.match(httpZh, /\t故障\t/, zh.join('\n'));
  // Chat's backticks are code on the page, the same when the script rebuilds the rows.
  assert.match(httpZh, /返回 502 Bad Gateway/);
  assert.doesNotMatch(httpZh, /`/);
  const served = await page.locator('#watches tbody').innerHTML();
  assert.match(served, /<code>502 Bad Gateway<\/code>/);
  await refreshed(page);
  assert.equal(await page.locator('#watches tbody').innerHTML(), served);
  assert.doesNotMatch(httpZh, /answered/);
  assert.match(zh.find((r) => r.includes(NAME)) ?? '', /各解析器对 .* 的回答不一致/);
  await page.screenshot({ path: join(TMP, 'status-e2e-zh-CN.png'), fullPage: true });

  // The records list the page links to opens with the same token.
  const listed = await page.goto(new URL(String(await records.getAttribute('href')), base).href);
  assert.equal(listed?.status(), 200);

  // Recovery: the http incident closes in its thread; still one incident for the outage.
  status = 200;
  await check(httpId);
  await check(httpId);
  const [resolved] = await slack.waitFor('chat.postMessage', 1, {
    where: (c) => inChannel(c) && c.params.thread_ts === parent.ts && /Resolved/.test(texts(c)),
  });
  assert.ok(resolved);
  assert.equal(slack.calls('chat.postMessage').filter(isHttpParent).length, 1, 'one incident');
  assert.equal(
    sampleOf(await scrape(), 'probe_success', { target: url, kind: 'http', region: 'default' }),
    1,
    'recovered',
  );

  assert.deepEqual(problems, [], 'no script error, nothing blocked by the CSP');
  for (const shot of ['status-e2e-en.png', 'status-e2e-zh-CN.png']) {
    assert.ok(statSync(join(TMP, shot)).size > 1000, `${shot} kept under ${TMP}`);
  }
});
