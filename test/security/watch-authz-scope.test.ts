/**
 * `watch list` and the commands by id (issue 15, first-run item 9): a conversation sees and acts
 * on the watches it added and those that warn it; admins (WX_ADMINS) on every watch.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WatchSpec } from '../../src/watch/service.js';
import { ADMIN, allWatched, PLAIN, startBot, useAuthzServers } from '../fixtures/authz-bot.js';

useAuthzServers();

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
