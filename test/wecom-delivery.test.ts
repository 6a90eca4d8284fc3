/**
 * WecomDelivery against a fake WeCom API on 127.0.0.1 and a real redis-server: routing by
 * `user:` / `chat:` / `robot:`, the access_token shared and refreshed once (100 concurrent sends,
 * one gettoken), WeCom's errors turned into what the queue understands, group robots held to their
 * per-minute limit through the real notify queue, and no secret in any log line.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, type TestContext, test } from 'node:test';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { plan } from '../commands/index.js';
import { startWorkers } from '../src/app/job-workers.js';
import { scrubber } from '../src/app/log.js';
import { WecomApi, WecomApiError, WecomTransportError } from '../src/chat/wecom/api.js';
import { WecomDelivery, type WecomDeliveryOptions } from '../src/chat/wecom/delivery.js';
import { loadConfig } from '../src/config/index.js';
import { start } from '../src/main.js';
import {
  type ChatDelivery,
  type Invocation,
  type MessageContent,
  type OutboundMessage,
  PermanentDeliveryError,
  RateLimitedError,
} from '../src/model/index.js';
import { failedResult } from '../src/probes/index.js';
import { errmsgParts, errmsgWords } from '../src/probes/wechat/errmsg.js';
import { notifyJobOptions } from '../src/queue/job-options.js';
import { QUEUES } from '../src/queue/names.js';
import { type FakeWecom, startFakeWecom } from './fixtures/fake-wecom.js';
import { startHttpServer } from './fixtures/http-server.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { closedPort, startSilentServer } from './fixtures/tls-server.js';

const CORP = 'wwcorp0001';
const SECRET = 'corp-secret-9f8e7d6c5b4a';
const OPS_KEY = 'robot-key-ops-00000001';
const DEV_KEY = 'robot-key-dev-00000002';
const AGENT = 1000002;

let redisServer: TestRedis;
let redis: Redis;
let fake: FakeWecom;
let prefixes = 0;
/** Every log line any delivery in this file wrote (checked for secrets at the end). */
const logLines: string[] = [];
/** Every error message a delivery threw (the queue logs them; chat may show notices). */
const errorTexts: string[] = [];

const sink = new Writable({
  write(chunk, _enc, done) {
    logLines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});
// A bare pino logger: no redaction, no scrubbing. What it shows is what the adapter logged.
const logger = pino({ level: 'trace' }, sink);

before(async () => {
  redisServer = await startRedis();
  redis = new Redis(redisServer.url);
  fake = await startFakeWecom({
    corpId: CORP,
    secret: SECRET,
    robotKeys: [OPS_KEY, DEV_KEY],
    fromIp: '198.51.100.23',
  });
});
after(async () => {
  redis.disconnect();
  await fake.close();
  await redisServer.close();
});

function delivery(t: TestContext, extra: Partial<WecomDeliveryOptions> = {}): WecomDelivery {
  fake.reset();
  t.after(() => fake.reset());
  return new WecomDelivery({
    corpId: CORP,
    agentId: AGENT,
    secret: SECRET,
    apiUrl: fake.apiUrl,
    robots: { ops: OPS_KEY, dev: DEV_KEY },
    redis,
    prefix: `wct${++prefixes}`,
    logger,
    ...extra,
  });
}

function invocation(over: Partial<Invocation> = {}): Invocation {
  return {
    id: `wc-${randomUUID()}`,
    platform: 'wecom',
    workspace: CORP,
    conversation: 'user:zhangsan',
    user: 'zhangsan',
    text: 'cert api.example.com',
    ref: 'W12',
    lang: 'zh-CN',
    receivedAt: new Date().toISOString(),
    ...over,
  };
}

/** A command's result (a cert probe that did not finish): what WeCom sends for a command. */
function resultOf(inv: Invocation): MessageContent {
  const p = plan(['cert', 'api.example.com'], 'chat');
  assert.ok(p.kind === 'probes' && p.requests[0]);
  return { type: 'result', invocation: inv, results: [failedResult(p.requests[0], 'timed out')] };
}

function message(over: Partial<OutboundMessage> = {}, content?: MessageContent): OutboundMessage {
  const inv = invocation();
  return {
    id: `${inv.id}:result`,
    platform: 'wecom',
    workspace: CORP,
    conversation: 'user:zhangsan',
    action: 'post',
    invocationId: inv.id,
    content: content ?? resultOf(inv),
    lang: 'zh-CN',
    ...over,
  };
}

function notice(text: string): MessageContent {
  return { type: 'notice', level: 'info', text };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    errorTexts.push((err as Error).message);
    return err as Error;
  }
  assert.fail('expected the delivery to fail');
}

