/**
 * Who may do what with chat-added watches, through the whole process (`start()`, role all,
 * Slack in HTTP mode and WeCom, real Redis): `--to` only to the conversation the watch is added
 * from unless allow-listed or typed by an admin (WX_ADMINS); limits per conversation and in all;
 * the address guard at `watch add`; `watch list` and the commands by id scoped to the
 * conversation; `--to #name` looked up in Slack. Answers are recorded instead of sent; the fake
 * Slack serves auth.test and conversations.list. Watched targets are loopback addresses that
 * nothing listens on (127.0.0.2 is the one WX_PROBE_ALLOW lets through).
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, type TestContext, test } from 'node:test';
import { createLogger } from '../../src/app/log.js';
import { loadConfig } from '../../src/config/index.js';
import { type Running, start } from '../../src/main.js';
import type { OutboundMessage } from '../../src/model/index.js';
import { watchAnswerText } from '../../src/render/watch-answers.js';
import type { WatchAnswer } from '../../src/watch/answers.js';
import type { WatchSpec } from '../../src/watch/service.js';
import { type FakeSlack, startFakeSlack } from '../fixtures/fake-slack.js';
import { type Attempt, RecordingDelivery } from '../fixtures/recording-delivery.js';
import { startRedis, type TestRedis } from '../fixtures/redis.js';
import { OFFICIAL, queryString, request, seal, textXml, xmlEnvelope } from '../fixtures/wecom.js';

const APP = OFFICIAL.wecom.app;
const SIGNING = 'watch-authz-signing-secret';
const TEAM = 'T0AUTHZ';
const ADMIN = 'U0ADMIN';
const PLAIN = 'U0PLAIN';

let redis: TestRedis;
let fake: FakeSlack;
let prefixes = 0;
let triggers = 0;
let msgIds = 7_300_000_000;

before(async () => {
  redis = await startRedis();
  fake = await startFakeSlack();
});
after(async () => {
  await fake?.close();
  await redis?.close();
});

interface Bot {
  slack: RecordingDelivery;
  wecom: RecordingDelivery;
  /** `/wx <text>` typed by `user` in Slack channel `channel`; resolves with the answer's text. */
  slash(channel: string, user: string, text: string): Promise<string>;
  /** `<text>` typed by WeCom member `from` to the app (1:1: conversation `user:<from>`). */
  say(from: string, text: string): Promise<string>;
}

