/**
 * The WeCom callback endpoint on a real HTTP server (loopback) with a real redis-server: URL
 * verification, XML and JSON messages, freshness, retries, references, the rate limit, Redis going
 * away, and fuzzed or hostile requests — which get a 4xx (never a 500), enqueue nothing and leave
 * the process serving.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, type TestContext, test } from 'node:test';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import type { Redis } from 'ioredis';
import { createWecomFront, type WecomCommandEvent } from '../src/chat/wecom/front.js';
import { startOpsServer } from '../src/http/server.js';
import { messages } from '../src/i18n/index.js';
import type { Log } from '../src/model/log.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import type { CommandSubmission } from '../src/queue/types.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import {
  type Answer,
  type App,
  eventXml,
  OFFICIAL,
  queryString,
  request,
  seal,
  textXml,
  xmlEnvelope,
} from './fixtures/wecom.js';

const APP = OFFICIAL.wecom.app;
const PATH = '/wecom/callback';
const LIMIT = 3;
const en = messages('en');

let redis: TestRedis;
let producer: Redis;
let port: number;
let closeServer: () => Promise<void>;
/** The front end's clock, in ms; tests move it. */
let nowMs = Date.now();
const submissions: CommandSubmission[] = [];
const events: WecomCommandEvent[] = [];
const logLines: string[] = [];
let msgSeq = 0;

const log: Log = {
  debug: (o, m) => logLines.push(JSON.stringify({ ...o, m })),
  info: (o, m) => logLines.push(JSON.stringify({ ...o, m })),
  warn: (o, m) => logLines.push(JSON.stringify({ ...o, m })),
  error: (o, m) => logLines.push(JSON.stringify({ ...o, m, level: 'error' })),
};

before(async () => {
  redis = await startRedis();
  producer = createQueueConnection(redis.url, 'producer') as Redis;
  producer.on('error', () => {});
  const front = (app: App, path: string) =>
    createWecomFront({
      corpId: app.corpId,
      token: app.token,
      aesKey: app.aesKey,
      callbackPath: path,
      submit: async (s) => {
        submissions.push(s);
      },
      redis: producer,
      prefix: `wxwecomtest${process.pid}`,
      rateLimitPerMinute: LIMIT,
      lang: 'en',
      logger: log,
      onCommand: (e) => events.push(e),
      now: () => nowMs,
      admins: ['wecom:zhouba'],
      appAliases: ['hr', 'shop'],
    }).routes;
  const server = await startOpsServer(
    [...front(APP, PATH), ...front(OFFICIAL.qy.app, '/qy/callback')],
    0,
    '127.0.0.1',
  );
  port = server.port;
  closeServer = () => server.close();
});

after(async () => {
  await closeServer?.();
  if (producer) await quit(producer).catch(() => {});
  await redis?.close();
  // Secrets never reach the logs, whatever happened above.
  const all = logLines.join('\n');
  assert.ok(!all.includes(APP.token) && !all.includes(APP.aesKey), 'a secret was logged');
});

function get(query: Record<string, string>, path = PATH): Promise<Answer> {
  return request(port, 'GET', `${path}?${queryString(query)}`);
}

/** POSTs a plaintext message sealed the way WeCom does, now (or at `timestamp`). */
function postMessage(
  plain: string,
  o: { timestamp?: number; format?: 'xml' | 'json'; nonce?: string } = {},
): Promise<Answer> {
  const { query, encrypted } = seal(APP, plain, {
    timestamp: o.timestamp ?? Math.floor(nowMs / 1000),
    ...(o.nonce ? { nonce: o.nonce } : {}),
  });
  const body =
    o.format === 'json'
      ? JSON.stringify({ tousername: APP.corpId, encrypt: encrypted, agentid: '1000002' })
      : xmlEnvelope(APP.corpId, encrypted);
  return request(port, 'POST', `${PATH}?${queryString({ ...query })}`, body);
}

function text(content: string, from = 'zhangsan', msgId = String(++msgSeq + 7_000_000_000)) {
  return textXml({
    corpId: APP.corpId,
    from,
    content,
    msgId,
    createTime: Math.floor(nowMs / 1000),
  });
}

