/**
 * An http watch through Slack on loopback: `/wx watch add http://…` typed in a channel, the real
 * worker checks it; the server starts answering 502 and ONE incident is posted whose headline is
 * the diagnosis's root cause; it recovers and the thread says so. `/wx watch list` shows it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Workers } from '../src/app/job-workers.js';
import { watchProbe } from '../src/watch/probe.js';
import type { ApiCall, FakeSlack } from './fixtures/fake-slack.js';
import { type RunningHttpServer, startHttpServer } from './fixtures/http-server.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { type SlackBot, startSlackBot } from './fixtures/slack-bot.js';
import { postSlackEvents } from './fixtures/slack-request.js';

const SECRET = 'kinds-signing-secret';
const TEAM = 'T0KINDS';
const PREFIX = 'wxkindsslack';
const CHANNEL = 'C0KINDS';

let redis: TestRedis;
let bot: SlackBot;
let fake: FakeSlack;
let server: RunningHttpServer;
let status = 200;
let workers: Workers;
let base: string;
let triggers = 0;

before(async () => {
  redis = await startRedis();
  server = await startHttpServer((_req, res) => {
    res.writeHead(status);
    res.end(status === 200 ? 'ok' : 'upstream down');
  });
  bot = await startSlackBot({
    redisUrl: redis.url,
    prefix: PREFIX,
    signingSecret: SECRET,
    watch: {
      sweepEveryMs: 0,
      probe: watchProbe({ allow: ['127.0.0.0/8'], timeoutMs: 5000 }),
    },
  });
  ({ fake, workers, base } = bot);
});

after(async () => {
  await bot?.close();
  await server?.close();
  await redis?.close();
});

async function slash(text: string): Promise<void> {
  const n = ++triggers;
  const body = new URLSearchParams({
    team_id: TEAM,
    channel_id: CHANNEL,
    user_id: 'U0TYPIST',
    command: '/wx',
    text,
    response_url: fake.responseUrl(`kinds-${n}`),
    trigger_id: `${n}.5678.${'ef'.repeat(8)}`,
  }).toString();
  const res = await postSlackEvents(`${base}/slack/events`, SECRET, body);
  assert.equal(res.status, 200);
}

const texts = (c: ApiCall) => JSON.stringify(c.params.blocks ?? []) + String(c.params.text ?? '');
const inChannel = (c: ApiCall) => c.params.channel === CHANNEL;

describe('http watches in Slack', () => {
  test('502 opens one incident headed by the cause; recovery is said in its thread', async () => {
    const url = server.url('/health');
    const id = `http:${url}`;
    await slash(`watch add ${url}`);
    const [answer] = await fake.waitFor('chat.postMessage', 1, {
      where: (c) => inChannel(c) && /Watching #W\d+ http:http:\/\/127\.0\.0\.1/.test(texts(c)),
    });
    assert.match(texts(answer as ApiCall), /checked every 1 min/);
    // The add checks at once; these are the checks the sweep would run.
    status = 502;
    assert.equal(await workers.watches.check(id), 'checked');
    assert.equal(await workers.watches.check(id), 'checked');
    assert.equal(await workers.watches.check(id), 'checked');
    const isParent = (c: ApiCall) =>
      inChannel(c) && c.params.thread_ts === undefined && /answered 502 Bad Gateway/.test(texts(c));
    const [parent] = await fake.waitFor('chat.postMessage', 1, { where: isParent });
    assert.ok(parent?.ts);
    const headline = String(parent.params.text);
    assert.match(
      headline,
      /^:red_circle: \*http:\/\/127\.0\.0\.1:\d+\/health answered 502 Bad Gateway\*/,
    );
    assert.match(texts(parent), /http HTTP_5XX/);
    assert.match(texts(parent), /502\/504 usually mean the proxy cannot reach the application/);

    await slash('watch list');
    await fake.waitFor('chat.postMessage', 1, {
      where: (c) => inChannel(c) && /#W\d+ +http:http:\/\/\S+ +— +fail · HTTP_5XX#1/.test(texts(c)),
    });

    status = 200;
    assert.equal(await workers.watches.check(id), 'checked');
    assert.equal(await workers.watches.check(id), 'checked');
    const [resolved] = await fake.waitFor('chat.postMessage', 1, {
      where: (c) => inChannel(c) && c.params.thread_ts === parent.ts && /Resolved/.test(texts(c)),
    });
    assert.ok(resolved);
    assert.equal(fake.calls('chat.postMessage').filter(isParent).length, 1, 'one incident');
  });
});
