/**
 * Attacks on the WeCom front end (issue 15, items 3, 5 and 7), over real HTTP on loopback with a
 * real redis-server: GET verification as a decryption oracle (stale or replayed ciphertexts), user
 * markdown echoed live by the AI bot, a quadratic escape, and `<!DOCTYPE` typed as a message.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decrypt, getSignature } from '@wecom/crypto';
import { Redis } from 'ioredis';
import { WecomDelivery } from '../../src/chat/wecom/delivery.js';
import { createWecomFront } from '../../src/chat/wecom/front.js';
import { parseWecomXml, readXml } from '../../src/chat/wecom/xml.js';
import { startOpsServer } from '../../src/http/server.js';
import type { Invocation, OutboundMessage } from '../../src/model/index.js';
import { SILENT } from '../../src/model/log.js';
import { code, esc, withCode } from '../../src/render/wecom-markdown.js';
import { createResponseUrls } from '../../src/store/response-urls.js';
import { type FakeWecom, startFakeWecom } from '../fixtures/fake-wecom.js';
import { startRedis, type TestRedis } from '../fixtures/redis.js';
import { regexLiterals, superLinearShapes } from '../fixtures/regex-shape.js';
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
} from '../fixtures/wecom.js';

const APP = OFFICIAL.wecom.app;
const BOT = { ...AIBOT, corpId: '' };
const APP_PATH = '/wecom/callback';
const BOT_PATH = '/wecom/aibot';
const PREFIX = `wxsecwecom${process.pid}`;
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

let redisServer: TestRedis;
let redis: Redis;
let fake: FakeWecom;
let port: number;
let closeServer: () => Promise<void>;
let seq = 0;

before(async () => {
  redisServer = await startRedis();
  redis = new Redis(redisServer.url);
  fake = await startFakeWecom({ corpId: APP.corpId, secret: 'sec-wecom-test-secret' });
  const front = createWecomFront({
    corpId: APP.corpId,
    token: APP.token,
    aesKey: APP.aesKey,
    callbackPath: APP_PATH,
    aibot: { token: AIBOT.token, aesKey: AIBOT.aesKey, path: BOT_PATH },
    submit: async () => {},
    redis,
    prefix: PREFIX,
    rateLimitPerMinute: 2,
    lang: 'en',
  });
  const server = await startOpsServer(front.routes, 0, '127.0.0.1');
  port = server.port;
  closeServer = () => server.close();
});

after(async () => {
  await closeServer?.();
  redis?.disconnect();
  await fake?.close();
  await redisServer?.close();
});

const nowS = () => Math.floor(Date.now() / 1000);

function verify(path: string, q: Record<string, string>): Promise<Answer> {
  return request(port, 'GET', `${path}?${queryString(q)}`);
}

/** A message POSTed as WeCom does: the app's XML envelope, or the AI bot's JSON. */
function post(path: string, plain: string): Promise<Answer> {
  const app = path === APP_PATH ? APP : BOT;
  const { query, encrypted } = seal(app, plain, { timestamp: nowS() });
  const body =
    path === APP_PATH ? xmlEnvelope(APP.corpId, encrypted) : JSON.stringify({ encrypt: encrypted });
  return request(port, 'POST', `${path}?${queryString({ ...query })}`, body);
}

/** The AI bot's passive reply, opened as WeCom would: the stream's markdown. */
function streamContent(answer: Answer): string {
  assert.equal(answer.status, 200, answer.body);
  const j = JSON.parse(answer.body) as Record<string, string>;
  assert.equal(
    getSignature(AIBOT.token, j.timestamp ?? '', j.nonce ?? '', j.encrypt ?? ''),
    j.msgsignature,
  );
  const plain = JSON.parse(decrypt(AIBOT.aesKey, j.encrypt ?? '').message);
  return (plain as { stream: { content: string } }).stream.content;
}

