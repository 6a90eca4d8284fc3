/**
 * Short chat answers, end to end in one `start()` process (Slack HTTP mode and WeCom), through
 * the fake Slack and WeCom APIs, against local servers: an incomplete chain, an expired and a
 * wrong-host certificate, HTTP 502 behind a good certificate, a refused port, a name that does
 * not exist on the given resolver, and a healthy host. Every answer is at most a dozen lines with
 * the cause and its fix; the Details button and `wx details #W…` bring the rest; WeCom sends one
 * app message per command ("running" is the passive reply).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decrypt } from '@wecom/crypto';
import { createLogger } from '../src/app/log.js';
import { loadConfig } from '../src/config/index.js';
import { type Running, start } from '../src/main.js';
import { DnsServer } from './fixtures/dns-server.js';
import { type ApiCall, type FakeSlack, startFakeSlack } from './fixtures/fake-slack.js';
import { type FakeWecom, startFakeWecom } from './fixtures/fake-wecom.js';
import { type RunningHttpServer, startHttpServer } from './fixtures/http-server.js';
import { bundle, days, goodChain, issue } from './fixtures/pki.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { postSlackEvents } from './fixtures/slack-request.js';
import { closedPort } from './fixtures/tls-server.js';
import { OFFICIAL, queryString, request, seal, textXml, xmlEnvelope } from './fixtures/wecom.js';

const HOST = 'api.example.test';
const pki = goodChain(HOST);
const expiredLeaf = issue({
  cn: HOST,
  issuer: pki.intermediate,
  notBefore: days(-100),
  notAfter: days(-2),
});
const otherLeaf = issue({ cn: 'other.example.test', issuer: pki.intermediate });
// The probes' trust store reads this when first used: the test root is trusted as a public one.
const dir = mkdtempSync(join(tmpdir(), 'wx-short-'));
writeFileSync(join(dir, 'root.pem'), pki.root.certPem);
process.env.NODE_EXTRA_CA_CERTS = join(dir, 'root.pem');

const SIGNING = '5e1f0a2b3c4d5e6f708192a3b4c5d6e8';
const APP = OFFICIAL.wecom.app;
const WECOM_SECRET = 'short-wecom-corp-secret';
const TEAM = 'T0SHORT';

let redis: TestRedis;
let slack: FakeSlack;
let wecom: FakeWecom;
let running: Running;
let dns: DnsServer;
let nxdomain: DnsServer;
const servers: RunningHttpServer[] = [];
let refused = 0;
let seq = 0;

type Scenario = {
  name: string;
  /** The command, given the scenario's port. */
  text: () => string;
  /** The cause as the answer names it; null: healthy. */
  cause: RegExp | null;
  /** Something only the details show. */
  details: RegExp;
};
const scenarios: Scenario[] = [];
const ports = new Map<string, number>();

function pinned(name: string): string {
  const port = ports.get(name) ?? 0;
  return `check ${HOST}:${port} --resolve ${HOST}:${port}:127.0.0.1 --resolver 127.0.0.1:${dns.port}`;
}

