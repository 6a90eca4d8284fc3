/**
 * Attack (issue 15, item 5): markdown a user typed, echoed live by the WeCom AI bot (`[link](…)`,
 * `<@all>`) or as a link in the self-built app's passive reply. Every answer escapes it.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { WecomDelivery } from '../../src/chat/wecom/delivery.js';
import type { Invocation, OutboundMessage } from '../../src/model/index.js';
import { SILENT } from '../../src/model/log.js';
import { createResponseUrls } from '../../src/store/response-urls.js';
import {
  APP,
  APP_PATH,
  appReplyContent,
  BOT_PATH,
  PREFIX,
  streamContent,
  useSecurityFront,
} from '../fixtures/wecom-front.js';

const front = useSecurityFront();

const LIVE_MARKUP = /<|>|\[|\]/;

describe('attack: markdown from the user echoed by the AI bot', () => {
  const hostile = '[x](http://evil.example/) <@all> **loud**';

  test('the "running … #W" stream reply shows the command escaped', async () => {
    const url = `https://example.com/?q=${hostile.replaceAll(' ', '')}`;
    const content = streamContent(
      await front.post(BOT_PATH, front.botText(`@wxdoctor http ${url}`)),
    );
    assert.match(content, /^running `/);
    assert.doesNotMatch(content, LIVE_MARKUP, content);
    assert.ok(!content.includes('**'), content);
    assert.ok(content.includes('http://evil.example/'), 'the text stays readable');
  });

  test('usage, help, unknown-ref and rate-limit answers escape user text', async () => {
    const answers = [
      await front.post(BOT_PATH, front.botText(`@wxdoctor frobnicate ${hostile}`)),
      await front.post(BOT_PATH, front.botText(`@wxdoctor cert --${hostile}`)),
      await front.post(BOT_PATH, front.botText('@wxdoctor help')),
      await front.post(BOT_PATH, front.botText(`@wxdoctor recheck ${hostile}`)),
      await front.post(BOT_PATH, front.botText('@wxdoctor recheck #W999999')),
    ];
    // The limit is 2 a minute: the third command of one person is answered by the limiter.
    for (let i = 0; i < 3; i++) {
      answers.push(
        await front.post(BOT_PATH, front.botText('@wxdoctor cert example.com', 'mallory')),
      );
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
      apiUrl: front.fake.apiUrl,
      robots: {},
      redis: front.redis,
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
    await createResponseUrls(front.redis, { prefix, platform: 'wecom-aibot' }).save(
      inv.id,
      `${front.fake.apiUrl}/cgi-bin/aibot/response?response_code=sec-${randomUUID()}`,
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
    const [call] = front.fake.calls('aibot/response');
    const markdown = String((call?.body.markdown as { content?: string } | undefined)?.content);
    assert.ok(!markdown.includes('<@all>') && !markdown.includes('](http'), markdown);
  });

  test('the self-built app’s passive text reply carries no live <a> link from the user', async () => {
    const content = appReplyContent(
      await front.post(APP_PATH, front.appText(`wx "<a href='http://evil.example/'>x</a>"`)),
    );
    assert.match(content, /did not parse/);
    assert.doesNotMatch(content, /<\s*\/?\s*a[\s>]/i, content);
  });
});
