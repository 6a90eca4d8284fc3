/**
 * The Slack front end in Socket Mode, end to end on loopback: a fake Socket Mode server (`ws`)
 * hands the bot a `/wx` slash_commands envelope, the real queue (BullMQ on a real redis-server)
 * and workers probe a local TLS server, and the fake Slack Web API records what the bot posts.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { startWorkers, type Workers } from '../src/app/job-workers.js';
import { createSlackFront, type SlackFront } from '../src/chat/slack/app.js';
import { SlackDelivery } from '../src/chat/slack/delivery.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import { createSubmitter, type Submitter } from '../src/queue/submit.js';
import type { CommandSubmission } from '../src/queue/types.js';
import { type ApiCall, type FakeSlack, startFakeSlack } from './fixtures/fake-slack.js';
import { type FakeSlackSocket, startFakeSlackSocket } from './fixtures/fake-slack-socket.js';
import { bundle, goodChain } from './fixtures/pki.js';
import { recordingLog } from './fixtures/recording-log.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { closedPort, type RunningServer, startTlsServer } from './fixtures/tls-server.js';

const TEAM = 'T0TEST';
const PREFIX = 'wxsockettest';

let redis: TestRedis;
let fake: FakeSlack;
let socket: FakeSlackSocket;
let tls: RunningServer;
let producer: Redis;
let deliveryRedis: Redis;
let submitter: Submitter;
let workers: Workers;
let front: SlackFront;
const submitted: CommandSubmission[] = [];

before(async () => {
  redis = await startRedis();
  fake = await startFakeSlack();
  socket = await startFakeSlackSocket({ upstreamApiUrl: fake.apiUrl });
  const { leaf, intermediate } = goodChain('localhost');
  tls = await startTlsServer({ keyPem: leaf.keyPem, chainPem: bundle(leaf, intermediate) });
  producer = createQueueConnection(redis.url, 'producer') as Redis;
  await once(producer, 'ready');
  submitter = createSubmitter({ connection: producer, prefix: PREFIX });

  deliveryRedis = createQueueConnection(redis.url, 'worker') as Redis;
  workers = startWorkers({
    connection: redis.url,
    prefix: PREFIX,
    deliveries: {
      slack: new SlackDelivery({
        botToken: 'xoxb-test',
        apiUrl: fake.apiUrl,
        redis: deliveryRedis,
        prefix: PREFIX,
      }),
    },
    allow: ['127.0.0.0/8'],
    notifyBackoffMs: 100,
  });
  await workers.ready();

  front = createSlackFront({
    botToken: 'xoxb-test',
    appToken: 'xapp-test',
    apiUrl: socket.apiUrl,
    botId: 'B0SOCKET',
    botUserId: 'U0SOCKETBOT',
    submit: async (s) => {
      submitted.push(s);
      await submitter.submit(s);
    },
    redis: producer,
    prefix: PREFIX,
  });
  const server = await front.start();
  assert.equal(server, undefined, 'Socket Mode listens on no port');
  // Once the client got `hello` over the WebSocket.
  await front.connected();
});

after(async () => {
  await front?.stop();
  await workers?.close();
  await submitter?.close();
  if (producer) await quit(producer);
  if (deliveryRedis) await quit(deliveryRedis);
  await socket?.close();
  await fake?.close();
  await tls?.close();
  await redis?.close();
});

const inChannel = (channel: string) => (c: ApiCall) => c.params.channel === channel;

describe('socket mode', () => {
  test('connects with the app-level token to the URL from apps.connections.open', async () => {
    await socket.connected();
    const opens = socket.opens();
    assert.equal(opens.length, 1);
    assert.equal(opens[0]?.token, 'xapp-test');
    assert.equal(fake.calls('auth.test').length, 0, 'botId/botUserId given: no auth.test');
  });

  test('slash_commands envelope: acked, then parent post, threaded result, parent edited', async () => {
    const channel = 'C0SOCKET';
    const envelopeId = 'env-socket-1';
    const started = Date.now();
    const ack = await socket.send({
      envelope_id: envelopeId,
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        token: 'deprecated',
        team_id: TEAM,
        team_domain: 'test',
        channel_id: channel,
        channel_name: 'ops',
        user_id: 'U0SOCKET',
        user_name: 'someone',
        command: '/wx',
        text: `cert 127.0.0.1:${tls.port}`,
        api_app_id: 'A0TEST',
        is_enterprise_install: 'false',
        response_url: fake.responseUrl('socket-1'),
        trigger_id: `1.1234.${'ab'.repeat(8)}`,
      },
    });
    assert.equal(ack.envelope_id, envelopeId, 'the ack frame carries the envelope_id');
    assert.ok(Date.now() - started < 3000, 'acknowledged well within 3 s');

    const [update] = (await fake.waitFor('chat.update', 1, { where: inChannel(channel) })).slice(
      -1,
    ) as [ApiCall];
    assert.equal(submitted.length, 1, 'enqueued once');
    const posts = fake.delivered('chat.postMessage').filter(inChannel(channel));
    assert.equal(posts.length, 2);
    const [parent, reply] = posts as [ApiCall, ApiCall];
    assert.equal(parent.params.thread_ts, undefined);
    assert.ok(parent.ts);
    assert.equal(reply.params.thread_ts, parent.ts, 'the result is threaded under the parent');
    assert.equal(update.params.ts, parent.ts, 'the parent is edited to the verdict');
    const parentText = JSON.stringify(parent.params.blocks ?? []) + String(parent.params.text);
    assert.match(parentText, /<@U0SOCKET>/);
    assert.ok(parentText.includes(`/wx cert 127.0.0.1:${tls.port}`));
    for (const c of [parent, reply, update]) assert.equal(c.token, 'xoxb-test');
  });
});

describe('socket mode start-up', () => {
  test('a transient apps.connections.open failure is retried, not fatal', async () => {
    const flaky = await startFakeSlackSocket({ upstreamApiUrl: fake.apiUrl, failOpens: 2 });
    const second = createSlackFront({
      botToken: 'xoxb-test',
      appToken: 'xapp-test',
      apiUrl: flaky.apiUrl,
      botId: 'B0SOCKET',
      botUserId: 'U0SOCKETBOT',
      submit: async () => {},
      redis: producer,
      prefix: `${PREFIX}-flaky`,
      reconnectDelayMs: { first: 20, max: 100 },
    });
    try {
      await second.start();
      await flaky.connected();
      assert.equal(flaky.opens().length, 3, 'two 503s, then the URL');
    } finally {
      await second.stop();
      await flaky.close();
    }
  });
});

describe('socket mode failures are visible', () => {
  test('a refused app token: one line per failed attempt naming SLACK_APP_TOKEN, then "connected"', {
    timeout: 15_000,
  }, async () => {
    const refusing = await startFakeSlackSocket({
      upstreamApiUrl: fake.apiUrl,
      failOpens: 3,
      openFailure: { error: 'invalid_auth' },
    });
    const { log, shown, waitFor } = recordingLog();
    const front = createSlackFront({
      botToken: 'xoxb-test',
      appToken: 'xapp-test',
      apiUrl: refusing.apiUrl,
      botId: 'B0SOCKET',
      botUserId: 'U0SOCKETBOT',
      submit: async () => {},
      redis: producer,
      prefix: `${PREFIX}-refused`,
      logger: log,
      reconnectDelayMs: { first: 20, max: 100 },
    });
    try {
      // Start-up does not wait for (or die of) the connection: it is kept in the background.
      await front.start();
      await waitFor(/cannot connect/);
      assert.match(front.problem() ?? '', /invalid_auth; check SLACK_APP_TOKEN/);
      await front.connected();
      assert.equal(front.problem(), null);
      const lines = shown();
      assert.deepEqual(
        lines.map((l) => l.level),
        ['warn', 'warn', 'warn', 'info'],
        JSON.stringify(lines),
      );
      for (const l of lines.slice(0, 3)) {
        assert.equal(
          l.msg,
          'slack socket mode: cannot connect: Slack answered invalid_auth; check SLACK_APP_TOKEN',
        );
        assert.equal(l.fields.check, 'SLACK_APP_TOKEN');
      }
      assert.equal(lines[3]?.msg, 'slack socket mode connected');
      assert.ok(!JSON.stringify(lines).includes('xapp-test'), 'the token is never logged');
      assert.equal(refusing.opens().length, 4);
    } finally {
      await front.stop();
      await refusing.close();
    }
  });

  test('apps.connections.open unreachable: logged naming SLACK_API_URL; stop() is prompt while retrying', {
    timeout: 15_000,
  }, async () => {
    const apiUrl = `http://127.0.0.1:${await closedPort()}/api/`;
    const { log, shown, waitFor } = recordingLog();
    const front = createSlackFront({
      botToken: 'xoxb-test',
      appToken: 'xapp-test',
      apiUrl,
      botId: 'B0SOCKET',
      botUserId: 'U0SOCKETBOT',
      submit: async () => {},
      redis: producer,
      prefix: `${PREFIX}-unreachable`,
      logger: log,
      // Long enough that stop() comes while the link waits for its next attempt.
      reconnectDelayMs: { first: 60_000, max: 60_000 },
    });
    await front.start();
    const [line] = await waitFor(/cannot connect/);
    assert.match(line?.msg ?? '', new RegExp(`${apiUrl} unreachable: .*; check SLACK_API_URL$`));
    assert.match(line?.msg ?? '', /ECONNREFUSED/, 'the cause underneath "fetch failed"');
    assert.match(front.problem() ?? '', /check SLACK_API_URL/);
    const started = Date.now();
    await front.stop();
    assert.ok(Date.now() - started < 500, `stop() took ${Date.now() - started} ms`);
    assert.equal(shown().length, 1, JSON.stringify(shown()));
  });
});