before(async () => {
  redis = await startRedis();
  slack = await startFakeSlack();
  wecom = await startFakeWecom({ corpId: APP.corpId, secret: WECOM_SECRET });
  dns = await new DnsServer({ zone: { [HOST]: [{ type: 'A', data: '127.0.0.1' }] } }).start();
  nxdomain = await new DnsServer({ mode: 'nxdomain' }).start();
  const serve = async (
    name: string,
    chain: string,
    keyPem: string,
    status = 200,
  ): Promise<void> => {
    const s = await startHttpServer(
      (_q, res) => {
        res.statusCode = status;
        res.setHeader('strict-transport-security', 'max-age=31536000');
        res.end(status === 200 ? 'ok' : 'bad gateway');
      },
      { tls: { keyPem, chainPem: chain } },
    );
    servers.push(s);
    ports.set(name, s.port);
  };
  const full = bundle(pki.leaf, pki.intermediate);
  await serve('incomplete', bundle(pki.leaf), pki.leaf.keyPem);
  await serve('expired', bundle(expiredLeaf, pki.intermediate), expiredLeaf.keyPem);
  await serve('wronghost', bundle(otherLeaf, pki.intermediate), otherLeaf.keyPem);
  await serve('badgateway', full, pki.leaf.keyPem, 502);
  await serve('healthy', full, pki.leaf.keyPem);
  refused = await closedPort();
  ports.set('refused', refused);
  scenarios.push(
    {
      name: 'incomplete',
      text: () => pinned('incomplete'),
      cause: /\(cert CHAIN_INCOMPLETE\)/,
      details: /Chain as sent by the server/,
    },
    {
      name: 'expired',
      text: () => pinned('expired'),
      cause: /\(cert CERT_EXPIRED\)/,
      details: /Verification path/,
    },
    {
      name: 'wronghost',
      text: () => pinned('wronghost'),
      cause: /\(cert CERT_HOSTNAME_MISMATCH\)/,
      details: /SHA-256/,
    },
    {
      name: 'badgateway',
      text: () => pinned('badgateway'),
      cause: /\(http HTTP_5XX\)/,
      details: /Timings/,
    },
    {
      name: 'refused',
      text: () => pinned('refused'),
      cause: /\(cert CONNECT_REFUSED\)/,
      details: /Resolvers/,
    },
    {
      name: 'nxdomain',
      text: () => `check nosuch.example --resolver 127.0.0.1:${nxdomain.port} --timeout 5000`,
      cause: /\(dns DNS_NXDOMAIN\)/,
      details: /Resolvers \(nosuch/,
    },
    {
      name: 'healthy',
      text: () => pinned('healthy'),
      cause: null,
      details: /Chain as sent by the server \(2\)/,
    },
  );
  const config = loadConfig({
    REDIS_URL: redis.url,
    SLACK_SIGNING_SECRET: SIGNING,
    SLACK_BOT_TOKEN: 'xoxb-short-test',
    SLACK_API_URL: slack.apiUrl,
    WECOM_CORP_ID: APP.corpId,
    WECOM_TOKEN: APP.token,
    WECOM_AES_KEY: APP.aesKey,
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET: WECOM_SECRET,
    WECOM_API_URL: wecom.apiUrl,
    WX_PROBE_ALLOW: '127.0.0.0/8',
    WX_QUEUE_PREFIX: `wxshort${process.pid}`,
    WX_LANG: 'en',
    WX_RATE_LIMIT_PER_MINUTE: '100',
    PORT: '0',
    LOG_LEVEL: 'warn',
  });
  running = await start(config, { host: '127.0.0.1', logger: createLogger(config) });
});

after(async () => {
  await running?.close();
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all([dns?.close(), nxdomain?.close()]);
  await slack?.close();
  await wecom?.close();
  await redis?.close();
});

// ---- Slack -------------------------------------------------------------------------------

type Block = {
  type: string;
  text?: { text: string };
  fields?: unknown[];
  elements?: Array<{ action_id?: string; value?: string; text?: unknown }>;
  block_id?: string;
};

/** Lines a person sees: each text line, a context or a row of buttons one line each. */
export function slackLines(blocks: readonly Block[]): number {
  let n = 0;
  for (const b of blocks) {
    if (b.type === 'actions' || b.type === 'context') n += 1;
    else if (b.text) n += b.text.text.split('\n').length;
    if (b.fields) n += Math.ceil(b.fields.length / 2) * 2;
  }
  return n;
}

async function postSigned(body: string): Promise<void> {
  const res = await postSlackEvents(`http://127.0.0.1:${running.port}/slack/events`, SIGNING, body);
  assert.equal(res.status, 200);
  await res.arrayBuffer();
}

function slash(text: string, channel: string, user: string): Promise<void> {
  const n = ++seq;
  return postSigned(
    new URLSearchParams({
      team_id: TEAM,
      channel_id: channel,
      user_id: user,
      command: '/wx',
      text,
      response_url: slack.responseUrl(`short-${n}`),
      trigger_id: `${n}.5678.${'cd'.repeat(8)}`,
    }).toString(),
  );
}

const inChannel = (channel: string) => (c: ApiCall) => c.params.channel === channel;
const blocksOf = (c: ApiCall) => (c.params.blocks ?? []) as Block[];
const textOf = (c: ApiCall) => JSON.stringify(c.params.blocks ?? []) + String(c.params.text ?? '');

/** A `/wx` command in its own channel: the parent, the answer in its thread, the verdict edit. */
async function slackAnswer(text: string, channel: string) {
  await slash(text, channel, `U${channel}`);
  const [update] = await slack.waitFor('chat.update', 1, {
    where: inChannel(channel),
    timeoutMs: 30_000,
  });
  const [parent, answer] = slack.delivered('chat.postMessage').filter(inChannel(channel));
  assert.ok(parent && answer && update);
  assert.equal(answer.params.thread_ts, parent.ts);
  return { parent, answer, update };
}

function clickDetails(answer: ApiCall, parent: ApiCall, channel: string): Promise<void> {
  const actions = blocksOf(answer).find((b) => b.type === 'actions');
  const button = actions?.elements?.find((e) => e.action_id === 'wx_details');
  assert.ok(button?.value, `a Details button: ${textOf(answer)}`);
  const payload = {
    type: 'block_actions',
    user: { id: `U${channel}`, username: 'ops', team_id: TEAM },
    api_app_id: 'A0SHORT',
    token: 'deprecated',
    trigger_id: `${++seq}.5678.details`,
    team: { id: TEAM, domain: 'short' },
    container: { type: 'message', message_ts: answer.ts, channel_id: channel },
    channel: { id: channel, name: 'ops' },
    message: { type: 'message', ts: answer.ts, thread_ts: parent.ts, text: 'answer' },
    response_url: slack.responseUrl(`short-act-${seq}`),
    actions: [
      {
        type: 'button',
        action_id: 'wx_details',
        block_id: actions?.block_id,
        text: { type: 'plain_text', text: 'Details' },
        value: button.value,
        action_ts: `${1_700_000_000 + seq}.000100`,
      },
    ],
  };
  return postSigned(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
}

// ---- WeCom -------------------------------------------------------------------------------

/** A member typing `content` to the app; resolves with the passive reply's text. */
async function say(from: string, content: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const plain = textXml({
    corpId: APP.corpId,
    from,
    content,
    msgId: String(9_300_000_000 + ++seq),
    createTime: now,
  });
  const { query, encrypted } = seal(APP, plain, { timestamp: now });
  const answer = await request(
    running.port,
    'POST',
    `/wecom/callback?${queryString({ ...query })}`,
    xmlEnvelope(APP.corpId, encrypted),
  );
  assert.equal(answer.status, 200);
  const said = /<Encrypt><!\[CDATA\[(.*?)\]\]>/.exec(answer.body)?.[1];
  const xml = said ? decrypt(APP.aesKey, said).message.toString() : '';
  return /<Content><!\[CDATA\[([\s\S]*?)\]\]><\/Content>/.exec(xml)?.[1] ?? '';
}

const markdownOf = (c: { body: Record<string, unknown> }) =>
  String((c.body.markdown as { content?: string } | undefined)?.content ?? '');
const sentTo = (user: string) => wecom.calls('message/send').filter((c) => c.body.touser === user);

// ---- the scenarios -------------------------------------------------------------------------

const MAX_LINES = 12;

describe('slack: a short answer, details one click away', () => {
  for (const name of [
    'incomplete',
    'expired',
    'wronghost',
    'badgateway',
    'refused',
    'nxdomain',
    'healthy',
  ]) {
    test(name, async (t) => {
      const s = scenarios.find((x) => x.name === name);
      assert.ok(s);
      const channel = `C0${name.toUpperCase()}`;
      const { parent, answer, update } = await slackAnswer(s.text(), channel);
      const answerText = textOf(answer);
      const lines = slackLines(blocksOf(answer));
      t.diagnostic(`slack ${name}: ${lines} lines`);
      assert.ok(lines <= MAX_LINES, `${lines} lines: ${answerText}`);
      if (s.cause) {
        assert.match(answerText, s.cause);
        assert.match(answerText, /Fix: /);
        assert.match(textOf(update), s.cause, 'the parent names the cause');
      } else {
        assert.match(answerText, /:white_check_mark: \*OK\*/);
        assert.doesNotMatch(answerText, /Fix: /);
      }
      assert.doesNotMatch(answerText, s.details, 'the details are not in the answer');
      assert.equal(blocksOf(update).length, 1, 'the parent edit is one block');
      assert.doesNotMatch(String(blocksOf(update)[0]?.text?.text), /\n/, 'of one line');
      const ref = /#(W\d+)/.exec(answerText)?.[1];
      assert.ok(ref, `the answer shows its reference: ${answerText}`);

      await clickDetails(answer, parent, channel);
      const posts = await slack.waitFor('chat.postMessage', 3, { where: inChannel(channel) });
      const details = posts[2] as ApiCall;
      assert.equal(details.params.thread_ts, parent.ts, 'the details go in the thread');
      assert.match(textOf(details), s.details);
      assert.match(textOf(details), new RegExp(`Details of #${ref}`));
    });
  }

  test("/wx details #W… typed in the channel posts into the answer's thread; elsewhere it is unknown", async () => {
    const { parent, answer } = await slackAnswer(pinned('incomplete'), 'C0TYPED');
    const ref = /#(W\d+)/.exec(textOf(answer))?.[1];
    await slash(`details #${ref}`, 'C0TYPED', 'U0TYPED');
    const [, , details] = await slack.waitFor('chat.postMessage', 3, {
      where: inChannel('C0TYPED'),
    });
    assert.equal(details?.params.thread_ts, parent.ts);
    assert.match(textOf(details as ApiCall), /Chain as sent by the server/);

    await slash(`details #${ref}`, 'C0ELSEWHERE', 'U0ELSEWHERE');
    const [notice] = await slack.waitFor('chat.postMessage', 1, {
      where: inChannel('C0ELSEWHERE'),
    });
    assert.match(textOf(notice as ApiCall), new RegExp(`no details of #${ref} here`));
    assert.doesNotMatch(textOf(notice as ApiCall), /Chain as sent/);
  });
});

describe('wecom: one app message per command, in the same short form', () => {
  for (const name of [
    'incomplete',
    'expired',
    'wronghost',
    'badgateway',
    'refused',
    'nxdomain',
    'healthy',
  ]) {
    test(name, async (t) => {
      const s = scenarios.find((x) => x.name === name);
      assert.ok(s);
      const user = `wc${name}`;
      const passive = await say(user, `wx ${s.text()}`);
      const ref = /#(W\d+)/.exec(passive)?.[1];
      assert.match(passive, /^running `check /, 'the passive reply says running');
      assert.ok(ref, `the passive reply carries the reference: ${passive}`);

      const [result] = await wecom.waitFor('message/send', 1, {
        where: (c) => c.body.touser === user,
        timeoutMs: 30_000,
      });
      // The "running" message (the flow's first child) was handled before the result: had it
      // been sent, it would be here.
      assert.equal(sentTo(user).length, 1, 'one app message for the command');
      const md = markdownOf(result as { body: Record<string, unknown> });
      t.diagnostic(`wecom ${name}: 1 message, ${md.split('\n').length} lines`);
      assert.ok(md.split('\n').length <= MAX_LINES, md);
      assert.ok(Buffer.byteLength(md) <= 2048);
      assert.ok(md.startsWith(`**#${ref}**`), md);
      assert.match(md, new RegExp(`\`wx details #${ref}\``));
      if (s.cause) {
        assert.match(md, s.cause);
        assert.match(md, /→ Fix: /);
      } else {
        assert.match(md, /✅/);
      }
      assert.doesNotMatch(md, s.details);

      const again = await say(user, `wx details #${ref}`);
      assert.match(again, /^running `details /);
      const [, first] = await wecom.waitFor('message/send', 2, {
        where: (c) => c.body.touser === user,
      });
      // Details may take a few messages, each saying `part i/n`.
      const parts = Number(
        /part 1\/(\d+)/.exec(markdownOf(first as { body: Record<string, unknown> }))?.[1] ?? 1,
      );
      const all = await wecom.waitFor('message/send', 1 + parts, {
        where: (c) => c.body.touser === user,
      });
      const details = all.slice(1).map(markdownOf).join('\n');
      assert.match(details, s.details);
      assert.ok(details.includes(`#${ref}`), 'the details carry the reference');
    });
  }
});