/** The app's passive text reply (XML), opened as WeCom would. */
function appReplyContent(answer: Answer): string {
  assert.equal(answer.status, 200, answer.body);
  const encrypted = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(answer.body)?.[1] ?? '';
  const plain = decrypt(APP.aesKey, encrypted).message;
  return /<Content><!\[CDATA\[([\s\S]*)\]\]><\/Content>/.exec(plain)?.[1] ?? '';
}

function appText(content: string): string {
  return textXml({
    corpId: APP.corpId,
    from: 'zhangsan',
    content,
    msgId: String(9_000_000_000 + ++seq),
    createTime: nowS(),
  });
}

function botText(content: string, from = 'wangwu'): string {
  return aibotText({
    msgid: `sec-${++seq}`,
    chatid: 'wrkSFfCgAAsecGroup',
    from,
    content,
    responseUrl: `${fake.apiUrl}/cgi-bin/aibot/response?response_code=sec-${randomUUID()}`,
  });
}

const ROUTES = [
  { name: 'self-built app', path: APP_PATH, app: APP as typeof APP | typeof BOT },
  { name: 'AI bot', path: BOT_PATH, app: BOT },
];

describe('attack: GET URL verification as a decryption oracle', () => {
  for (const { name, path, app } of ROUTES) {
    test(`${name}: a verification request older (or newer) than 300 s is refused`, async () => {
      const plain = '5730582910384756102';
      for (const skew of [-301, 301, -86_400 * 3]) {
        const { query, encrypted } = seal(app, plain, { timestamp: nowS() + skew });
        const answer = await verify(path, { ...query, echostr: encrypted });
        assert.equal(answer.status, 403, `skew ${skew}`);
        assert.ok(!answer.body.includes(plain), answer.body);
      }
      // The same, fresh, is answered: WeCom's own verification keeps working.
      const { query, encrypted } = seal(app, plain, { timestamp: nowS() - 30 });
      const ok = await verify(path, { ...query, echostr: encrypted });
      assert.deepEqual([ok.status, ok.body], [200, plain]);
    });
  }

  test('a POST callback’s Encrypt, replayed as echostr with its fresh signature, is refused', async () => {
    const secretText = `wx cert secret-${randomUUID()}.example.com`;
    for (const { name, path, app } of ROUTES) {
      const plain = path === APP_PATH ? appText(secretText) : botText(secretText);
      // What an eavesdropper captured from a callback: its query and its Encrypt.
      const { query, encrypted } = seal(app, plain, { timestamp: nowS() });
      const answer = await verify(path, { ...query, echostr: encrypted });
      assert.equal(answer.status, 403, name);
      assert.ok(!answer.body.includes('secret-'), `${name} leaked: ${answer.body}`);
    }
  });

  test('our own passive reply’s Encrypt, replayed as echostr with its signature, is refused', async () => {
    const reply = await post(BOT_PATH, botText('@wxdoctor help'));
    const j = JSON.parse(reply.body) as Record<string, string>;
    const answer = await verify(BOT_PATH, {
      msg_signature: j.msgsignature ?? '',
      timestamp: j.timestamp ?? '',
      nonce: j.nonce ?? '',
      echostr: j.encrypt ?? '',
    });
    assert.equal(answer.status, 403);
    assert.ok(!answer.body.includes('stream'), answer.body);
  });

  test('echo strings that are not plain tokens are refused: XML, JSON, newlines, too long', async () => {
    for (const plain of ['<xml/>', '{"a":1}', '12345\n6789', 'a b', '9'.repeat(129), '']) {
      const { query, encrypted } = seal(APP, plain, { timestamp: nowS() });
      const answer = await verify(APP_PATH, { ...query, echostr: encrypted });
      assert.notEqual(answer.status, 200, JSON.stringify(plain));
    }
    const longest = '7'.repeat(128);
    const { query, encrypted } = seal(APP, longest, { timestamp: nowS() });
    const ok = await verify(APP_PATH, { ...query, echostr: encrypted });
    assert.deepEqual([ok.status, ok.body], [200, longest]);
  });
});

