/**
 * The status page in a real browser: headless Chromium (Debian's package, driven by
 * playwright-core, no browser download) loads /status from the real bot (Slack HTTP mode, so the
 * page is served by the Slack receiver's port) with real certificate watches checked into a real
 * Redis. It checks what a person sees, that the page refreshes itself after a state change, and
 * keeps screenshots under the test's temp dir.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { loadConfig } from '../src/config/index.js';
import { start } from '../src/main.js';
import { firstRowIs, launchChromium, refreshed, seen } from './fixtures/browser.js';
import { type FakeSlack, startFakeSlack } from './fixtures/fake-slack.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { type StatusWorld, statusWorld, swappableTls } from './fixtures/status-watches.js';

const TOKEN = 'status-token-for-the-browser-test-0123456789';
const TMP = mkdtempSync(join(tmpdir(), 'wx-status-browser-'));

let redis: TestRedis;
let slack: FakeSlack;
let browser: BrowserContext;

before(async () => {
  [redis, slack] = await Promise.all([startRedis(), startFakeSlack()]);
  browser = await launchChromium(TMP);
});
after(async () => {
  await browser?.close();
  await Promise.all([redis?.close(), slack?.close()]);
});

test('a person sees every watch, the open incident first, and the page refreshes itself', async (t) => {
  const prefix = `{status-browser-${process.pid}}`;
  const world: StatusWorld = await statusWorld(redis.url, prefix);
  t.after(() => world.close());
  const healthy = await swappableTls(world.leaf(90), world.pki.intermediate);
  const expiring = await swappableTls(world.leaf(5), world.pki.intermediate);
  t.after(() => Promise.all([healthy.close(), expiring.close()]).then(() => {}));
  const a = await world.watch(healthy.port, { source: 'chat', addedBy: 'U0ADDEDBY' });
  const b = await world.watch(expiring.port);

  const page = await browser.newPage();
  // A failure says where instead of hanging the run.
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  page.on('console', (m) => {
    // The 401 asked for below, and a favicon this page does not have, are not problems.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
      problems.push(m.text());
    }
  });
  page.on('pageerror', (err) => problems.push(err.message));

  const config = loadConfig(
    {
      REDIS_URL: redis.url,
      PORT: '0',
      WX_ROLE: 'bot',
      SLACK_SIGNING_SECRET: '5e1f0a2b3c4d5e6f708192a3b4c5d6e7',
      SLACK_BOT_TOKEN: 'xoxb-status-browser-test',
      SLACK_API_URL: slack.apiUrl,
      WX_QUEUE_PREFIX: prefix,
      WX_LANG: 'en',
      LOG_LEVEL: 'silent',
      WX_STATUS_TOKEN: TOKEN,
    },
    [],
  );
  const bot = await start(config, { host: '127.0.0.1' });
  // The page first: its keep-alive connections would hold the server's close up.
  t.after(async () => {
    // The browser first: an idle socket it opened ahead of need (no request yet) would hold
    // the receiver's close up until the server's headers timeout.
    await browser.close();
    await bot.close();
  });

  const base = `http://127.0.0.1:${bot.port}/status`;
  const denied = await page.goto(`${base}?lang=en`);
  assert.equal(denied?.status(), 401, 'no token, no page');

  const loaded = await page.goto(`${base}?token=${TOKEN}&lang=en&refresh=1`);
  assert.equal(loaded?.status(), 200);
  assert.equal(await page.title(), 'wxdoctor status');
  const rows = page.locator('#watches tbody tr');
  assert.equal(await rows.count(), 2);
  const first = await seen(rows.nth(0));
  const second = await seen(rows.nth(1));
  assert.match(first, /certificate/);
  assert.match(first, new RegExp(`localhost:${b.port}`));
  assert.match(first, /Warning/);
  assert.match(first, /Certificate expires within 7 days/, 'the open incident first, headline');
  assert.match(first, /\t5\t/, 'days left');
  assert.match(second, new RegExp(`localhost:${a.port}`));
  assert.match(second, /\bOK\b/);
  assert.match(second, /\b90\b/);
  assert.match(second, /UTC/, 'last check time');
  assert.deepEqual(await page.locator('#watches thead th').allInnerTexts(), [
    'Kind',
    'Target',
    'State',
    'Open incident',
    'Days left',
    'Last check',
    'Region',
  ]);
  assert.match(await seen(page.locator('#summary')), /2 watches, 1 open incident/);
  const html = await page.content();
  for (const hidden of ['C0SECRETCHAN', 'T0STATUS', 'U0ADDEDBY', '127.0.0.1 ']) {
    assert.ok(!html.includes(hidden), `${hidden} is not shown`);
  }
  await page.screenshot({ path: join(TMP, 'status-en.png'), fullPage: true });

  // The first refresh rebuilds the rows from status.json exactly as the server wrote them.
  const served = await page.locator('#watches tbody').innerHTML();
  await refreshed(page);
  assert.equal(await page.locator('#watches tbody').innerHTML(), served);

  // A state change: the healthy server now sends a certificate that expires in 2 days.
  healthy.serve(world.leaf(2));
  await world.check(a.id);
  await firstRowIs(page, a.ref);
  const now = await seen(rows.nth(0));
  assert.match(now, /Certificate expires within 3 days/);
  assert.match(now, /Warning/);
  assert.match(await seen(rows.nth(1)), /Certificate expires within 7 days/);
  assert.match(await seen(page.locator('#summary')), /2 watches, 2 open incidents/);
  assert.equal(await rows.nth(0).getAttribute('class'), 'state-warn critical');
  await page.screenshot({ path: join(TMP, 'status-refreshed.png'), fullPage: true });

  // The same page in Chinese, chosen by the browser's Accept-Language alone.
  await page.setExtraHTTPHeaders({ 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' });
  await page.goto(`${base}?token=${TOKEN}`);
  assert.equal(await page.title(), 'wxdoctor 状态');
  assert.match(await seen(rows.nth(0)), /证书将在 3 天内到期/);
  assert.match(await seen(rows.nth(0)), /警告/);
  assert.equal(await seen(page.locator('#watches thead th').nth(1)), '目标');
  await page.screenshot({ path: join(TMP, 'status-zh-CN.png'), fullPage: true });

  assert.deepEqual(problems, [], 'no script error, nothing blocked by the CSP');
  for (const shot of ['status-en.png', 'status-refreshed.png', 'status-zh-CN.png']) {
    assert.ok(statSync(join(TMP, shot)).size > 1000, `${shot} kept under ${TMP}`);
  }
  t.diagnostic(`screenshots under ${TMP}`);
});
