/**
 * The post-incident record through Slack on loopback: a certificate watch's incident opens (real
 * TLS server, real cert probe, injected clock), is acknowledged and snoozed with its buttons,
 * closes when the certificate is renewed, and the Report button on the closed parent posts the
 * record in the thread and uploads it as Markdown (files.uploadV2 against the fake Slack API).
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import tls from 'node:tls';
import type { Redis } from 'ioredis';
import type { Workers } from '../src/app/job-workers.js';
import { INCIDENT_ACTIONS } from '../src/render/slack-incident.js';
import { when } from '../src/render/when.js';
import { createIncidentRecords } from '../src/store/incident-records.js';
import { watchId } from '../src/watch/id.js';
import { certWatchProbe } from '../src/watch/probe.js';
import type { ApiCall, FakeSlack } from './fixtures/fake-slack.js';
import { days, goodChain, type Issued, issue } from './fixtures/pki.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { type SlackBot, startSlackBot } from './fixtures/slack-bot.js';
import { postSlackEvents } from './fixtures/slack-request.js';

const SECRET = 'report-signing-secret';
const TEAM = 'T0REPORT';
const PREFIX = 'wxreport';
const CHANNEL = 'C0REPORT';
const DAY = 86_400_000;
const T0 = Date.now();

const { root, intermediate } = goodChain('localhost');
const expiresAt = T0 + 40 * DAY;
const leaf = issue({ cn: 'localhost', issuer: intermediate, notAfter: new Date(expiresAt) });
const renewed = issue({ cn: 'localhost', issuer: intermediate, notAfter: days(130, T0) });
const short = (c: Issued) =>
  new X509Certificate(c.certPem).fingerprint256.replaceAll(':', '').toLowerCase().slice(0, 16);

let redis: TestRedis;
let bot: SlackBot;
let fake: FakeSlack;
let workers: Workers;
let producer: Redis;
let base: string;
let served: Issued[] = [leaf, intermediate];
let tlsServer: tls.Server;
let port: number;
const clock = { now: T0 };
let triggers = 0;

before(async () => {
  redis = await startRedis();
  tlsServer = tls.createServer({
    SNICallback: (_name, cb) =>
      cb(
        null,
        tls.createSecureContext({
          key: served[0]?.keyPem,
          cert: served.map((c) => c.certPem).join(''),
        }),
      ),
    key: leaf.keyPem,
    cert: leaf.certPem,
  });
  tlsServer.on('secureConnection', (s) => {
    s.on('error', () => {});
    s.end();
  });
  tlsServer.on('tlsClientError', () => {});
  tlsServer.listen(0, '127.0.0.1');
  await once(tlsServer, 'listening');
  port = (tlsServer.address() as AddressInfo).port;

  bot = await startSlackBot({
    redisUrl: redis.url,
    prefix: PREFIX,
    signingSecret: SECRET,
    watch: {
      now: () => clock.now,
      sweepEveryMs: 0,
      probe: certWatchProbe({ allow: [], timeoutMs: 5000, extraCaPem: [root.certPem] }),
    },
  });
  ({ fake, workers, producer, base } = bot);
});

after(async () => {
  await bot?.close();
  await new Promise<void>((resolve) => (tlsServer ? tlsServer.close(() => resolve()) : resolve()));
  await redis?.close();
});

async function postSigned(body: string): Promise<void> {
  const res = await postSlackEvents(`${base}/slack/events`, SECRET, body);
  assert.equal(res.status, 200);
}

async function slash(text: string): Promise<void> {
  const n = ++triggers;
  await postSigned(
    new URLSearchParams({
      team_id: TEAM,
      channel_id: CHANNEL,
      user_id: 'U0TYPIST',
      command: '/wx',
      text,
      response_url: fake.responseUrl(`report-${n}`),
      trigger_id: `${n}.5678.${'ef'.repeat(8)}`,
    }).toString(),
  );
}

interface Button {
  action_id: string;
  value: string;
}
type Blocks = Array<{ type: string; block_id?: string; elements?: Button[] }>;

/** Presses a button of a message (its blocks as last posted or edited) as `user`. */
async function press(ts: string, blocks: Blocks, actionId: string, user: string): Promise<void> {
  const actions = blocks.find((b) => b.elements?.some((e) => e.action_id === actionId));
  const button = actions?.elements?.find((e) => e.action_id === actionId);
  assert.ok(button, `a ${actionId} button`);
  const n = ++triggers;
  const payload = {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), team_id: TEAM },
    api_app_id: 'A0TEST',
    token: 'deprecated',
    trigger_id: `${n}.1234.press`,
    team: { id: TEAM, domain: 'test' },
    container: { type: 'message', message_ts: ts, channel_id: CHANNEL },
    channel: { id: CHANNEL, name: 'ops' },
    message: { type: 'message', ts, text: 'incident', blocks },
    response_url: fake.responseUrl(`press-${n}`),
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: actions?.block_id,
        text: { type: 'plain_text', text: actionId },
        value: button.value,
        action_ts: `17000001${n}.000100`,
      },
    ],
  };
  await postSigned(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
}

