/**
 * The WeCom AI bot (智能机器人) on loopback with a real redis-server: its callback (receiveid "",
 * its own Token and EncodingAESKey, JSON in and out, a finished stream as the passive reply), the
 * response_url kept in Redis and never in job data, and WecomDelivery answering once through it
 * against the fake WeCom API — refusing a response_url anywhere else.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, type TestContext, test } from 'node:test';
import { decrypt, getSignature } from '@wecom/crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createLogger } from '../src/app/log.js';
import { parseAddress } from '../src/chat/wecom/address.js';
import { WecomDelivery } from '../src/chat/wecom/delivery.js';
import { createWecomFront } from '../src/chat/wecom/front.js';
import { loadConfig } from '../src/config/index.js';
import { startOpsServer } from '../src/http/server.js';
import { start } from '../src/main.js';
import {
  type Invocation,
  type MessageContent,
  type OutboundMessage,
  PermanentDeliveryError,
} from '../src/model/index.js';
import type { Log } from '../src/model/log.js';
import type { CommandSubmission } from '../src/queue/types.js';
import { createResponseUrls } from '../src/store/response-urls.js';
import { type FakeWecom, RESPONSE_CODE_USED, startFakeWecom } from './fixtures/fake-wecom.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { closedPort } from './fixtures/tls-server.js';
import {
  AIBOT,
  type Answer,
  aibotText,
  OFFICIAL,
  queryString,
  request,
  seal,
  textXml,
  xmlEnvelope,
} from './fixtures/wecom.js';

const APP = OFFICIAL.wecom.app;
const APP_PATH = '/wecom/callback';
const BOT_PATH = '/wecom/aibot';
const PREFIX = `wxaibot${process.pid}`;
const SECRET = 'aibot-test-corp-secret-01';

let redisServer: TestRedis;
let redis: Redis;
let fake: FakeWecom;
let port: number;
let closeServer: () => Promise<void>;
const submissions: CommandSubmission[] = [];
const logLines: string[] = [];
let msgSeq = 0;

const log: Log = {
  debug: (o, m) => logLines.push(JSON.stringify({ ...o, m })),
  info: (o, m) => logLines.push(JSON.stringify({ ...o, m })),
  warn: (o, m) => logLines.push(JSON.stringify({ ...o, m })),
  error: (o, m) => logLines.push(JSON.stringify({ ...o, m })),
};
const sink = new Writable({
  write(chunk, _enc, done) {
    logLines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});
const logger = pino({ level: 'trace' }, sink);

before(async () => {
  redisServer = await startRedis();
  redis = new Redis(redisServer.url);
  fake = await startFakeWecom({ corpId: APP.corpId, secret: SECRET });
  const front = createWecomFront({
    corpId: APP.corpId,
    token: APP.token,
    aesKey: APP.aesKey,
    callbackPath: APP_PATH,
    aibot: { token: AIBOT.token, aesKey: AIBOT.aesKey, path: BOT_PATH },
    submit: async (s) => {
      submissions.push(s);
    },
    redis,
    prefix: PREFIX,
    lang: 'en',
    logger: log,
  });
  assert.deepEqual(
    front.routes.map((r) => r.path),
    [APP_PATH, BOT_PATH],
  );
  const server = await startOpsServer(front.routes, 0, '127.0.0.1');
  port = server.port;
  closeServer = () => server.close();
});

after(async () => {
  await closeServer?.();
  redis?.disconnect();
  await fake?.close();
  await redisServer?.close();
  const all = logLines.join('\n');
  for (const s of [AIBOT.token, AIBOT.aesKey, APP.token, APP.aesKey, 'response_code=']) {
    assert.ok(!all.includes(s), `logged: ${s}`);
  }
});

const nowS = () => Math.floor(Date.now() / 1000);

/** What WeCom POSTs to the AI bot's URL: `{"encrypt":"…"}`, signed with `keys` (default the bot's). */
function postToBot(
  plain: string,
  o: { keys?: { token: string; aesKey: string }; receiveId?: string; path?: string } = {},
): Promise<Answer> {
  const keys = o.keys ?? AIBOT;
  const { query, encrypted } = seal({ ...keys, corpId: '' }, plain, {
    timestamp: nowS(),
    receiveId: o.receiveId ?? '',
  });
  return request(
    port,
    'POST',
    `${o.path ?? BOT_PATH}?${queryString({ ...query })}`,
    JSON.stringify({ encrypt: encrypted }),
  );
}

