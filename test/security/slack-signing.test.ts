/**
 * Attack: replaying a correctly signed Slack request outside its 5-minute window. Bolt's verifier
 * refuses only the past; a request signed for an hour ahead must be refused as well, before
 * anything is enqueued.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createSlackFront, type SlackFront } from '../../src/chat/slack/app.js';
import { createQueueConnection, quit } from '../../src/queue/connection.js';
import type { CommandSubmission } from '../../src/queue/types.js';
import { startRedis, type TestRedis } from '../fixtures/redis.js';

const SECRET = '8f14e45fceea167a5a36dedd4bea2543';

let redis: TestRedis;
let producer: Redis;
let front: SlackFront;
let base: string;
const submitted: CommandSubmission[] = [];
let onSubmit = () => {};
let n = 0;

/** The ack comes before the command is enqueued: wait for the enqueueing itself. */
function submissions(count: number): Promise<void> {
  return new Promise((resolve) => {
    onSubmit = () => {
      if (submitted.length >= count) resolve();
    };
    onSubmit();
  });
}

before(async () => {
  redis = await startRedis();
  producer = createQueueConnection(redis.url, 'producer') as Redis;
  await once(producer, 'ready');
  front = createSlackFront({
    botToken: 'xoxb-test',
    signingSecret: SECRET,
    apiUrl: 'http://127.0.0.1:9/api/',
    botId: 'B0SIGN',
    botUserId: 'U0SIGNBOT',
    submit: async (s) => {
      submitted.push(s);
      onSubmit();
    },
    redis: producer,
    prefix: `wxsigning${process.pid}`,
  });
  const server = await front.start(0);
  assert.ok(server);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await front?.stop();
  if (producer) await quit(producer);
  await redis?.close();
});

/** A /wx slash command, correctly signed for the timestamp `ts` (seconds). */
function signedCommand(ts: number): Promise<Response> {
  const body = new URLSearchParams({
    command: '/wx',
    text: 'cert example.com',
    team_id: 'T0SIGN',
    channel_id: 'C0SIGN',
    user_id: `U0SIGN${++n}`,
    response_url: 'https://hooks.slack.com/commands/T0SIGN/1/x',
    trigger_id: '1.2.3',
  }).toString();
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signature,
    },
    body,
  });
}

const now = () => Math.floor(Date.now() / 1000);

describe('attack: a signed Slack request outside the 5-minute window', () => {
  it('refuses a correctly signed request dated an hour ahead (401, nothing enqueued)', async () => {
    const res = await signedCommand(now() + 3600);
    assert.equal(res.status, 401);
    assert.equal(submitted.length, 0);
  });

  it('refuses one dated just over 5 minutes ahead', async () => {
    assert.equal((await signedCommand(now() + 330)).status, 401);
    assert.equal(submitted.length, 0);
  });

  it('refuses a correctly signed request dated an hour ago', async () => {
    assert.equal((await signedCommand(now() - 3600)).status, 401);
    assert.equal(submitted.length, 0);
  });

  it('accepts one signed now, and one a little ahead (clock skew within the window)', async () => {
    assert.equal((await signedCommand(now())).status, 200);
    assert.equal((await signedCommand(now() + 60)).status, 200);
    await submissions(2);
    assert.equal(submitted.length, 2, 'the refused ones were never enqueued');
  });
});