const markdownOf = (body: Record<string, unknown>) =>
  (body.markdown as { content?: string } | undefined)?.content ?? '';

describe('wecom delivery', () => {
  test('user: → message/send, chat: → appchat/send, robot: → webhook/send, in markdown with the ref', async (t) => {
    const d = delivery(t);
    const receipt = await d.deliver(message());
    await d.deliver(message({ conversation: 'chat:wrOpsChat01', action: 'reply' }));
    await d.deliver(message({ conversation: 'robot:ops' }));

    const [toUser] = fake.delivered('message/send');
    assert.equal(toUser?.body.touser, 'zhangsan');
    assert.equal(toUser?.body.agentid, AGENT);
    assert.equal(toUser?.body.msgtype, 'markdown');
    assert.match(
      markdownOf(toUser?.body ?? {}),
      /^\*\*#W12\*\* ❔ .*`cert api\.example\.com:443` — .*\(PROBE_ERROR\)\n/,
    );
    assert.equal(toUser?.query.access_token, fake.tokens()[0]);
    assert.ok(receipt.ref?.startsWith('msg-'));

    const [toChat] = fake.delivered('appchat/send');
    assert.equal(toChat?.body.chatid, 'wrOpsChat01');
    assert.match(markdownOf(toChat?.body ?? {}), /#W12/);

    const [toRobot] = fake.delivered('webhook/send');
    assert.equal(toRobot?.query.key, OPS_KEY);
    assert.equal(toRobot?.query.access_token, undefined);
    assert.match(markdownOf(toRobot?.body ?? {}), /#W12/);
    assert.equal(fake.calls('gettoken').length, 1, 'one token for both app calls');
  });

  test('"running" and update send nothing (the passive reply and the result say it); ephemeral is an app message to the person', async (t) => {
    const d = delivery(t);
    const inv = invocation();
    assert.deepEqual(await d.deliver(message({}, { type: 'pending', invocation: inv })), {});
    const verdict: MessageContent = {
      type: 'verdict',
      invocation: inv,
      status: 'ok',
      summary: 'fine',
    };
    assert.deepEqual(await d.deliver(message({ action: 'update', messageRef: 'x' }, verdict)), {});
    assert.equal(fake.calls().length, 0);

    await d.deliver(
      message(
        { conversation: 'chat:wrOpsChat01', action: 'ephemeral', user: 'lisi' },
        notice('only you'),
      ),
    );
    const [sent] = fake.delivered('message/send');
    assert.equal(sent?.body.touser, 'lisi');
    assert.equal(fake.calls('appchat/send').length, 0);
  });

  test('robot mentions are added to robot markdown only', async (t) => {
    const d = delivery(t);
    await d.deliver(
      message({ conversation: 'robot:dev', mentions: ['zhangsan'] }, notice('证书将在 7 天后过期')),
    );
    await d.deliver(message({ conversation: 'user:lisi', mentions: ['zhangsan'] }, notice('hi')));
    assert.match(markdownOf(fake.delivered('webhook/send')[0]?.body ?? {}), /\n<@zhangsan>$/);
    assert.doesNotMatch(markdownOf(fake.delivered('message/send')[0]?.body ?? {}), /<@/);
  });

  test('an unknown robot or a malformed destination is permanent, naming the robot, never a key', async (t) => {
    const d = delivery(t);
    const err = await rejection(d.deliver(message({ conversation: 'robot:nope' })));
    assert.ok(err instanceof PermanentDeliveryError);
    assert.match(err.message, /no group robot named "nope"/);
    for (const bad of [
      'zhangsan',
      'team:x',
      'user:',
      'user:a b',
      'user:@all',
      'user:a|b',
      'chat:a|b',
    ]) {
      assert.ok(
        (await rejection(d.deliver(message({ conversation: bad })))) instanceof
          PermanentDeliveryError,
      );
    }
    assert.ok(
      (await rejection(d.deliver(message({ platform: 'slack' })))) instanceof
        PermanentDeliveryError,
    );
    const everyone = message({ action: 'ephemeral', user: '@all' });
    assert.ok((await rejection(d.deliver(everyone))) instanceof PermanentDeliveryError);
    assert.equal(fake.calls().length, 0);
  });

  test('100 concurrent replies with an expired token cause exactly one gettoken', async (t) => {
    const d = delivery(t);
    await d.deliver(message());
    assert.equal(fake.calls('gettoken').length, 1);
    fake.expireTokens();

    // To 100 people: one person gets at most 30 app messages a minute (tested below).
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        d.deliver(message({ action: 'reply', conversation: `user:member${i}` })),
      ),
    );
    assert.equal(fake.calls('gettoken').length, 2, 'one gettoken for the 100');
    const sends = fake.calls('message/send');
    assert.equal(sends.filter((c) => c.errcode === 0).length, 101);
    assert.ok(sends.filter((c) => c.errcode === 42001).length <= 100);
    const fresh = fake.tokens().at(-1);
    assert.ok(
      sends
        .slice(1)
        .filter((c) => c.errcode === 0)
        .every((c) => c.query.access_token === fresh),
    );
  });

  test('a cold cache: 100 concurrent first sends share one gettoken', async (t) => {
    const d = delivery(t);
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => d.deliver(message({ conversation: `user:m${i}` }))),
    );
    assert.equal(fake.calls('gettoken').length, 1);
    assert.equal(fake.delivered('message/send').length, 100);
  });

  test('a token revoked mid-flight (42001, 40014) is refreshed once and the message sent', async (t) => {
    const d = delivery(t);
    await d.deliver(message());
    fake.expireTokens();
    await d.deliver(message({ conversation: 'chat:wrOpsChat01' }));
    assert.deepEqual(
      fake.calls().map((c) => `${c.api}=${c.errcode}`),
      ['gettoken=0', 'message/send=0', 'appchat/send=42001', 'gettoken=0', 'appchat/send=0'],
    );
    fake.fail({ api: 'message/send', errcode: 40014, times: 1 });
    await d.deliver(message());
    assert.equal(fake.calls('gettoken').length, 3);
    assert.equal(fake.delivered('message/send').length, 2);
  });

  test('still rejected after one refresh: retried by the queue, not refreshed in a loop', async (t) => {
    const d = delivery(t);
    fake.fail({ api: 'message/send', errcode: 42001, times: 5 });
    const err = await rejection(d.deliver(message()));
    assert.ok(!(err instanceof PermanentDeliveryError) && !(err instanceof RateLimitedError));
    assert.equal(fake.calls('message/send').length, 2);
    assert.equal(fake.calls('gettoken').length, 2);
  });

  test('60020: permanent, and the operator is told which IP to add to 企业可信IP', async (t) => {
    const d = delivery(t);
    const before = logLines.length;
    fake.fail({ api: 'message/send', errcode: 60020 });
    const err = await rejection(d.deliver(message()));
    assert.ok(err instanceof PermanentDeliveryError);
    assert.match(err.message, /198\.51\.100\.23/);
    const lines = logLines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = lines.find((l) => l.ip === '198.51.100.23');
    assert.ok(line, `no log line with the IP: ${JSON.stringify(lines)}`);
    assert.equal(line.level, 50);
    assert.equal(
      line.msg,
      "WeCom refused the call from IP 198.51.100.23: add 198.51.100.23 to the app's 企业可信IP (Trusted IPs) in the WeCom admin console",
    );
    // gettoken refused the same way.
    const d2 = delivery(t);
    fake.fail({ api: 'gettoken', errcode: 60020 });
    assert.match((await rejection(d2.deliver(message()))).message, /IP 198\.51\.100\.23/);
  });

  test('app messages: 30 a minute per member (WeCom drops the rest silently) — the rest wait', async (t) => {
    let clock = Date.UTC(2026, 10, 27, 4, 0, 0);
    const d = delivery(t, { now: () => clock, memberLimit: { perMinute: 3, perHour: 5 } });
    const sent = [];
    for (let i = 0; i < 3; i++) sent.push(await d.deliver(message()));
    assert.equal(fake.delivered('message/send').length, 3);
    const fourth = message();
    const limited = await rejection(d.deliver(fourth));
    assert.ok(limited instanceof RateLimitedError, 'delayed, not sent to be dropped');
    assert.ok(
      limited.retryAfterMs > 0 && limited.retryAfterMs <= 60_000,
      `${limited.retryAfterMs}`,
    );
    assert.equal(fake.calls('message/send').length, 3, 'nothing was sent for the fourth');
    await d.deliver(message({ conversation: 'user:lisi' }));
    assert.equal(fake.delivered('message/send').length, 4, 'another member has slots of their own');

    clock += 60_001;
    await d.deliver(fourth);
    assert.equal(fake.delivered('message/send').length, 5, 'a minute later it goes');
    // The hour window: 5 for zhangsan, 4 of them taken.
    await d.deliver(message());
    clock += 60_001;
    assert.ok((await rejection(d.deliver(message()))) instanceof RateLimitedError, 'hour window');
    assert.equal(sent.length, 3);
  });

  test('45009 and 45033: rate limited until the next minute', async (t) => {
    const now = () => Date.UTC(2026, 10, 27, 4, 0, 40); // 40 s into a minute
    const d = delivery(t, { now });
    fake.fail({ api: 'webhook/send', errcode: 45009, times: 1 });
    const err = await rejection(d.deliver(message({ conversation: 'robot:ops' })));
    assert.ok(err instanceof RateLimitedError);
    assert.equal(err.retryAfterMs, 20_000);
    fake.fail({ api: 'message/send', errcode: 45033, times: 1 });
    assert.ok((await rejection(d.deliver(message()))) instanceof RateLimitedError);
  });

  test('-1 (system busy) is retried; recipient and robot refusals are permanent in plain words', async (t) => {
    const d = delivery(t);
    fake.fail({ api: 'appchat/send', errcode: -1, times: 1 });
    const busy = await rejection(d.deliver(message({ conversation: 'chat:wrOpsChat01' })));
    assert.ok(!(busy instanceof PermanentDeliveryError) && !(busy instanceof RateLimitedError));
    await d.deliver(message({ conversation: 'chat:wrOpsChat01' }));

    const cases: Array<[string, number, RegExp]> = [
      ['message/send', 81013, /recipient/],
      ['appchat/send', 60011, /root department/],
      ['webhook/send', 93000, /removed from its group/],
      ['webhook/send', 93004, /disabled/],
      ['message/send', 40056, /WECOM_AGENT_ID/],
      ['message/send', 301002, /another app/],
    ];
    for (const [api, errcode, words] of cases) {
      fake.fail({ api: api as 'message/send', errcode, times: 1 });
      const conversation =
        api === 'message/send' ? 'user:zhangsan' : api === 'appchat/send' ? 'chat:c1' : 'robot:ops';
      const err = await rejection(d.deliver(message({ conversation })));
      assert.ok(err instanceof PermanentDeliveryError, `${errcode}`);
      assert.match(err.message, words);
    }
  });

  test('a wrong secret: permanent, naming WECOM_SECRET, never showing it', async (t) => {
    const d = delivery(t, { secret: 'not-the-secret-123456' });
    const err = await rejection(d.deliver(message()));
    assert.ok(err instanceof PermanentDeliveryError);
    assert.match(err.message, /WECOM_SECRET/);
    assert.ok(!err.message.includes('not-the-secret-123456'));
  });

  test('a long result is split into parts; a retry after a failed part does not resend the others', async (t) => {
    const d = delivery(t);
    const inv = invocation();
    const lines = Array.from(
      { length: 30 },
      (_, i) => `第 ${i + 1} 行：证书链不完整，请配置完整证书链（fullchain.pem）`,
    );
    const m = message({ id: `${inv.id}:help` }, notice(lines.join('\n')));
    fake.fail({ api: 'message/send', errcode: -1, times: 1 });
    await d.deliver(m).catch(() => {}); // the first part fails once
    await d.deliver(m).then(
      () => {},
      (err: Error) => assert.fail(err),
    );
    const sent = fake.delivered('message/send').map((c) => markdownOf(c.body));
    assert.ok(sent.length >= 2, `${sent.length} parts`);
    for (const p of sent) assert.ok(Buffer.byteLength(p) <= 2048);
    assert.equal(new Set(sent).size, sent.length, 'no part twice');
    await d.deliver(m);
    assert.equal(fake.delivered('message/send').length, sent.length, 'all parts remembered');
  });

  test('a robot over 20 a minute: delayed through the notify queue, never dropped', async (t) => {
    const windowMs = 1500;
    const d = delivery(t, { robotLimit: { perWindow: 20, windowMs } });
    // WeCom's own count, a little more lenient for the time a request spends on the way.
    fake.robotLimit(20, windowMs - 100);
    const limited: string[] = [];
    const counting: ChatDelivery = {
      async deliver(m) {
        try {
          return await d.deliver(m);
        } catch (err) {
          if (err instanceof RateLimitedError) limited.push(m.id);
          throw err;
        }
      },
    };
    const prefix = `{wcq${++prefixes}}`;
    const workers = startWorkers({
      connection: redisServer.url,
      prefix,
      deliveries: { wecom: counting },
      notifyConcurrency: 8,
      notifyBackoffMs: 50,
    });
    const queue = new Queue(QUEUES.notify, { connection: { url: redisServer.url }, prefix });
    const events = new QueueEvents(QUEUES.notify, { connection: { url: redisServer.url }, prefix });
    t.after(async () => {
      await events.close();
      await queue.close();
      await workers.close();
    });
    await Promise.all([workers.ready(), events.waitUntilReady()]);

    const messages = Array.from({ length: 25 }, (_, i) =>
      message({ id: `alert-${i + 1}`, conversation: 'robot:ops' }, notice(`alert ${i + 1}`)),
    );
    const jobs = await queue.addBulk(
      messages.map((m) => ({ name: 'post', data: m, opts: notifyJobOptions(m.id) })),
    );
    // Each wait listens for the queue's 'closing' until it ends: 25 at once, not a leak.
    queue.setMaxListeners(jobs.length + 10);
    await Promise.all(jobs.map((j) => j.waitUntilFinished(events, 20_000)));

    const calls = await fake.waitFor('webhook/send', 25, { any: true });
    assert.equal(calls.length, 25);
    assert.ok(
      calls.every((c) => c.errcode === 0),
      'WeCom never had to refuse one',
    );
    const texts = calls.map((c) => /alert (\d+)/.exec(markdownOf(c.body))?.[1]);
    assert.equal(new Set(texts).size, 25, 'each alert exactly once');
    assert.equal(new Set(limited).size, 5, 'five waited for a slot');
    // At most 20 in any window: the 21st is at least a window after the 1st.
    const at = calls.map((c) => c.at).sort((a, b) => a - b);
    for (let i = 0; i + 20 < at.length; i++) {
      assert.ok((at[i + 20] ?? 0) - (at[i] ?? 0) >= windowMs - 50, `window at ${i}`);
    }
    const counts = await queue.getJobCounts('completed', 'failed');
    assert.equal(counts.completed, 25);
    assert.equal(counts.failed, 0);
  });

  test('main: a worker with only WeCom configured answers through WeCom', async (t) => {
    fake.reset();
    const prefix = `{wcm${++prefixes}}`;
    const config = loadConfig({
      WX_ROLE: 'worker',
      PORT: '0',
      LOG_LEVEL: 'warn',
      REDIS_URL: redisServer.url,
      WX_QUEUE_PREFIX: prefix,
      WECOM_CORP_ID: CORP,
      WECOM_AGENT_ID: String(AGENT),
      WECOM_SECRET: SECRET,
      WECOM_API_URL: fake.apiUrl,
      WECOM_ROBOTS: `ops=${OPS_KEY}`,
    });
    const running = await start(config, { logger, host: '127.0.0.1' });
    const queue = new Queue(QUEUES.notify, { connection: { url: redisServer.url }, prefix });
    t.after(async () => {
      await queue.close();
      await running.close();
    });
    const toUser = message();
    const toRobot = message({ conversation: 'robot:ops' }, notice('证书将在 7 天后过期'));
    for (const m of [toUser, toRobot]) await queue.add('post', m, notifyJobOptions(m.id));
    await fake.waitFor('message/send', 1);
    await fake.waitFor('webhook/send', 1);
    assert.equal(fake.delivered('webhook/send')[0]?.query.key, OPS_KEY);
  });

  test('no secret, robot key or access_token in any log line or error', () => {
    assert.ok(logLines.length > 0, 'something was logged');
    const secrets = [SECRET, OPS_KEY, DEV_KEY, ...fake.tokens()];
    assert.ok(fake.tokens().length > 0);
    for (const text of [...logLines, ...errorTexts]) {
      for (const s of secrets) assert.ok(!text.includes(s), `secret in: ${text}`);
      assert.ok(!text.includes('access_token='), text);
      assert.ok(!text.includes('key='), text);
    }
  });

  test('the process logger scrubs WeCom credentials from URLs, configured or not', () => {
    const scrub = scrubber([]);
    assert.equal(
      scrub(
        'GET /cgi-bin/gettoken?corpid=ww1&corpsecret=s3cr3t-value and ?access_token=tok-123&x=1',
      ),
      'GET /cgi-bin/gettoken?corpid=ww1&corpsecret=[REDACTED] and ?access_token=[REDACTED]&x=1',
    );
    assert.equal(
      scrub('"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx"'),
      '"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=[REDACTED]"',
    );
  });
});