async function startBot(
  t: TestContext,
  env: Record<string, string> = {},
  watches: WatchSpec[] = [],
): Promise<Bot> {
  const config = loadConfig({
    REDIS_URL: redis.url,
    WX_QUEUE_PREFIX: `wxauthz${process.pid}x${++prefixes}`,
    PORT: '0',
    LOG_LEVEL: 'silent',
    WX_LANG: 'en',
    SLACK_BOT_TOKEN: 'xoxb-authz-test',
    SLACK_SIGNING_SECRET: SIGNING,
    SLACK_API_URL: fake.apiUrl,
    WECOM_CORP_ID: APP.corpId,
    WECOM_TOKEN: APP.token,
    WECOM_AES_KEY: APP.aesKey,
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET: 'authz-corp-secret',
    WECOM_API_URL: 'http://127.0.0.1:9',
    WX_PROBE_ALLOW: '127.0.0.2/32',
    WX_PROBE_TIMEOUT_MS: '2000',
    WX_RATE_LIMIT_PER_MINUTE: '1000',
    WX_ADMINS: `slack:${ADMIN},wecom:boss`,
    ...env,
  });
  const slack = new RecordingDelivery();
  const wecom = new RecordingDelivery();
  const running: Running = await start(config, {
    host: '127.0.0.1',
    logger: createLogger(config),
    deliveries: { slack, wecom },
    watches,
  });
  t.after(() => running.close());

  const answerIn = async (rec: RecordingDelivery, conversation: string, from: number) => {
    const notice = (a: Attempt) =>
      a.outcome === 'delivered' &&
      a.message.conversation === conversation &&
      a.message.content.type === 'notice';
    // Bounded: a command that is never answered fails the test instead of hanging it.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      rec.until((r) => r.attempts.slice(from).some(notice)),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer in ${conversation} within 15 s`)),
          15_000,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    const found = rec.attempts.slice(from).find(notice)?.message as OutboundMessage;
    return (found.content as { text: string }).text;
  };

  return {
    slack,
    wecom,
    async slash(channel, user, text) {
      const from = slack.attempts.length;
      const n = ++triggers;
      const body = new URLSearchParams({
        team_id: TEAM,
        channel_id: channel,
        user_id: user,
        command: '/wx',
        text,
        response_url: fake.responseUrl(`authz-${n}`),
        trigger_id: `${n}.4321.${'ab'.repeat(8)}`,
      }).toString();
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = `v0=${createHmac('sha256', SIGNING).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      const res = await fetch(`http://127.0.0.1:${running.port}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': signature,
        },
        body,
      });
      assert.equal(res.status, 200);
      return answerIn(slack, channel, from);
    },
    async say(user, text) {
      const from = wecom.attempts.length;
      const now = Math.floor(Date.now() / 1000);
      const plain = textXml({
        corpId: APP.corpId,
        from: user,
        content: text,
        msgId: String(++msgIds),
        createTime: now,
      });
      const { query, encrypted } = seal(APP, plain, { timestamp: now });
      const res = await request(
        running.port,
        'POST',
        `/wecom/callback?${queryString({ ...query })}`,
        xmlEnvelope(APP.corpId, encrypted),
      );
      assert.equal(res.status, 200);
      return answerIn(wecom, `user:${user}`, from);
    },
  };
}

/** The hosts an admin's `watch list` shows (every watch). */
async function allWatched(bot: Bot): Promise<string> {
  const list = await bot.slash('C0ADMINS', ADMIN, 'watch list');
  assert.match(list, /^All watches \(admin\):/);
  return list;
}

