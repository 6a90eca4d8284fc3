/**
 * Attack: reading another conversation's lookup through its short reference. `wx recheck #W…`
 * re-runs a command and shows its result where it is typed, so a reference must work only in the
 * conversation it was shown in (admins excepted), must not be guessable from one's own, and a
 * foreign one must be answered exactly like one that never existed. Through the real WeCom
 * callback (encrypted, on loopback) and a real redis-server.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { decrypt } from '@wecom/crypto';
import type { Redis } from 'ioredis';
import { createWecomFront } from '../../src/chat/wecom/front.js';
import { startOpsServer } from '../../src/http/server.js';
import { createQueueConnection, quit } from '../../src/queue/connection.js';
import type { CommandSubmission } from '../../src/queue/types.js';
import { watchRefs } from '../../src/watch/refs.js';
import { WatchService } from '../../src/watch/service.js';
import { createWatchStore } from '../../src/watch/store.js';
import { startRedis, type TestRedis } from '../fixtures/redis.js';
import { OFFICIAL, queryString, request, seal, textXml, xmlEnvelope } from '../fixtures/wecom.js';

const APP = OFFICIAL.wecom.app;
const PREFIX = `wxrefsec${process.pid}`;
const ADMIN = 'boss';

let redis: TestRedis;
let producer: Redis;
let port: number;
let closeServer: () => Promise<void>;
const submissions: CommandSubmission[] = [];
let msgSeq = 8_000_000_000;

before(async () => {
  redis = await startRedis();
  producer = createQueueConnection(redis.url, 'producer') as Redis;
  producer.on('error', () => {});
  await once(producer, 'ready');
  const { routes } = createWecomFront({
    corpId: APP.corpId,
    token: APP.token,
    aesKey: APP.aesKey,
    submit: async (s) => {
      submissions.push(s);
    },
    redis: producer,
    prefix: PREFIX,
    rateLimitPerMinute: 1000,
    lang: 'en',
    admins: [`wecom:${ADMIN}`, 'slack:U0SOMEONE'],
  });
  const server = await startOpsServer(routes, 0, '127.0.0.1');
  port = server.port;
  closeServer = () => server.close();
});

after(async () => {
  await closeServer?.();
  if (producer) await quit(producer).catch(() => {});
  await redis?.close();
});

/**
 * `content` typed by `from`, in their 1:1 chat with the app or, with `group`, in a group chat;
 * resolves with the passive reply (`running … #W12` when the command was queued).
 */
async function say(from: string, content: string, group?: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const msgId = String(++msgSeq);
  const plain = group
    ? JSON.stringify({
        msgid: `json-${msgId}`,
        chatid: group,
        from: { userid: from },
        msgtype: 'text',
        text: { content },
      })
    : textXml({ corpId: APP.corpId, from, content, msgId, createTime: now });
  const { query, encrypted } = seal(APP, plain, { timestamp: now });
  const body = group
    ? JSON.stringify({ tousername: APP.corpId, encrypt: encrypted, agentid: '1000002' })
    : xmlEnvelope(APP.corpId, encrypted);
  const answer = await request(port, 'POST', `/wecom/callback?${queryString({ ...query })}`, body);
  assert.equal(answer.status, 200, answer.body);
  if (answer.body === '') return '';
  const sealed = group
    ? (JSON.parse(answer.body) as { encrypt: string }).encrypt
    : (/<Encrypt><!\[CDATA\[(.*?)\]\]>/.exec(answer.body)?.[1] ?? '');
  const reply = decrypt(APP.aesKey, sealed).message.toString();
  if (reply.startsWith('{')) return (JSON.parse(reply) as { Content: string }).Content;
  return /<Content><!\[CDATA\[([\s\S]*)\]\]><\/Content>/.exec(reply)?.[1] ?? '';
}

/** Queued: the passive reply says it is running, under its reference. */
function assertQueued(reply: string): void {
  assert.match(reply, /^running `[^`]+` … #W\d+$/, 'queued: the passive reply says running');
}

/** Runs `text` as `from` and returns the reference it was queued under. */
async function refOf(from: string, text: string, group?: string): Promise<string> {
  const before = submissions.length;
  assertQueued(await say(from, text, group));
  assert.equal(submissions.length, before + 1);
  const ref = submissions.at(-1)?.invocation.ref;
  assert.ok(ref, 'queued with a reference');
  return ref;
}

/** The unknown-ref answer, with the reference itself taken out. */
function shape(reply: string, ref: string): string {
  return reply.split(`#${ref}`).join('#REF');
}