/** Checks and opens a passive reply as WeCom would (its own signature check and decryption). */
function openReply(answer: Answer, format: 'xml' | 'json' = 'xml'): string {
  assert.equal(answer.status, 200);
  let fields: { encrypt: string; signature: string; timestamp: string; nonce: string };
  if (format === 'json') {
    const j = JSON.parse(answer.body) as Record<string, string>;
    fields = {
      encrypt: j.encrypt ?? '',
      signature: j.msgsignature ?? '',
      timestamp: j.timestamp ?? '',
      nonce: j.nonce ?? '',
    };
  } else {
    const field = (name: string) =>
      new RegExp(`<${name}>(?:<!\\[CDATA\\[)?(.*?)(?:\\]\\]>)?</${name}>`).exec(answer.body)?.[1] ??
      '';
    fields = {
      encrypt: field('Encrypt'),
      signature: field('MsgSignature'),
      timestamp: field('TimeStamp'),
      nonce: field('Nonce'),
    };
  }
  assert.equal(
    getSignature(APP.token, fields.timestamp, fields.nonce, fields.encrypt),
    fields.signature,
  );
  const { message, id } = decrypt(APP.aesKey, fields.encrypt);
  assert.equal(id, APP.corpId);
  return message;
}

function contentOf(plainReply: string): string {
  if (plainReply.startsWith('{')) return (JSON.parse(plainReply) as { Content: string }).Content;
  return /<Content><!\[CDATA\[([\s\S]*)\]\]><\/Content>/.exec(plainReply)?.[1] ?? '';
}

function assertNothingQueued(before: number, what: string) {
  assert.equal(submissions.length, before, `${what}: nothing may be enqueued`);
}

/** Moves the front end's clock to an official sample's own time, for this test only. */
function atSampleTime(t: TestContext, timestamp: string) {
  const saved = nowMs;
  nowMs = Number(timestamp) * 1000;
  t.after(() => {
    nowMs = saved;
  });
}

describe('URL verification (GET)', () => {
  test('the official sample request is answered with the plaintext echostr, within 1 s', async (t) => {
    const v = OFFICIAL.wecom.verify;
    atSampleTime(t, v.timestamp);
    const started = Date.now();
    const answer = await get({
      msg_signature: v.msg_signature,
      timestamp: v.timestamp,
      nonce: v.nonce,
      echostr: v.echostr,
    });
    assert.ok(Date.now() - started < 1000);
    assert.equal(answer.status, 200);
    assert.equal(answer.body, v.plain);
    assert.match(String(answer.headers['content-type']), /^text\/plain/);
    // The older 企业号 sample, on a second app (at its own time).
    const q = OFFICIAL.qy.verify;
    nowMs = Number(q.timestamp) * 1000;
    const older = await get(
      {
        msg_signature: q.msg_signature,
        timestamp: q.timestamp,
        nonce: q.nonce,
        echostr: q.echostr,
      },
      '/qy/callback',
    );
    assert.deepEqual([older.status, older.body], [200, q.plain]);
  });

  test('echostr with a raw + and / (not percent-encoded) still verifies', async (t) => {
    const v = OFFICIAL.wecom.verify;
    atSampleTime(t, v.timestamp);
    const raw = `${PATH}?msg_signature=${v.msg_signature}&timestamp=${v.timestamp}&nonce=${v.nonce}&echostr=${v.echostr.replaceAll('=', '%3D')}`;
    const answer = await request(port, 'GET', raw);
    assert.deepEqual([answer.status, answer.body], [200, v.plain]);
  });

  test('a tampered copy of the official request is refused', async (t) => {
    const v = OFFICIAL.wecom.verify;
    atSampleTime(t, v.timestamp);
    const base = {
      msg_signature: v.msg_signature,
      timestamp: v.timestamp,
      nonce: v.nonce,
      echostr: v.echostr,
    };
    const flip = (s: string) =>
      s[5] === 'a' ? `${s.slice(0, 5)}b${s.slice(6)}` : `${s.slice(0, 5)}a${s.slice(6)}`;
    for (const bad of [
      { ...base, msg_signature: flip(base.msg_signature) },
      { ...base, echostr: `A${base.echostr.slice(1)}` },
      { ...base, nonce: '1' },
    ]) {
      const answer = await get(bad);
      assert.equal(answer.status, 401);
      assert.ok(!answer.body.includes(v.plain));
    }
    const other = await get(base, '/qy/callback');
    assert.equal(other.status, 401, 'another app’s token');
    const { echostr: _, ...noEcho } = base;
    assert.equal((await get(noEcho)).status, 400);
    assert.equal((await get({})).status, 400);
  });

  test('a verification generated with our own keys', async () => {
    const plain = String(Date.now()) + randomBytes(4).readUInt32BE(0);
    const timestamp = Math.floor(nowMs / 1000);
    const { query, encrypted } = seal(APP, plain, { timestamp });
    const answer = await get({ ...query, echostr: encrypted });
    assert.deepEqual([answer.status, answer.body], [200, plain]);
    const foreign = seal(APP, plain, { timestamp, receiveId: 'ww_attacker' });
    assert.equal((await get({ ...foreign.query, echostr: foreign.encrypted })).status, 403);
  });
});

