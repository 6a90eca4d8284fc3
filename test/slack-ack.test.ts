/**
 * Slack's ack comes first (HTTP mode): once a request is verified, it is answered 200 before
 * anything else runs for it (Bolt's middleware, our listeners, Redis), and the person's answer,
 * when there is one, follows by response_url. On loopback: a real redis-server (paused with
 * CLIENT PAUSE to stall it), the fake Slack recording response_url posts.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { createSlackFront, type SlackFront } from '../src/chat/slack/app.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import type { CommandSubmission } from '../src/queue/types.js';
import { type FakeSlack, startFakeSlack } from './fixtures/fake-slack.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';

const SECRET = 'ack-first-signing-secret';
const TEAM = 'T0ACK';
const BODY_LIMIT = 8 * 1024;
/** Longer than the front's Redis budget (300 ms) by far. */
const PAUSE_MS = 4000;

let redis: TestRedis;
let producer: Redis;
let admin: Redis;
let fake: FakeSlack;
let front: SlackFront;
let base: string;
const submitted: CommandSubmission[] = [];
let onSubmit = () => {};
let n = 0;

/** Holds Bolt's processing of every request (its global middleware) until opened. */
let gate: Promise<void> = Promise.resolve();
let entered = 0;

before(async () => {
  redis = await startRedis();
  fake = await startFakeSlack();
  producer = createQueueConnection(redis.url, 'producer') as Redis;
  // No command timeout: it waits out the pause.
  admin = new Redis(redis.url);
  await Promise.all([once(producer, 'ready'), once(admin, 'ready')]);
  front = createSlackFront({
    botToken: 'xoxb-ack',
    signingSecret: SECRET,
    apiUrl: fake.apiUrl,
    botId: 'B0ACK',
    botUserId: 'U0ACKBOT',
    submit: async (s) => {
      submitted.push(s);
      onSubmit();
    },
    redis: producer,
    prefix: `wxack${process.pid}`,
    redisTimeoutMs: 300,
    bodyLimitBytes: BODY_LIMIT,
  });
  front.app.use(async ({ next }) => {
    entered++;
    await gate;
    await next();
  });
  const server = await front.start(0);
  assert.ok(server);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await front?.stop();
  if (producer) await quit(producer);
  if (admin) await quit(admin);
  await fake?.close();
  await redis?.close();
});

function submissions(count: number): Promise<void> {
  return new Promise((resolve) => {
    onSubmit = () => {
      if (submitted.length >= count) resolve();
    };
    onSubmit();
  });
}

function post(body: string, contentType = 'application/x-www-form-urlencoded', secret = SECRET) {
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signature,
    },
    body,
  });
}

function slashBody(text: string, rid: string): string {
  return new URLSearchParams({
    command: '/wx',
    text,
    team_id: TEAM,
    channel_id: 'C0ACK',
    user_id: `U0ACK${++n}`,
    response_url: fake.responseUrl(rid),
    trigger_id: `${n}.1234.ack`,
  }).toString();
}

function buttonBody(rid: string): string {
  const payload = {
    type: 'block_actions',
    user: { id: `U0CLICK${++n}`, team_id: TEAM },
    api_app_id: 'A0ACK',
    trigger_id: `${n}.5678.ack`,
    team: { id: TEAM, domain: 'ack' },
    channel: { id: 'C0ACK', name: 'ops' },
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0ACK' },
    message: { type: 'message', ts: '1700000000.000100', text: 'result' },
    response_url: fake.responseUrl(rid),
    actions: [
      {
        type: 'button',
        action_id: 'wx_recheck',
        block_id: 'b1',
        value: JSON.stringify({ text: 'cert example.com' }),
        action_ts: '1700000001.000100',
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

describe('the ack comes before anything else', () => {
  test('Redis stalled (CLIENT PAUSE): the ack arrives, then the honest answer by response_url', async () => {
    // A pause lets no command through, CLIENT UNPAUSE included: it ends by itself.
    await admin.call('CLIENT', 'PAUSE', String(PAUSE_MS), 'ALL');
    const res = await post(slashBody('cert example.com', 'stalled'));
    const answer = await fake.waitForResponses(1, { id: 'stalled', timeoutMs: 10_000 });
    // The pause over, before the next test.
    await admin.ping();
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '', 'a plain ack');
    assert.equal(answer[0]?.body.response_type, 'ephemeral');
    assert.match(JSON.stringify(answer[0]?.body), /queue is unavailable/);
  });

  for (const [kind, body] of [
    ['slash command', (rid: string) => slashBody('cert example.com', rid)],
    ['Re-check button', buttonBody],
  ] as const) {
    test(`${kind}: answered 200 while the app's processing of it is held`, async () => {
      let open = () => {};
      gate = new Promise((resolve) => {
        open = resolve;
      });
      const before = { submitted: submitted.length, entered };
      try {
        // Before, the ack waited for the listener, behind the held middleware: Bolt answered
        // 404 once its 3 s for an ack were up.
        const res = await post(body(`held-${kind}`));
        assert.equal(res.status, 200);
        assert.equal(await res.text(), '');
        assert.equal(submitted.length, before.submitted, 'nothing ran before the ack');
      } finally {
        open();
      }
      await submissions(before.submitted + 1);
      assert.equal(entered, before.entered + 1, 'then processed, once');
      assert.equal(submitted.at(-1)?.invocation.text, 'cert example.com');
    });
  }

  test('a burst is acknowledged whole, and every command of it is then queued', async () => {
    let open = () => {};
    gate = new Promise((resolve) => {
      open = resolve;
    });
    const count = 20;
    const before = submitted.length;
    let statuses: number[];
    try {
      const answers = await Promise.all(
        Array.from({ length: count }, (_, i) => post(slashBody('cert example.com', `burst-${i}`))),
      );
      statuses = answers.map((r) => r.status);
    } finally {
      open();
    }
    assert.deepEqual(statuses, Array(count).fill(200));
    await submissions(before + count);
  });
});

describe('what is not a command still goes to Bolt, unchanged', () => {
  test('url_verification: the challenge is echoed', async () => {
    const res = await post(
      JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 't' }),
      'application/json',
    );
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { challenge: 'c-123' });
  });

  test('ssl_check: 200, nothing run', async () => {
    const before = entered;
    const res = await post('ssl_check=1&token=x', 'application/x-www-form-urlencoded', 'wrong');
    assert.equal(res.status, 200);
    assert.equal(entered, before);
  });

  test('forged: 401; too large: 413; neither processed', async () => {
    const before = { entered, submitted: submitted.length };
    const forged = await post(slashBody('cert example.com', 'forged'), undefined, 'not-the-secret');
    assert.equal(forged.status, 401);
    const big = await post(slashBody('x'.repeat(BODY_LIMIT), 'big'));
    assert.equal(big.status, 413);
    assert.deepEqual({ entered, submitted: submitted.length }, before);
  });
});