describe('attack: rechecking another conversation’s reference', () => {
  it('from another 1:1 chat or a group: the unknown-ref answer, word for word; nothing queued', async () => {
    const ref = await refOf('zhangsan', 'wx token shop');
    const before = submissions.length;
    const never = 'W99999999';
    const unknown = shape(await say('lisi', `wx recheck #${never}`), never);
    assert.match(unknown, /#REF/);
    for (const [from, group] of [
      ['lisi', undefined],
      ['lisi', 'wrkSomeGroup'],
      ['zhangsan', 'wrkSomeGroup'], // even its author, in another conversation
    ] as const) {
      const reply = await say(from, `wx recheck #${ref}`, group);
      assert.equal(shape(reply, ref), unknown, `${from} in ${group ?? '1:1'}: ${reply}`);
      assert.ok(!reply.includes('token shop'), 'the command is not revealed');
    }
    assert.equal(submissions.length, before, 'nothing may be enqueued');
  });

  it('in its own conversation, the command runs again under the same reference', async () => {
    const ref = await refOf('wangwu', 'wx cert own.example.com', 'wrkOwnGroup');
    // Another member of the same group may recheck it: the reference belongs to the conversation.
    assertQueued(await say('zhaoliu', `wx recheck #${ref}`, 'wrkOwnGroup'));
    const again = submissions.at(-1)?.invocation;
    assert.equal(again?.text, 'cert own.example.com');
    assert.equal(again?.ref, ref);
    assert.equal(again?.conversation, 'chat:wrkOwnGroup');
  });

  it('an admin (WX_ADMINS) may recheck any reference, from anywhere', async () => {
    const ref = await refOf('sunqi', 'wx cert admin.example.com');
    assertQueued(await say(ADMIN, `wx recheck #${ref}`));
    const again = submissions.at(-1)?.invocation;
    assert.equal(again?.text, 'cert admin.example.com');
    assert.equal(again?.ref, ref);
    assert.equal(again?.conversation, `user:${ADMIN}`);
  });

  it('a reference made before references had places (`#W12`) still parses, for admins only', async () => {
    await producer.set(`${PREFIX}:ref:W12`, JSON.stringify({ text: 'cert old.example.com' }));
    const before = submissions.length;
    assert.match(await say('zhangsan', 'wx recheck #W12'), /#W12/);
    assert.equal(submissions.length, before);
    assertQueued(await say(ADMIN, 'wx recheck #w12'));
    assert.equal(submissions.at(-1)?.invocation.text, 'cert old.example.com');
    assert.equal(submissions.at(-1)?.invocation.ref, 'W12');
  });

  it('references are random: none follows from another, in one conversation or across two', async () => {
    const refs: string[] = [];
    for (let i = 0; i < 12; i++) {
      refs.push(await refOf(i % 2 ? 'alice' : 'bob', `wx cert r${i}.example.com`));
    }
    const numbers = refs.map((r) => {
      assert.match(r, /^W[1-9]\d{7}$/, 'W and eight digits: short enough to type');
      return Number(r.slice(1));
    });
    assert.equal(new Set(numbers).size, numbers.length, 'all different');
    for (let i = 1; i < numbers.length; i++) {
      const step = Math.abs((numbers[i] as number) - (numbers[i - 1] as number));
      // Sequential references differ by 1; random ones out of 9·10⁷ almost never within 1000.
      assert.ok(step > 1000, `${refs[i - 1]} → ${refs[i]} is guessable`);
    }
  });

  it("a watch's reference works in the conversations its notices go to, not elsewhere", async () => {
    const service = new WatchService({
      store: createWatchStore(producer, { prefix: PREFIX }),
      refs: watchRefs(producer, { prefix: PREFIX }),
      enqueue: async () => {},
      checkSoon: async () => {},
      probe: async () => {
        throw new Error('not probed here');
      },
      now: Date.now,
    });
    const spec = {
      id: 'watched.example.com:443',
      host: 'watched.example.com',
      port: 443,
      days: [30],
      source: 'file' as const,
      lang: 'en' as const,
    };
    const to = (conversation: string) => [
      { platform: 'wecom' as const, workspace: '', conversation },
    ];
    const { watch } = await service.add({ ...spec, to: to('user:ops1') });
    const before = submissions.length;
    assert.match(await say('ops2', `wx recheck #${watch.ref}`), new RegExp(`#${watch.ref}`));
    assert.equal(submissions.length, before);
    assertQueued(await say('ops1', `wx recheck #${watch.ref}`));
    assert.equal(submissions.at(-1)?.invocation.text, 'watch check watched.example.com:443');

    // Its notices move to ops2: the reference (kept for life) follows them.
    const moved = await service.add({ ...spec, to: to('user:ops2') });
    assert.equal(moved.watch.ref, watch.ref);
    assertQueued(await say('ops2', `wx recheck #${watch.ref}`));
    const n = submissions.length;
    assert.match(await say('ops1', `wx recheck #${watch.ref}`), new RegExp(`#${watch.ref}`));
    assert.equal(submissions.length, n);
  });
});