const texts = (c: ApiCall) => JSON.stringify(c.params.blocks ?? []) + String(c.params.text ?? '');
const inChannel = (c: ApiCall) => c.params.channel === CHANNEL;

describe('post-incident record in Slack', () => {
  test('Report on a closed incident: the record in its thread and as a Markdown file', async () => {
    const id = watchId('localhost', port);
    await workers.watches.syncFile([
      {
        id,
        host: 'localhost',
        port,
        connectTo: '127.0.0.1',
        days: [30, 14, 7, 3, 1],
        to: [{ platform: 'slack', workspace: TEAM, conversation: CHANNEL }],
        source: 'file',
        lang: 'en',
      },
    ]);
    const ref = (await workers.watches.get(id))?.watch.ref;
    assert.ok(ref);

    const opened = expiresAt - 10 * DAY;
    clock.now = opened;
    assert.equal(await workers.watches.check(id), 'checked');
    const [parent] = await fake.waitFor('chat.postMessage', 1, {
      where: (c) => inChannel(c) && /Certificate expires within 14 days/.test(texts(c)),
    });
    assert.ok(parent?.ts);
    const ts = parent.ts;

    const acked = opened + 3_600_000;
    clock.now = acked;
    await press(ts, parent.params.blocks as Blocks, INCIDENT_ACTIONS.ack, 'U0ONCALL');
    const [ackEdit] = await fake.waitFor('chat.update', 1, {
      where: (c) => /acknowledged by <@U0ONCALL>/.test(texts(c)),
    });
    assert.ok(ackEdit);

    const snoozed = opened + 2 * 3_600_000;
    clock.now = snoozed;
    await press(ts, ackEdit.params.blocks as Blocks, INCIDENT_ACTIONS.snooze1d, 'U0SNOOZER');
    await fake.waitFor('chat.update', 1, { where: (c) => /snoozed until/.test(texts(c)) });

    served = [renewed, intermediate];
    const recovered = opened + 2 * DAY;
    clock.now = recovered;
    assert.equal(await workers.watches.check(id), 'checked');
    const [closedEdit] = await fake.waitFor('chat.update', 1, {
      where: (c) => texts(c).includes(INCIDENT_ACTIONS.report),
    });
    assert.ok(closedEdit, 'the closed parent carries the Report button');
    assert.equal(closedEdit.params.ts, ts);

    // Kept in Redis when it closed (before anyone asks), for 90 days.
    const records = createIncidentRecords(producer, { prefix: PREFIX });
    assert.ok(await records.get(`${ref}.1`), 'kept at close');
    const ttl = await producer.ttl(`${PREFIX}:incident-record:${ref}.1`);
    assert.ok(ttl > 89 * 86_400 && ttl <= 90 * 86_400, `ttl ${ttl}`);

    await press(ts, closedEdit.params.blocks as Blocks, INCIDENT_ACTIONS.report, 'U0ASKER');
    const [summary] = await fake.waitFor('chat.postMessage', 1, {
      where: (c) => c.params.thread_ts === ts && /post-incident record/.test(texts(c)),
    });
    assert.ok(summary, 'the record in the incident thread');
    assert.match(texts(summary), /U0ONCALL/);
    await fake.waitFor('files.completeUploadExternal', 1);
    const [file] = fake.files();
    assert.ok(file);
    assert.equal(file.channel, CHANNEL);
    assert.equal(file.threadTs, ts, 'the file in the incident thread');
    assert.equal(file.filename, `incident-${ref}.1.md`);
    const md = file.content ?? '';
    assert.match(md, new RegExp(`^# Incident \\\\#${ref}\\.1: post-incident record`));
    const line = (at: number, what: string) =>
      `- ${when(new Date(at).toISOString())} · **${what}**`;
    // Whole days, rounded down (the certificate's notAfter has no milliseconds).
    assert.ok(
      md.includes(`${line(opened, 'opened')} — certificate \`${short(leaf)}\`, 9 days left`),
      md,
    );
    assert.ok(md.includes(`${line(acked, 'acknowledged')} · by \`U0ONCALL\``), md);
    assert.ok(
      md.includes(
        `${line(snoozed, 'snoozed')} · by \`U0SNOOZER\` · until ${when(new Date(snoozed + DAY).toISOString())}`,
      ),
      md,
    );
    assert.ok(
      md.includes(`${line(recovered, 'recovered')} — certificate \`${short(renewed)}\``),
      md,
    );
    assert.ok(md.includes(`Certificate replaced: \`${short(leaf)}\` → \`${short(renewed)}\``), md);
    assert.match(md, /\*\*Duration:\*\* 2 d/);

    // Typed in the channel: the latest incident by default, into its thread again.
    await slash(`incident report #${ref}`);
    await fake.waitFor('chat.postMessage', 2, {
      where: (c) => c.params.thread_ts === ts && /post-incident record/.test(texts(c)),
    });
    await fake.waitFor('files.completeUploadExternal', 2);

    await slash('incident report #W12345678.4');
    await fake.waitFor('chat.postMessage', 1, {
      where: (c) => inChannel(c) && /No incident of #W12345678 to report here/.test(texts(c)),
    });
  });
});