describe('watch add --to: only where the watch is added, unless allow-listed or an admin', () => {
  test('a Slack user cannot send notices to a WeCom person, group or robot, or another channel', async (t) => {
    const bot = await startBot(t);
    for (const to of [
      'wecom-user:ceo',
      'wecom-chat:wrkBoardRoom',
      'wecom-robot:ops',
      'slack:C0OTHER',
      'C0OTHER',
      '<#C0OTHER|other>',
    ]) {
      const answer = await bot.slash('C0ALPHA', PLAIN, `watch add 127.0.0.2:4001 --to ${to}`);
      assert.match(answer, /^Not allowed: a watch added here warns only this conversation/, to);
      assert.match(answer, /WX_ADMINS/);
    }
    assert.match(await bot.slash('C0ALPHA', PLAIN, 'watch list'), /No watches yet/);
    assert.doesNotMatch(await allWatched(bot), /:4001\b/, 'nothing was stored');
    // Nor from WeCom: a member may not point a watch at a group robot or another member.
    for (const to of ['wecom-robot:ops', 'ops', 'wecom-user:lisi', 'slack:C0ALPHA']) {
      const answer = await bot.say('zhangsan', `wx watch add 127.0.0.2:4002 --to ${to}`);
      assert.match(answer, /^Not allowed/, to);
    }
    assert.doesNotMatch(await allWatched(bot), /:4002\b/);
  });

  test('the conversation itself and WX_WATCH_DESTINATIONS for anyone; anywhere for an admin', async (t) => {
    const bot = await startBot(t, { WX_WATCH_DESTINATIONS: 'wecom-robot:shared,slack:C0OPS' });
    assert.match(
      await bot.slash('C0ALPHA', PLAIN, 'watch add 127.0.0.2:4011 --to slack:C0ALPHA'),
      /^Watching #W\d+ 127\.0\.0\.2:4011: .* to slack:C0ALPHA;/,
    );
    assert.match(
      await bot.slash('C0ALPHA', PLAIN, 'watch add 127.0.0.2:4012 --to wecom-robot:shared'),
      /^Watching .* to wecom robot:shared;/,
    );
    assert.match(
      await bot.slash('C0ALPHA', PLAIN, 'watch add 127.0.0.2:4013 --to wecom-robot:other'),
      /^Not allowed.*wecom-robot:other/,
    );
    assert.match(
      await bot.say('zhangsan', 'wx watch add 127.0.0.2:4014 --to wecom-user:zhangsan'),
      /^Watching .* to wecom user:zhangsan;/,
    );
    assert.match(
      await bot.say('zhangsan', 'wx watch add 127.0.0.2:4015 --to slack:C0OPS'),
      /^Watching .* to slack:C0OPS;/,
    );
    // Admins, by platform user id: the same ids are not admins on the other platform.
    assert.match(
      await bot.slash('C0ALPHA', ADMIN, 'watch add 127.0.0.2:4016 --to wecom-chat:wrkBoardRoom'),
      /^Watching .* to wecom chat:wrkBoardRoom;/,
    );
    assert.match(
      await bot.say(ADMIN, 'wx watch add 127.0.0.2:4017 --to wecom-chat:wrkBoardRoom'),
      /^Not allowed/,
    );
    assert.match(
      await bot.say('boss', 'wx watch add 127.0.0.2:4017 --to slack:C0ANY'),
      /^Watching .* to slack:C0ANY;/,
    );
    const all = await allWatched(bot);
    for (const port of [4011, 4012, 4014, 4015, 4016, 4017])
      assert.match(all, new RegExp(`:${port}`));
    assert.doesNotMatch(all, /:4013\b/);
  });

  test('limits per conversation and in all (WX_WATCH_MAX_PER_CONVERSATION, WX_WATCH_MAX_TOTAL)', async (t) => {
    const bot = await startBot(t, {
      WX_WATCH_MAX_PER_CONVERSATION: '2',
      WX_WATCH_MAX_TOTAL: '3',
    });
    assert.match(await bot.slash('C0ALPHA', PLAIN, 'watch add 127.0.0.2:4021'), /^Watching/);
    assert.match(await bot.slash('C0ALPHA', PLAIN, 'watch add 127.0.0.2:4022'), /^Watching/);
    assert.equal(
      await bot.slash('C0ALPHA', PLAIN, 'watch add 127.0.0.2:4023'),
      'Not added: this conversation already has 2 watches, the most it may have (WX_WATCH_MAX_PER_CONVERSATION). Remove one first: `/wx watch rm host[:port]`.',
    );
    assert.match(
      await bot.slash('C0ALPHA', PLAIN, 'watch add 127.0.0.2:4021 --days 7'),
      /^Updated watch/,
      'changing a watch adds none',
    );
    assert.match(await bot.say('zhangsan', 'wx watch add 127.0.0.2:4024'), /^Watching/);
    assert.equal(
      await bot.say('lisi', 'wx watch add 127.0.0.2:4025'),
      'Not added: there are already 3 watches from chat, the most the bot takes (WX_WATCH_MAX_TOTAL). Ask an admin.',
    );
    assert.match(await bot.slash('C0ALPHA', PLAIN, 'watch rm 127.0.0.2:4022'), /^No longer/);
    assert.match(await bot.say('lisi', 'wx watch add 127.0.0.2:4025'), /^Watching/);
  });

  test('the address guard at watch add: refused with the reason, a name’s address not named', async (t) => {
    const bot = await startBot(t);
    assert.match(
      await bot.slash('C0ALPHA', PLAIN, 'watch add 127.0.0.3:443'),
      /^Not watching 127\.0\.0\.3:443: 127\.0\.0\.3 is in a loopback range\./,
    );
    assert.match(
      await bot.slash('C0ALPHA', ADMIN, 'watch add 10.1.2.3:8443'),
      /^Not watching 10\.1\.2\.3:8443: 10\.1\.2\.3 is in a private range\./,
      'admins are guarded too',
    );
    assert.match(
      await bot.slash(
        'C0ALPHA',
        PLAIN,
        'watch add api.example.com --resolve api.example.com:443:169.254.169.254',
      ),
      /^Not watching api\.example\.com:443: 169\.254\.169\.254 is in a linkLocal range\./,
    );
    const named = await bot.say('zhangsan', 'wx watch add localhost:8443');
    assert.match(
      named,
      /^Not watching localhost:8443: localhost resolves only to private or reserved addresses\./,
    );
    assert.doesNotMatch(named, /127\.0\.0\.1|::1/, 'the internal address stays unsaid');
    assert.doesNotMatch(await allWatched(bot), /127\.0\.0\.3|10\.1\.2\.3|api\.example|localhost/);
    assert.match(
      await bot.slash('C0ALPHA', PLAIN, 'watch add 127.0.0.2:4031'),
      /^Watching/,
      'WX_PROBE_ALLOW lets its range through',
    );
  });
});

