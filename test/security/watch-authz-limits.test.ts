/**
 * Chat-added watches (issue 15, item 4 and first-run item 4): the limits per conversation and in
 * all (WX_WATCH_MAX_PER_CONVERSATION, WX_WATCH_MAX_TOTAL), the address guard at `watch add`, and
 * these refusals in zh-CN.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { watchAnswerText } from '../../src/render/watch-answers.js';
import type { WatchAnswer } from '../../src/watch/answers.js';
import { ADMIN, allWatched, PLAIN, startBot, useAuthzServers } from '../fixtures/authz-bot.js';

useAuthzServers();

describe('chat-added watches: limits and the address guard', () => {
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
