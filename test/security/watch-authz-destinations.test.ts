/**
 * `watch add --to` from chat (issue 15, item 4): notices go only to the conversation the watch is
 * added from, unless the destination is allow-listed (WX_WATCH_DESTINATIONS) or the adder is an
 * admin (WX_ADMINS, per platform); `--to #name` is looked up in Slack and authorised like an id.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ADMIN, allWatched, PLAIN, startBot, useAuthzServers } from '../fixtures/authz-bot.js';

const servers = useAuthzServers();

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
});

describe('watch add --to #name (Slack sends channel names unescaped)', () => {
  test('#name is looked up with conversations.list (every page, cached); <#C…|name> is taken as is', async (t) => {
    servers.fake.setChannels(
      [
        { id: 'C0GENERAL', name: 'general', is_member: true },
        { id: 'C0RANDOM', name: 'random' },
        { id: 'C0QUIET', name: 'quiet', is_member: false },
        { id: 'C0DEV', name: 'dev', is_member: true },
        { id: 'C0OPS', name: 'ops', is_member: true },
      ],
      2,
    );
    const before = servers.fake.calls('conversations.list').length;
    const bot = await startBot(t, { WX_WATCH_DESTINATIONS: 'slack:C0OPS,slack:C0QUIET' });
    assert.match(
      await bot.slash('C0ALPHA', PLAIN, 'watch add 127.0.0.2:4201 --to #ops'),
      /^Watching #W\d+ 127\.0\.0\.2:4201: .* to slack:C0OPS;/,
    );
    assert.equal(servers.fake.calls('conversations.list').length - before, 3, 'three pages of two');
    assert.equal(
      await bot.slash('C0ALPHA', PLAIN, 'watch add 127.0.0.2:4202 --to #quiet'),
      '--to #quiet: the bot is not a member of #quiet. Invite it there first (/invite @wxdoctor).',
    );
    // Whether a channel exists is told only to those who may warn it: the same refusal for a
    // channel that does not exist, one the bot is not in, and one that is simply not allowed.
    const refusals: string[] = [];
    for (const [port, name] of [
      [4203, 'nope'],
      [4204, 'dev'],
      [4206, 'random'],
    ] as const) {
      const answer = await bot.slash('C0ALPHA', PLAIN, `watch add 127.0.0.2:${port} --to #${name}`);
      assert.match(answer, new RegExp(`^Not allowed.*#${name}`), name);
      assert.doesNotMatch(answer, /C0DEV|C0RANDOM|bot can see|not a member/, name);
      refusals.push(answer.replaceAll(`#${name}`, '#X').replaceAll(`${port}`, 'PORT'));
    }
    assert.equal(new Set(refusals).size, 1, 'one answer, whatever the channel');
    // An admin is told what is wrong.
    assert.match(
      await bot.slash('C0ALPHA', ADMIN, 'watch add 127.0.0.2:4207 --to #nope'),
      /^--to #nope: no channel #nope that the bot can see\./,
    );
    assert.match(
      await bot.slash('C0ALPHA', PLAIN, 'watch add 127.0.0.2:4205 --to <#C0OPS|ops>'),
      /^Watching .* to slack:C0OPS;/,
    );
    assert.equal(
      servers.fake.calls('conversations.list').length - before,
      3,
      'the listing is cached',
    );
  });
});