describe('watch list and the commands by id: the conversation’s own watches', () => {
  test('list shows only this conversation’s watches; admins see all and are told so', async (t) => {
    const bot = await startBot(t);
    await bot.slash('C0ALPHA', PLAIN, 'watch add 127.0.0.2:4101');
    await bot.say('zhangsan', 'wx watch add 127.0.0.2:4102');
    const wecomList = await bot.say('zhangsan', 'wx watch list');
    assert.match(wecomList, /^Watches of this conversation:\n#W\d+ +127\.0\.0\.2:4102/);
    assert.doesNotMatch(wecomList, /:4101\b/, 'a Slack channel’s watch is not shown in WeCom');
    const slackList = await bot.slash('C0ALPHA', PLAIN, 'watch list');
    assert.match(slackList, /4101/);
    assert.doesNotMatch(slackList, /:4102\b/);
    assert.doesNotMatch(await bot.slash('C0BETA', PLAIN, 'watch list'), /:(4101|4102)\b/);
    const admin = await allWatched(bot);
    assert.match(admin, /4101/);
    assert.match(admin, /4102/);
    const boss = await bot.say('boss', 'wx watch list');
    assert.match(boss, /^All watches \(admin\):/);
    assert.match(boss, /4101[\s\S]*4102|4102[\s\S]*4101/);
  });

  test('rm, mute, check, ack, snooze and add of another conversation’s watch do nothing', async (t) => {
    const bot = await startBot(t);
    await bot.slash('C0ALPHA', PLAIN, 'watch add 127.0.0.2:4111');
    for (const cmd of [
      'watch rm 127.0.0.2:4111',
      'watch mute 127.0.0.2:4111 7d',
      'watch check 127.0.0.2:4111',
      'watch ack 127.0.0.2:4111 1',
      'watch snooze 127.0.0.2:4111 1 7d',
    ]) {
      assert.equal(await bot.say('zhangsan', `wx ${cmd}`), '127.0.0.2:4111 is not watched.', cmd);
      assert.equal(await bot.slash('C0BETA', PLAIN, cmd), '127.0.0.2:4111 is not watched.', cmd);
    }
    assert.equal(
      await bot.say('zhangsan', 'wx watch add 127.0.0.2:4111'),
      '127.0.0.2:4111 is already watched from another conversation. Ask an admin (WX_ADMINS) to change that watch.',
    );
    const own = await bot.slash('C0ALPHA', PLAIN, 'watch list');
    assert.match(own, /#W\d+ +127\.0\.0\.2:4111 /, 'still there');
    assert.doesNotMatch(own, /muted/, 'not muted');
    assert.match(await bot.slash('C0ALPHA', PLAIN, 'watch mute 127.0.0.2:4111 1d'), /muted until/);
    assert.match(await bot.slash('C0ALPHA', ADMIN, 'watch rm 127.0.0.2:4111'), /^No longer/);
  });

  test('a file watch shows where it warns, not elsewhere, and keeps its destinations', async (t) => {
    const file: WatchSpec = {
      id: '127.0.0.1:4121',
      host: '127.0.0.1',
      port: 4121,
      days: [30, 7],
      to: [
        { platform: 'slack', workspace: '', conversation: 'C0FILE' },
        { platform: 'wecom', workspace: '', conversation: 'user:wangwu' },
      ],
      source: 'file',
      lang: 'en',
    };
    const bot = await startBot(t, {}, [file]);
    assert.match(await bot.slash('C0FILE', PLAIN, 'watch list'), /127\.0\.0\.1:4121 .*file/);
    assert.match(await bot.say('wangwu', 'wx watch list'), /127\.0\.0\.1:4121/);
    assert.doesNotMatch(await bot.slash('C0ALPHA', PLAIN, 'watch list'), /:4121\b/);
    assert.match(await bot.slash('C0FILE', PLAIN, 'watch mute 127.0.0.1:4121 1d'), /muted until/);
    assert.match(
      await bot.slash('C0FILE', PLAIN, 'watch rm 127.0.0.1:4121'),
      /comes from the watches file/,
    );
  });
});

describe('watch add --to #name (Slack sends channel names unescaped)', () => {
  test('#name is looked up with conversations.list (every page, cached); <#C…|name> is taken as is', async (t) => {
    fake.setChannels(
      [
        { id: 'C0GENERAL', name: 'general', is_member: true },
        { id: 'C0RANDOM', name: 'random' },
        { id: 'C0QUIET', name: 'quiet', is_member: false },
        { id: 'C0DEV', name: 'dev', is_member: true },
        { id: 'C0OPS', name: 'ops', is_member: true },
      ],
      2,
    );
    const before = fake.calls('conversations.list').length;
    const bot = await startBot(t, { WX_WATCH_DESTINATIONS: 'slack:C0OPS,slack:C0QUIET' });
    assert.match(
      await bot.slash('C0ALPHA', PLAIN, 'watch add 127.0.0.2:4201 --to #ops'),
      /^Watching #W\d+ 127\.0\.0\.2:4201: .* to slack:C0OPS;/,
    );
    assert.equal(fake.calls('conversations.list').length - before, 3, 'three pages of two');
    assert.equal(
      await bot.slash('C0ALPHA', PLAIN, 'watch add 127.0.0.2:4202 --to #quiet'),
      '--to #quiet: the bot is not a member of #quiet. Invite it there first (/invite @wxdoctor).',
    );
    assert.match(
      await bot.slash('C0ALPHA', PLAIN, 'watch add 127.0.0.2:4203 --to #nope'),
      /^--to #nope: no channel #nope that the bot can see\./,
    );
    assert.match(
      await bot.slash('C0ALPHA', PLAIN, 'watch add 127.0.0.2:4204 --to #dev'),
      /^Not allowed.*slack:C0DEV/,
      'a name is authorised like an id',
    );
    assert.match(
      await bot.slash('C0ALPHA', PLAIN, 'watch add 127.0.0.2:4205 --to <#C0OPS|ops>'),
      /^Watching .* to slack:C0OPS;/,
    );
    assert.equal(fake.calls('conversations.list').length - before, 3, 'the listing is cached');
  });
});

test('the refusals in zh-CN', () => {
  const zh = (a: WatchAnswer) => watchAnswerText(a, 'zh-CN');
  assert.match(zh({ answer: 'limit', limit: 'total', max: 3 }), /已有 3 个.*WX_WATCH_MAX_TOTAL/);
  assert.match(
    zh({
      answer: 'not-allowed',
      to: { platform: 'wecom', workspace: '', conversation: 'robot:ops' },
    }),
    /^无权操作.*wecom-robot:ops/,
  );
  assert.match(
    zh({ answer: 'refused', id: 'intra:443', refusal: { kind: 'name', host: 'intra' } }),
    /intra 只解析到内网或保留地址/,
  );
  assert.match(zh({ answer: 'channel', name: 'ops', problem: 'not-member' }), /#ops/);
});