describe('messages (POST)', () => {
  test('the official sample message passes (at its own time) and gets an encrypted reply', async () => {
    const p = OFFICIAL.wecom.post;
    const before = submissions.length;
    const saved = nowMs;
    nowMs = Number(p.timestamp) * 1000;
    try {
      const path = `${PATH}?${queryString({ msg_signature: p.msg_signature, timestamp: p.timestamp, nonce: p.nonce })}`;
      const answer = await request(port, 'POST', path, p.body);
      // 你好 is not a command: usage help comes back at once, addressed to the sender.
      const reply = openReply(answer);
      assert.match(reply, /<ToUserName><!\[CDATA\[ChenJiaShun\]\]><\/ToUserName>/);
      assert.match(contentOf(reply), /did not parse/);
      assertNothingQueued(before, 'usage');
      const tampered = await request(port, 'POST', path, p.body.replace('Kl7kjoSf', 'Kl7kjoSg'));
      assert.equal(tampered.status, 401);
    } finally {
      nowMs = saved;
    }
  });

  test('wx cert in a 1:1 chat is queued with a short reference; the passive reply says running under it', async () => {
    const before = submissions.length;
    const answer = await postMessage(text('wx cert api.example.com', 'lisi'));
    assert.equal(answer.status, 200);
    assert.equal(submissions.length, before + 1);
    const { invocation, plan } = submissions.at(-1) as CommandSubmission;
    assert.equal(
      contentOf(openReply(answer)),
      `running \`cert api.example.com\` … #${invocation.ref}`,
    );
    assert.equal(plan.kind, 'probes');
    assert.equal(plan.command, 'cert');
    assert.equal(invocation.platform, 'wecom');
    assert.equal(invocation.workspace, APP.corpId);
    assert.equal(invocation.conversation, 'user:lisi');
    assert.equal(invocation.user, 'lisi');
    assert.equal(invocation.text, 'cert api.example.com');
    assert.match(invocation.ref ?? '', /^W\d+$/);
    assert.match(invocation.id, /^wc-[0-9a-f]{32}$/);
    assert.ok(!JSON.stringify(invocation).includes(APP.token));
    for (const typed of ['/wx dns api.example.com', 'http https://api.example.com/']) {
      await postMessage(text(typed, 'lisi2'));
    }
    assert.deepEqual(
      submissions.slice(-2).map((s) => [s.invocation.text, s.invocation.conversation]),
      [
        ['dns api.example.com', 'user:lisi2'],
        ['http https://api.example.com/', 'user:lisi2'],
      ],
    );
    assert.ok(events.some((e) => e.command === 'cert' && e.outcome === 'queued'));
  });

  test('JSON mode: a group @-mention goes to chat:<chatid>; help comes back as a JSON reply', async () => {
    const before = submissions.length;
    const group = JSON.stringify({
      msgid: `json-${++msgSeq}`,
      chatid: 'wrkSFfCgAAgroup1',
      chattype: 'group',
      from: { userid: 'wangwu' },
      msgtype: 'text',
      text: { content: '@wxdoctor cert api.example.com' },
    });
    const answer = await postMessage(group, { format: 'json' });
    assert.equal(submissions.length, before + 1);
    const inv = (submissions.at(-1) as CommandSubmission).invocation;
    assert.equal(
      contentOf(openReply(answer, 'json')),
      `running \`cert api.example.com\` … #${inv.ref}`,
    );
    assert.deepEqual(
      [inv.conversation, inv.user, inv.text],
      ['chat:wrkSFfCgAAgroup1', 'wangwu', 'cert api.example.com'],
    );

    const help = JSON.stringify({
      ToUserName: APP.corpId,
      FromUserName: 'wangwu',
      CreateTime: Math.floor(nowMs / 1000),
      MsgType: 'text',
      Content: 'wx help',
      MsgId: `json-${++msgSeq}`,
    });
    const reply = openReply(await postMessage(help, { format: 'json' }), 'json');
    const content = contentOf(reply);
    assert.match(content, /`wx help <command>`/);
    assert.match(content, /wx recheck #W12/);
    assert.ok(!content.includes('Exit codes'));
    assert.ok(Buffer.byteLength(content) <= 2048);
    assertNothingQueued(before + 1, 'help');
  });

  test('timestamps outside ±300 s are refused; inside they pass', async () => {
    const before = submissions.length;
    const nowS = Math.floor(nowMs / 1000);
    for (const ts of [nowS - 301, nowS + 301, 0]) {
      const answer = await postMessage(text('wx cert stale.example.com'), { timestamp: ts });
      assert.equal(answer.status, 403, `timestamp ${ts - nowS}`);
    }
    assertNothingQueued(before, 'stale');
    const ok = await postMessage(text('wx cert fresh.example.com', 'fresh'), {
      timestamp: nowS - 299,
    });
    assert.equal(ok.status, 200);
    assert.equal(submissions.length, before + 1);
  });

  test('three retries of one message make one job; events are acknowledged and ignored', async () => {
    const before = submissions.length;
    const plain = text('wx cert retried.example.com', 'zhaoliu');
    // WeCom retries with the same message; each try is its own signed request.
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await postMessage(plain, { nonce: String(1000 + i) }));
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 200],
    );
    assert.equal(submissions.length, before + 1);
    // Concurrent retries too.
    const plain2 = text('wx cert concurrent.example.com', 'zhaoliu');
    const concurrent = await Promise.all([1, 2, 3].map(() => postMessage(plain2)));
    assert.ok(concurrent.every((a) => a.status === 200));
    assert.equal(submissions.length, before + 2);

    const ev = eventXml({
      corpId: APP.corpId,
      from: 'zhaoliu',
      event: 'enter_agent',
      createTime: Math.floor(nowMs / 1000),
    });
    for (let i = 0; i < 2; i++) {
      const a = await postMessage(ev);
      assert.deepEqual([a.status, a.body], [200, '']);
    }
    assert.equal(submissions.length, before + 2);
  });

  test('wx recheck #Wn by an admin in another chat runs the same command under the same reference', async () => {
    await postMessage(text('wx cert recheck.example.com', 'sunqi'));
    const first = submissions.at(-1) as CommandSubmission;
    const ref = first.invocation.ref as string;
    for (const typed of [`wx recheck #${ref}`, `/wx recheck ${ref.toLowerCase()}`]) {
      const group = JSON.stringify({
        msgid: `json-${++msgSeq}`,
        chatid: 'wrkOtherGroup',
        from: { userid: 'zhouba' },
        msgtype: 'text',
        text: { content: `@wxdoctor ${typed}` },
      });
      const answer = await postMessage(group, { format: 'json' });
      assert.match(contentOf(openReply(answer, 'json')), new RegExp(`… #${ref}$`));
      const again = (submissions.at(-1) as CommandSubmission).invocation;
      assert.equal(again.ref, ref);
      assert.equal(again.text, 'cert recheck.example.com');
      assert.equal(again.conversation, 'chat:wrkOtherGroup');
      assert.notEqual(again.id, first.invocation.id);
    }
    const before = submissions.length;
    const unknown = contentOf(openReply(await postMessage(text('wx recheck #W999999999'))));
    assert.match(unknown, /#W999999999/);
    const usage = contentOf(openReply(await postMessage(text('wx recheck'))));
    assert.match(usage, /wx recheck #W12/);
    assertNothingQueued(before, 'unknown reference');
  });

  test('an unknown app alias is a usage error at once, naming the configured ones only 1:1', async () => {
    const before = submissions.length;
    const eventsBefore = events.length;
    const direct = contentOf(openReply(await postMessage(text('wx token nope', 'qianjiu'))));
    assert.match(direct, /no app is configured with the alias "nope"; configured: hr, shop/);
    assert.match(direct, /usage: wx token/);

    // In a group the passive reply is read by everyone: it names no alias.
    const group = JSON.stringify({
      msgid: `json-${++msgSeq}`,
      chatid: 'wrkAliasGroup',
      from: { userid: 'qianjiu' },
      msgtype: 'text',
      text: { content: '@wxdoctor wx rid nope 61725984-6126f6f9-040f19c4' },
    });
    const shown = contentOf(openReply(await postMessage(group, { format: 'json' }), 'json'));
    assert.match(shown, /no app is configured with the alias "nope"/);
    assert.ok(!/\bhr\b|shop|configured:/.test(shown), shown);
    assert.deepEqual(
      events.slice(eventsBefore).map((e) => [e.command, e.outcome]),
      [
        ['token', 'usage'],
        ['rid', 'usage'],
      ],
    );
    assertNothingQueued(before, 'unknown alias');

    const queued = contentOf(openReply(await postMessage(text('wx token shop', 'qianjiu'))));
    assert.match(queued, /^running `token shop` … #W\d+$/);
    assert.equal(submissions.length, before + 1, 'a configured alias is queued');
  });

  test('over the rate limit, the person is told at once and nothing more is queued', async () => {
    const before = submissions.length;
    for (let i = 0; i < LIMIT; i++) {
      const a = await postMessage(text(`wx cert rl${i}.example.com`, 'busy'));
      assert.match(contentOf(openReply(a)), /^running `cert rl\d+\.example\.com` … #W\d+$/);
    }
    assert.equal(submissions.length, before + LIMIT);
    const refused = contentOf(
      openReply(await postMessage(text('wx cert one-more.example.com', 'busy'))),
    );
    assert.equal(refused, en.rateLimited(LIMIT, 60));
    assert.equal(submissions.length, before + LIMIT);
    assert.ok(events.some((e) => e.outcome === 'rate_limited'));
  });
});

describe('hostile and garbled requests: 4xx, nothing queued, still serving', () => {
  const nowS = () => Math.floor(nowMs / 1000);
  /** A well-formed signed query over `encrypted`, as if its sender knew the token. */
  const signedFor = (encrypted: string) => {
    const timestamp = String(nowS());
    const nonce = '12345';
    return {
      msg_signature: getSignature(APP.token, timestamp, nonce, encrypted),
      timestamp,
      nonce,
    };
  };
  const post = (query: Record<string, string>, body: Buffer | string, headers = {}) =>
    request(port, 'POST', `${PATH}?${queryString(query)}`, body, headers);

  async function stillServing() {
    const a = await postMessage(text('wx help', 'alive'));
    assert.equal(a.status, 200);
  }

  test('wrong key, foreign receiveid, truncated ciphertext, huge length field', async () => {
    const before = submissions.length;
    const plain = text('wx cert evil.example.com', 'mallory');
    const wrongKey = encrypt(OFFICIAL.qy.app.aesKey, plain, APP.corpId);
    const foreign = encrypt(APP.aesKey, plain, 'ww_attacker');
    const good = encrypt(APP.aesKey, plain, APP.corpId);
    const truncated = Buffer.from(good, 'base64').subarray(0, 48).toString('base64');
    const cut = good.slice(0, -7);
    // random(16) ‖ len=0xffffffff ‖ msg ‖ corpid, padded correctly: only the length lies.
    const msg = Buffer.from(plain);
    const header = Buffer.concat([randomBytes(16), Buffer.from([0xff, 0xff, 0xff, 0xff])]);
    const body = Buffer.concat([header, msg, Buffer.from(APP.corpId)]);
    const pad = 32 - (body.length % 32);
    const { createCipheriv } = await import('node:crypto');
    const key = Buffer.from(`${APP.aesKey}=`, 'base64');
    const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
    c.setAutoPadding(false);
    const hugeLen = Buffer.concat([
      c.update(Buffer.concat([body, Buffer.alloc(pad, pad)])),
      c.final(),
    ]).toString('base64');

    const cases: Array<[string, string, number]> = [
      ['wrong key', wrongKey, 400],
      ['foreign receiveid', foreign, 403],
      ['truncated ciphertext', truncated, 400],
      ['cut base64', cut, 400],
      ['huge length field', hugeLen, 400],
    ];
    for (const [what, enc, status] of cases) {
      const a = await post(signedFor(enc), xmlEnvelope(APP.corpId, enc));
      assert.equal(a.status, status, what);
    }
    // The genuine one, unsigned or signed with another token.
    const forged = {
      ...signedFor(good),
      msg_signature: getSignature('not-the-token', String(nowS()), '12345', good),
    };
    assert.equal((await post(forged, xmlEnvelope(APP.corpId, good))).status, 401);
    const { msg_signature: _, ...unsigned } = signedFor(good);
    assert.equal((await post(unsigned, xmlEnvelope(APP.corpId, good))).status, 400);
    assertNothingQueued(before, 'forged');
    await stillServing();
  });

  test('an entity bomb is refused fast', async () => {
    const before = submissions.length;
    const bomb = [
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `<!ENTITY ${'b'.repeat(i + 1)} "${`&${i === 0 ? 'a' : 'b'.repeat(i)};`.repeat(10)}">`,
      ),
      ']><xml><Encrypt>&bbbbbbbbb;</Encrypt></xml>',
    ].join('');
    const started = Date.now();
    const a = await post(signedFor('&bbbbbbbbb;'), bomb);
    assert.equal(a.status, 400);
    assert.ok(Date.now() - started < 1000);
    assertNothingQueued(before, 'entity bomb');
    await stillServing();
  });

  test('10 MB bodies (announced or chunked) get 413 without being read', async () => {
    const before = submissions.length;
    const big = Buffer.alloc(10 * 1024 * 1024, 0x41);
    const started = Date.now();
    const announced = await post(signedFor('x'), big);
    assert.equal(announced.status, 413);
    const chunked = await post(signedFor('x'), big, { 'transfer-encoding': 'chunked' });
    assert.equal(chunked.status, 413);
    assert.ok(Date.now() - started < 3000);
    assertNothingQueued(before, '10 MB');
    await stillServing();
  });

  test('100 random-byte bodies, random signed ciphertexts, malformed queries', async () => {
    const before = submissions.length;
    const statuses = new Set<number>();
    for (let i = 0; i < 100; i++) {
      const bytes = randomBytes(Math.floor(Math.random() * 4096));
      const a = await post(signedFor(bytes.toString('base64')), bytes);
      statuses.add(a.status);
      assert.ok(a.status >= 400 && a.status < 500, `random body ${i}: ${a.status}`);
    }
    for (let i = 0; i < 20; i++) {
      const enc = randomBytes(16 * (1 + Math.floor(Math.random() * 20))).toString('base64');
      const a = await post(signedFor(enc), xmlEnvelope(APP.corpId, enc));
      assert.ok([400, 403].includes(a.status), `random ciphertext ${i}: ${a.status}`);
    }
    for (const q of [
      'msg_signature=%zz&timestamp=1&nonce=1',
      'timestamp=abc&nonce=1&msg_signature=a',
      'a=1&a=2',
    ]) {
      const a = await request(port, 'POST', `${PATH}?${q}`, '<xml/>');
      assert.equal(a.status, 400, q);
    }
    assert.equal((await request(port, 'PUT', PATH, 'x')).status, 405);
    assert.ok(![...statuses].some((s) => s >= 500));
    assertNothingQueued(before, 'random');
    assert.ok(!logLines.some((l) => l.includes('"level":"error"')), 'no request counted as a bug');
    await stillServing();
  });
});

describe('Redis unavailable', () => {
  test('a command gets a passive "queue unavailable" reply, the callback still a 200', async () => {
    assert.ok(redis.controllable, 'needs a redis-server of its own');
    const before = submissions.length;
    await redis.stop();
    try {
      const answer = await postMessage(text('wx cert down.example.com', 'outage'));
      assert.equal(contentOf(openReply(answer)), en.queueUnavailable);
      assertNothingQueued(before, 'redis down');
    } finally {
      await redis.start();
    }
  });
});