const LIVE_MARKUP = /<|>|\[|\]/;

describe('attack: markdown from the user echoed by the AI bot', () => {
  const hostile = '[x](http://evil.example/) <@all> **loud**';

  test('the "running … #W" stream reply shows the command escaped', async () => {
    const url = `https://example.com/?q=${hostile.replaceAll(' ', '')}`;
    const content = streamContent(await post(BOT_PATH, botText(`@wxdoctor http ${url}`)));
    assert.match(content, /^running `/);
    assert.doesNotMatch(content, LIVE_MARKUP, content);
    assert.ok(!content.includes('**'), content);
    assert.ok(content.includes('http://evil.example/'), 'the text stays readable');
  });

  test('usage, help, unknown-ref and rate-limit answers escape user text', async () => {
    const answers = [
      await post(BOT_PATH, botText(`@wxdoctor frobnicate ${hostile}`)),
      await post(BOT_PATH, botText(`@wxdoctor cert --${hostile}`)),
      await post(BOT_PATH, botText('@wxdoctor help')),
      await post(BOT_PATH, botText(`@wxdoctor recheck ${hostile}`)),
      await post(BOT_PATH, botText('@wxdoctor recheck #W999999')),
    ];
    // The limit is 2 a minute: the third command of one person is answered by the limiter.
    for (let i = 0; i < 3; i++) {
      answers.push(await post(BOT_PATH, botText('@wxdoctor cert example.com', 'mallory')));
    }
    const contents = answers.map(streamContent);
    assert.match(contents[0] ?? '', /did not parse/);
    assert.match(contents.at(-1) ?? '', /Easy there/);
    for (const content of contents) {
      assert.doesNotMatch(content, LIVE_MARKUP, content);
      assert.ok(!content.includes('<@all>') && !content.includes('](http'), content);
    }
  });

  test('the result sent to the response_url escapes the command as typed', async () => {
    const prefix = `${PREFIX}d`;
    const delivery = new WecomDelivery({
      corpId: APP.corpId,
      apiUrl: fake.apiUrl,
      robots: {},
      redis,
      prefix,
      logger: SILENT,
    });
    const inv: Invocation = {
      id: `wc-${randomUUID()}`,
      platform: 'wecom',
      workspace: APP.corpId,
      conversation: 'aibot:wrkSFfCgAAsecGroup',
      user: '<@all>',
      text: `cert ${hostile}`,
      ref: 'W5',
      lang: 'en',
      receivedAt: new Date().toISOString(),
    };
    await createResponseUrls(redis, { prefix, platform: 'wecom-aibot' }).save(
      inv.id,
      `${fake.apiUrl}/cgi-bin/aibot/response?response_code=sec-${randomUUID()}`,
    );
    const message: OutboundMessage = {
      id: `${inv.id}:verdict`,
      platform: 'wecom',
      workspace: APP.corpId,
      conversation: inv.conversation,
      action: 'reply',
      invocationId: inv.id,
      content: { type: 'verdict', invocation: inv, status: 'fail', summary: hostile },
      lang: 'en',
    };
    await delivery.deliver(message);
    const [call] = fake.calls('aibot/response');
    const markdown = String((call?.body.markdown as { content?: string } | undefined)?.content);
    assert.ok(!markdown.includes('<@all>') && !markdown.includes('](http'), markdown);
  });

  test('the self-built app’s passive text reply carries no live <a> link from the user', async () => {
    const content = appReplyContent(
      await post(APP_PATH, appText(`wx "<a href='http://evil.example/'>x</a>"`)),
    );
    assert.match(content, /did not parse/);
    assert.doesNotMatch(content, /<\s*\/?\s*a[\s>]/i, content);
  });
});

describe('attack: slow regular expressions over user text', () => {
  test('no regex in src/render or src/chat has a super-linear shape', () => {
    const found = ['src/render', 'src/chat'].flatMap((dir) =>
      regexLiterals(`${ROOT}/${dir}`)
        .map((r) => ({ ...r, shapes: superLinearShapes(r.source, r.flags) }))
        .filter((r) => r.shapes.length > 0)
        .map((r) => `${r.file.slice(ROOT.length)}:${r.line} /${r.source}/ ${r.shapes.join(',')}`),
    );
    assert.deepEqual(found, []);
  });

  test('the shape check itself flags the old escape and passes linear ones', () => {
    assert.deepEqual(superLinearShapes('\\s*[\\r\\n\\u2028\\u2029]+\\s*', 'g').sort(), [
      'adjacent',
      'lead',
    ]);
    assert.deepEqual(superLinearShapes('^(a+)+$'), ['nested']);
    for (const ok of ['\\s+', '^[\\s\\u00a0]+', '<([^<>]*)>', '^@\\S+[\\s\\u00a0]*']) {
      assert.deepEqual(superLinearShapes(ok), [], ok);
    }
  });

  test('the escape still folds every line break (with its spaces) into one space', () => {
    const spaces = ' '.repeat(64 * 1024);
    assert.equal(esc(spaces), spaces);
    assert.equal(esc(`a${spaces}\n${spaces}b`), 'a b');
    assert.equal(esc('a \r\n\u2028 b\n# c'), 'a b # c');
    assert.equal(esc('# head'), '＃ head');
    assert.equal(code('x\n\ny'), '`x y`');
    assert.equal(withCode('run `a\tb` \n now'), 'run `a\tb` now');
  });
});

describe('attack: DTDs in WeCom XML', () => {
  test('a message whose text is `<!DOCTYPE x>` is accepted and answered', async () => {
    const content = appReplyContent(await post(APP_PATH, appText('<!DOCTYPE x>')));
    assert.match(content, /did not parse/);
  });

  test('entities in the user text are kept as typed, never expanded', () => {
    const typed = '<!DOCTYPE x [<!ENTITY a "AAAAAAAAAA">]>&a;&a;';
    const xml = `<xml><Content><![CDATA[${typed}]]></Content></xml>`;
    assert.equal(parseWecomXml(xml, 'message').Content, typed);
    assert.throws(() => parseWecomXml(xml, 'envelope'), /not accepted/);
  });

  test('a DTD that reaches the parser expands nothing: a billion laughs stays one word', () => {
    const lol = [
      '<!DOCTYPE lolz [<!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
      ),
      ']><xml><Content>&lol9;</Content></xml>',
    ].join('');
    assert.deepEqual(readXml(lol), { Content: '&lol9;' });
    assert.throws(
      () => readXml('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><C>&e;</C></xml>'),
      /External entities/,
    );
  });

  test('a DTD in the markup is still refused, in the envelope and in the decrypted message', async () => {
    const dtd = '<!DOCTYPE xml [<!ENTITY a "AAAAAAAAAA">]>';
    const hidden = '<!-- <![CDATA[ -->';
    for (const xml of [
      `${dtd}<xml><Content>&a;</Content></xml>`,
      `<xml>${hidden}${dtd}<Content>&a;</Content><!-- ]]> --></xml>`,
      `<xml><Content><![CDATA[x]]></Content><!ENTITY b "b"></xml>`,
    ]) {
      assert.throws(() => parseWecomXml(xml), /not accepted/, xml);
    }
    const inner = `${dtd}<xml><ToUserName>${APP.corpId}</ToUserName><FromUserName>zhangsan</FromUserName><CreateTime>${nowS()}</CreateTime><MsgType>text</MsgType><Content>&a;</Content><MsgId>${9_100_000_000 + ++seq}</MsgId></xml>`;
    assert.equal((await post(APP_PATH, inner)).status, 400);
    const { query, encrypted } = seal(APP, appText('wx help'), { timestamp: nowS() });
    const envelope = `${dtd}${xmlEnvelope(APP.corpId, encrypted)}`;
    const outer = await request(port, 'POST', `${APP_PATH}?${queryString({ ...query })}`, envelope);
    assert.equal(outer.status, 400);
  });
});