/** Checks and opens the bot's passive reply as WeCom would: JSON envelope, receiveid "". */
function openStream(answer: Answer): { id: string; finish: boolean; content: string } {
  assert.equal(answer.status, 200, answer.body);
  assert.match(String(answer.headers['content-type']), /^application\/json/);
  const j = JSON.parse(answer.body) as Record<string, string>;
  const [encrypt, signature, timestamp, nonce] = [j.encrypt, j.msgsignature, j.timestamp, j.nonce];
  assert.ok(encrypt && signature && timestamp && nonce, answer.body);
  assert.equal(getSignature(AIBOT.token, timestamp, nonce, encrypt), signature);
  const { message, id } = decrypt(AIBOT.aesKey, encrypt);
  assert.equal(id, '', 'receiveid of an AI bot reply is empty');
  const plain = JSON.parse(message) as { msgtype: string; stream: Record<string, unknown> };
  assert.equal(plain.msgtype, 'stream');
  return plain.stream as { id: string; finish: boolean; content: string };
}

const responseUrl = (code: string) => `${fake.apiUrl}/cgi-bin/aibot/response?response_code=${code}`;

describe('AI bot callback', () => {
  test('URL verification: the bot Token signs it, the echostr carries receiveid ""', async () => {
    const { query, encrypted } = seal({ ...AIBOT, corpId: '' }, '8317729961839475', {
      timestamp: nowS(),
      receiveId: '',
    });
    const q = queryString({ ...query, echostr: encrypted });
    const ok = await request(port, 'GET', `${BOT_PATH}?${q}`);
    assert.deepEqual([ok.status, ok.body], [200, '8317729961839475']);
    // The app's route keeps its own receiveid: the same request is refused there.
    const app = await request(port, 'GET', `${APP_PATH}?${q}`);
    assert.equal(app.status, 401);
  });

  test('a group @-mention is queued to aibot:<chatid>; the passive reply says "running … #W…"', async () => {
    const before = submissions.length;
    const code = `code-${randomUUID()}`;
    const msgid = `aibot-${++msgSeq}`;
    const answer = await postToBot(
      aibotText({
        msgid,
        chatid: 'wrkSFfCgAAaibotGroup',
        from: 'wangwu',
        content: '@wxdoctor cert api.example.com',
        responseUrl: responseUrl(code),
      }),
    );
    const stream = openStream(answer);
    assert.equal(stream.finish, true);
    assert.match(stream.content, /^running `cert api\.example\.com` … #W\d+$/);
    assert.equal(submissions.length, before + 1);
    const s = submissions.at(-1) as CommandSubmission;
    assert.deepEqual(
      [s.invocation.platform, s.invocation.conversation, s.invocation.user, s.invocation.text],
      ['wecom', 'aibot:wrkSFfCgAAaibotGroup', 'wangwu', 'cert api.example.com'],
    );
    assert.equal(`#${s.invocation.ref}`, /#W\d+/.exec(stream.content)?.[0]);
    assert.ok(!JSON.stringify(s).includes(code), 'the response_url stays out of job data');
    const urls = createResponseUrls(redis, { prefix: PREFIX, platform: 'wecom-aibot' });
    assert.equal(await urls.get(s.invocation.id), responseUrl(code));
    const ttl = await redis.ttl(`${PREFIX}:wecom-aibot:response-url:${s.invocation.id}`);
    assert.ok(ttl > 50 * 60 && ttl < 3600, `TTL just under an hour: ${ttl}`);

    // WeCom's retry of the same message: acknowledged, not queued again.
    const retry = await postToBot(
      aibotText({
        msgid,
        chatid: 'wrkSFfCgAAaibotGroup',
        from: 'wangwu',
        content: '@wxdoctor cert api.example.com',
        responseUrl: responseUrl(code),
      }),
    );
    assert.deepEqual([retry.status, retry.body], [200, '']);
    assert.equal(submissions.length, before + 1);
  });

  test('a 1:1 chat goes to aibot-user:<userid>; help is answered at once, nothing queued', async () => {
    const before = submissions.length;
    const queued = openStream(
      await postToBot(
        aibotText({
          msgid: `aibot-${++msgSeq}`,
          from: 'zhaoliu',
          content: 'wx dns example.com',
          responseUrl: responseUrl(randomUUID()),
        }),
      ),
    );
    assert.match(queued.content, /^running `dns example\.com`/);
    assert.equal(
      (submissions.at(-1) as CommandSubmission).invocation.conversation,
      'aibot-user:zhaoliu',
    );
    const help = openStream(
      await postToBot(
        aibotText({
          msgid: `aibot-${++msgSeq}`,
          chatid: 'wrkSFfCgAAaibotGroup',
          from: 'zhaoliu',
          content: '@wxdoctor help',
          responseUrl: responseUrl(randomUUID()),
        }),
      ),
    );
    assert.equal(help.finish, true);
    // Markdown for the whole group: `<`, `>` and `[`, `]` are look-alikes, in code too.
    assert.match(help.content, /`wx help ＜command＞`/);
    assert.ok(Buffer.byteLength(help.content) <= 4096);
    assert.equal(submissions.length, before + 1);
  });

  test('without a response_url a command is not run: the person is told at once', async () => {
    const before = submissions.length;
    const reply = openStream(
      await postToBot(
        aibotText({ msgid: `aibot-${++msgSeq}`, from: 'zhaoliu', content: 'cert example.com' }),
      ),
    );
    assert.doesNotMatch(reply.content, /running/);
    assert.equal(submissions.length, before);
  });

  test('signed with the app\'s Token and key instead of the bot\'s: 401; app route refuses receiveid "": 403', async () => {
    const before = submissions.length;
    const plain = aibotText({
      msgid: `aibot-${++msgSeq}`,
      from: 'wangwu',
      content: 'cert example.com',
      responseUrl: responseUrl(randomUUID()),
    });
    const forged = await postToBot(plain, { keys: APP });
    assert.equal(forged.status, 401);
    // The bot's Token but a message sealed for the app's corp: refused as a foreign receiver.
    const foreign = await postToBot(plain, { receiveId: APP.corpId });
    assert.equal(foreign.status, 403);

    // The self-built app's callback, correctly signed with its keys but receiveid "".
    const xml = textXml({
      corpId: APP.corpId,
      from: 'wangwu',
      content: 'cert example.com',
      msgId: String(8_000_000_000 + ++msgSeq),
      createTime: nowS(),
    });
    const { query, encrypted } = seal(APP, xml, { timestamp: nowS(), receiveId: '' });
    const app = await request(
      port,
      'POST',
      `${APP_PATH}?${queryString({ ...query })}`,
      xmlEnvelope(APP.corpId, encrypted),
    );
    assert.equal(app.status, 403);
    assert.equal(submissions.length, before);
  });
});

describe('AI bot delivery (response_url)', () => {
  let prefixes = 0;
  function setup(t: TestContext) {
    fake.reset();
    t.after(() => fake.reset());
    const prefix = `wxaibotd${process.pid}x${++prefixes}`;
    const delivery = new WecomDelivery({
      corpId: APP.corpId,
      agentId: 1000002,
      secret: SECRET,
      apiUrl: fake.apiUrl,
      robots: {},
      redis,
      prefix,
      logger,
    });
    const urls = createResponseUrls(redis, { prefix, platform: 'wecom-aibot' });
    return { delivery, urls };
  }

  function inv(over: Partial<Invocation> = {}): Invocation {
    return {
      id: `wc-${randomUUID()}`,
      platform: 'wecom',
      workspace: APP.corpId,
      conversation: 'aibot:wrkSFfCgAAaibotGroup',
      user: 'wangwu',
      text: 'cert api.example.com',
      ref: 'W7',
      lang: 'en',
      receivedAt: new Date().toISOString(),
      ...over,
    };
  }

  function message(i: Invocation, content: MessageContent, action: OutboundMessage['action']) {
    return {
      id: `${i.id}:${content.type}`,
      platform: 'wecom',
      workspace: APP.corpId,
      conversation: i.conversation,
      action,
      invocationId: i.id,
      content,
      lang: 'en',
    } satisfies OutboundMessage;
  }

  async function rejection(p: Promise<unknown>): Promise<Error> {
    try {
      await p;
    } catch (err) {
      return err as Error;
    }
    assert.fail('expected the delivery to fail');
  }

  test('pending sends nothing; the answer goes once to the response_url, folded to 4096 bytes', async (t) => {
    const { delivery, urls } = setup(t);
    const i = inv();
    const code = `code-${randomUUID()}`;
    await urls.save(i.id, responseUrl(code));
    assert.deepEqual(
      await delivery.deliver(message(i, { type: 'pending', invocation: i }, 'post')),
      {},
    );
    const long = `${'ok '.repeat(3000)}end`;
    await delivery.deliver(message(i, { type: 'notice', level: 'info', text: long }, 'reply'));
    const [call, ...more] = fake.calls();
    assert.equal(more.length, 0, 'one call in all');
    assert.equal(call?.api, 'aibot/response');
    assert.equal(call?.query.response_code, code);
    assert.equal(call?.body.msgtype, 'markdown');
    const markdown = String((call?.body.markdown as { content?: string } | undefined)?.content);
    assert.ok(Buffer.byteLength(markdown) <= 4096, `${Buffer.byteLength(markdown)} bytes`);
    assert.ok(markdown.includes('ok ok'), markdown.slice(0, 80));

    // The URL is single use: a second answer is refused for good.
    const again = await rejection(
      delivery.deliver(message(i, { type: 'notice', level: 'info', text: 'again' }, 'post')),
    );
    assert.ok(again instanceof PermanentDeliveryError, String(again));
    assert.match(again.message, new RegExp(String(RESPONSE_CODE_USED)));
  });

  test('aibot-user: works the same; a missing response_url is a permanent, plain failure', async (t) => {
    const { delivery, urls } = setup(t);
    const i = inv({ conversation: 'aibot-user:zhaoliu' });
    await urls.save(i.id, responseUrl(randomUUID()));
    await delivery.deliver(message(i, { type: 'notice', level: 'info', text: 'hello' }, 'post'));
    assert.equal(fake.delivered('aibot/response').length, 1);

    const lost = inv();
    const err = await rejection(
      delivery.deliver(message(lost, { type: 'notice', level: 'info', text: 'x' }, 'post')),
    );
    assert.ok(err instanceof PermanentDeliveryError, String(err));
    assert.match(err.message, /response_url is missing or expired/);
    assert.equal(fake.calls().length, 1);
  });

  test('a response_url on any other host, scheme or path is refused and nothing is sent', async (t) => {
    const { delivery, urls } = setup(t);
    const origin = new URL(fake.apiUrl);
    const elsewhere = [
      `http://127.0.0.2:${origin.port}/cgi-bin/aibot/response?response_code=evil1`,
      `https://${origin.host}/cgi-bin/aibot/response?response_code=evil2`,
      `${fake.apiUrl}/cgi-bin/webhook/send?response_code=evil3`,
      `http://user:pw@${origin.host}/cgi-bin/aibot/response?response_code=evil4`,
      `${fake.apiUrl}/cgi-bin/aibot/response`,
      'not a url',
    ];
    for (const url of elsewhere) {
      const i = inv();
      await urls.save(i.id, url);
      const err = await rejection(
        delivery.deliver(message(i, { type: 'notice', level: 'info', text: 'x' }, 'post')),
      );
      assert.ok(err instanceof PermanentDeliveryError, `${url}: ${err}`);
      assert.match(err.message, /not on .*\/cgi-bin\/aibot\/response; not sent/);
      assert.ok(!err.message.includes('evil'), 'the URL is not repeated');
    }
    assert.equal(fake.calls().length, 0, 'nothing was sent anywhere');
    assert.ok(!logLines.join('\n').includes('evil'), 'nor logged');
  });

  test('without a self-built app, user: and chat: fail permanently, naming what is missing', async (t) => {
    fake.reset();
    t.after(() => fake.reset());
    const delivery = new WecomDelivery({
      corpId: APP.corpId,
      apiUrl: fake.apiUrl,
      robots: {},
      redis,
      prefix: `wxaibotnoapp${process.pid}`,
      logger,
    });
    for (const conversation of ['user:zhangsan', 'chat:wrOpsChat01']) {
      const i = inv({ conversation });
      const err = await rejection(
        delivery.deliver(message(i, { type: 'notice', level: 'info', text: 'x' }, 'post')),
      );
      assert.ok(err instanceof PermanentDeliveryError, String(err));
      assert.match(err.message, /WECOM_AGENT_ID \/ WECOM_SECRET are not configured/);
    }
    assert.equal(fake.calls().length, 0);
  });

  test('aibot addresses parse; malformed ones are permanent failures', () => {
    assert.deepEqual(parseAddress('aibot:wrkSFfCgAAaibotGroup'), {
      kind: 'aibot',
      chatid: 'wrkSFfCgAAaibotGroup',
    });
    assert.deepEqual(parseAddress('aibot-user:zhaoliu'), { kind: 'aibot-user', userid: 'zhaoliu' });
    assert.throws(() => parseAddress('aibot:'), PermanentDeliveryError);
    assert.throws(() => parseAddress('aibot-user:a|b'), PermanentDeliveryError);
  });
});

test('the AI bot alone (corp id, no self-built app): one start() process takes a mention and answers it', async (t) => {
  fake.reset();
  t.after(() => fake.reset());
  const lines: string[] = [];
  const config = loadConfig({
    REDIS_URL: redisServer.url,
    WECOM_CORP_ID: APP.corpId,
    WECOM_AIBOT_TOKEN: AIBOT.token,
    WECOM_AIBOT_AES_KEY: AIBOT.aesKey,
    WECOM_API_URL: fake.apiUrl,
    WX_PROBE_ALLOW: '127.0.0.0/8',
    WX_QUEUE_PREFIX: `wxaibotonly${process.pid}`,
    WX_LANG: 'en',
    PORT: '0',
    LOG_LEVEL: 'debug',
  });
  assert.deepEqual(
    [config.wecom.token, config.wecom.agentId, config.wecom.secret],
    [null, null, null],
  );
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const running = await start(config, { host: '127.0.0.1', logger: createLogger(config, sink) });
  t.after(() => running.close());

  const appRoute = await request(running.port, 'GET', `${APP_PATH}?echostr=x`);
  assert.equal(appRoute.status, 404, 'no self-built app, no app callback');

  const target = await closedPort();
  const code = `only-${randomUUID()}`;
  const { query, encrypted } = seal(
    { ...AIBOT, corpId: '' },
    aibotText({
      msgid: `aibot-only-${++msgSeq}`,
      chatid: 'wrkSFfCgAAonlyGroup',
      from: 'wangwu',
      content: `@wxdoctor cert 127.0.0.1:${target}`,
      responseUrl: responseUrl(code),
    }),
    { timestamp: nowS(), receiveId: '' },
  );
  const answer = await request(
    running.port,
    'POST',
    `${BOT_PATH}?${queryString({ ...query })}`,
    JSON.stringify({ encrypt: encrypted }),
  );
  const stream = openStream(answer);
  const ref = /#W\d+/.exec(stream.content)?.[0];
  assert.ok(ref, stream.content);
  const [result] = await fake.waitFor('aibot/response', 1);
  assert.equal(result?.query.response_code, code);
  const markdown = String((result?.body.markdown as { content?: string } | undefined)?.content);
  assert.ok(markdown.includes(ref), markdown);
  assert.equal(fake.calls('gettoken').length, 0, 'no app token needed');
  assert.ok(!lines.join('').includes(code), 'the response_url is not logged');
});
