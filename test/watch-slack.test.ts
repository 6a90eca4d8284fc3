/**
 * Certificate watches through Slack on loopback: `/wx watch add` typed in a channel, the worker
 * checks at once, the incident's parent is posted there with its buttons (fake Slack Web API),
 * Acknowledge edits the parent (who and when) and says so in its thread; `/wx watch list` answers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { INCIDENT_ACTIONS } from '../src/render/slack-incident.js';
import { certWatchProbe } from '../src/watch/probe.js';
import type { ApiCall, FakeSlack } from './fixtures/fake-slack.js';
import { bundle, days, goodChain, issue } from './fixtures/pki.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { type SlackBot, startSlackBot } from './fixtures/slack-bot.js';
import { postSlackEvents } from './fixtures/slack-request.js';
import { type RunningServer, startTlsServer } from './fixtures/tls-server.js';

const SECRET = 'watch-signing-secret';
const TEAM = 'T0WATCH';
const PREFIX = 'wxwatchslack';
const CHANNEL = 'C0WATCH';

let redis: TestRedis;
let bot: SlackBot;
let fake: FakeSlack;
let server: RunningServer;
let base: string;
let triggers = 0;

before(async () => {
  redis = await startRedis();
  const { root, intermediate } = goodChain('localhost');
  const leaf = issue({
    cn: 'localhost',
    sans: ['localhost', '127.0.0.1'],
    issuer: intermediate,
    notAfter: days(10),
  });
  server = await startTlsServer({ keyPem: leaf.keyPem, chainPem: bundle(leaf, intermediate) });
  bot = await startSlackBot({
    redisUrl: redis.url,
    prefix: PREFIX,
    signingSecret: SECRET,
    watch: {
      sweepEveryMs: 0,
      probe: certWatchProbe({
        allow: ['127.0.0.0/8'],
        timeoutMs: 5000,
        extraCaPem: [root.certPem],
      }),
    },
  });
  ({ fake, base } = bot);
});

after(async () => {
  await bot?.close();
  await server?.close();
  await redis?.close();
});

async function postSigned(body: string): Promise<Response> {
  return postSlackEvents(`${base}/slack/events`, SECRET, body);
}

async function slash(text: string): Promise<void> {
  const n = ++triggers;
  const res = await postSigned(
    new URLSearchParams({
      team_id: TEAM,
      channel_id: CHANNEL,
      user_id: 'U0TYPIST',
      command: '/wx',
      text,
      response_url: fake.responseUrl(`watch-${n}`),
      trigger_id: `${n}.5678.${'cd'.repeat(8)}`,
    }).toString(),
  );
  assert.equal(res.status, 200);
}

const texts = (c: ApiCall) => JSON.stringify(c.params.blocks ?? []) + String(c.params.text ?? '');
const inChannel = (c: ApiCall) => c.params.channel === CHANNEL;

describe('certificate watches in Slack', () => {
  test('/wx watch add: checked at once; the incident parent carries the buttons; Acknowledge edits it', async () => {
    await slash(`watch add 127.0.0.1:${server.port}`);
    const incident = (c: ApiCall) =>
      inChannel(c) && /Certificate expires within 14 days/.test(texts(c));
    const [parent] = await fake.waitFor('chat.postMessage', 1, { where: incident });
    assert.ok(parent?.ts);
    assert.equal(parent.params.thread_ts, undefined, 'a parent of its own');
    const [answer] = await fake.waitFor('chat.postMessage', 1, {
      where: (c) => inChannel(c) && /Watching #W\d+ 127\.0\.0\.1/.test(texts(c)),
    });
    assert.ok(answer);
    const blocks = parent.params.blocks as Array<{
      type: string;
      block_id?: string;
      elements?: Array<{ action_id: string; value: string }>;
    }>;
    const actions = blocks.find((b) => b.type === 'actions');
    assert.deepEqual(
      actions?.elements?.map((e) => e.action_id),
      [
        INCIDENT_ACTIONS.ack,
        INCIDENT_ACTIONS.snooze1d,
        INCIDENT_ACTIONS.snooze7d,
        INCIDENT_ACTIONS.recheck,
      ],
    );
    const ack = actions?.elements?.[0];
    assert.ok(ack);
    const payload = {
      type: 'block_actions',
      user: { id: 'U0ONCALL', username: 'oncall', team_id: TEAM },
      api_app_id: 'A0TEST',
      token: 'deprecated',
      trigger_id: '77.1234.ack',
      team: { id: TEAM, domain: 'test' },
      container: { type: 'message', message_ts: parent.ts, channel_id: CHANNEL },
      channel: { id: CHANNEL, name: 'ops' },
      message: { type: 'message', ts: parent.ts, text: 'incident', blocks },
      response_url: fake.responseUrl('ack-1'),
      actions: [
        {
          type: 'button',
          action_id: ack.action_id,
          block_id: actions?.block_id,
          text: { type: 'plain_text', text: 'Acknowledge' },
          value: ack.value,
          action_ts: '1700000123.000100',
        },
      ],
    };
    const res = await postSigned(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    );
    assert.equal(res.status, 200);
    const [edit] = await fake.waitFor('chat.update', 1, {
      where: (c) => inChannel(c) && /acknowledged by <@U0ONCALL>/.test(texts(c)),
    });
    assert.equal(edit?.params.ts, parent.ts, 'the parent is edited');
    assert.ok(
      !texts(edit as ApiCall).includes(INCIDENT_ACTIONS.ack),
      'no Acknowledge button any more',
    );
    const [reply] = await fake.waitFor('chat.postMessage', 1, {
      where: (c) => inChannel(c) && c.params.thread_ts === parent.ts,
    });
    assert.match(texts(reply as ApiCall), /acknowledged by <@U0ONCALL>/);

    await slash('watch list');
    const [list] = await fake.waitFor('chat.postMessage', 1, {
      where: (c) => inChannel(c) && /#W\d+ +127\.0\.0\.1:\d+ +\d+ d/.test(texts(c)),
    });
    assert.ok(list);
  });
});