describe('wecom api client', () => {
  test('errmsg anatomy: hint, the IP WeCom saw, the words', () => {
    const errmsg =
      'access_token expired, hint: [1576065934_28_e0fae07666aa64636023c1fa7e8f49a4], from ip: 9.30.0.138, more info at https://open.work.weixin.qq.com/devtool/query?e=42001';
    assert.deepEqual(errmsgParts(errmsg), {
      rid: '1576065934_28_e0fae07666aa64636023c1fa7e8f49a4',
      ip: '9.30.0.138',
    });
    assert.equal(errmsgWords(errmsg), 'access_token expired');
    assert.deepEqual(errmsgParts('ok'), { rid: null, ip: null });
    const err = new WecomApiError('/cgi-bin/message/send', {
      errcode: 42001,
      errmsg,
      ...errmsgParts(errmsg),
    });
    assert.equal(err.message, 'wecom /cgi-bin/message/send: errcode 42001 (access_token expired)');
    assert.equal(err.fromIp, '9.30.0.138');
    assert.equal(err.hint, '1576065934_28_e0fae07666aa64636023c1fa7e8f49a4');
  });

  test('a server that never answers, or none at all: a retryable error naming the path, not the URL', async () => {
    const silent = await startSilentServer();
    const port = await closedPort();
    try {
      for (const [origin, timeoutMs] of [
        [`http://127.0.0.1:${silent.port}`, 200],
        [`http://127.0.0.1:${port}`, 5000],
      ] as const) {
        const api = new WecomApi({ apiUrl: origin, timeoutMs });
        const err = await rejection(
          api.post('webhook/send', { key: OPS_KEY }, { msgtype: 'text' }),
        );
        assert.ok(err instanceof WecomTransportError, String(err));
        assert.match(err.message, /^wecom \/cgi-bin\/webhook\/send: /);
        assert.ok(!err.message.includes(OPS_KEY) && !err.message.includes('127.0.0.1'));
        assert.equal((err as Error & { cause?: unknown }).cause, undefined);
      }
    } finally {
      await silent.close();
    }
  });

  test('gettoken: an answer without a positive expires_in is refused (the token would be cached blind)', async () => {
    const answers = [
      { errcode: 0, errmsg: 'ok', access_token: 'T1' },
      { errcode: 0, errmsg: 'ok', access_token: 'T1', expires_in: 0 },
      { errcode: 0, errmsg: 'ok', expires_in: 7200 },
      { errcode: 0, errmsg: 'ok', access_token: 'T1', expires_in: '7200' },
    ];
    let next = 0;
    const server = await startHttpServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answers[next++]));
    });
    try {
      const api = new WecomApi({ apiUrl: server.url(''), timeoutMs: 5000 });
      for (let i = 0; i < 3; i++) {
        const err = await rejection(api.gettoken('ww1', 'S3CRET-value'));
        assert.ok(err instanceof WecomTransportError, String(err));
        assert.equal(
          err.message,
          'wecom /cgi-bin/gettoken: answer without access_token/expires_in',
        );
      }
      assert.deepEqual(await api.gettoken('ww1', 'S3CRET-value'), {
        token: 'T1',
        expiresInS: 7200,
      });
    } finally {
      await server.close();
    }
  });
});
