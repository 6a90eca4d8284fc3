/**
 * Attack (issue 15, item 3): WeCom's GET URL verification as a decryption oracle. Any ciphertext
 * signed with our Token (a captured callback's `Encrypt`, our own passive reply) replayed as
 * `echostr`, however old, must not come back decrypted.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { seal } from '../fixtures/wecom.js';
import {
  APP,
  APP_PATH,
  BOT_PATH,
  nowS,
  ROUTES,
  useSecurityFront,
} from '../fixtures/wecom-front.js';

const front = useSecurityFront();

describe('attack: GET URL verification as a decryption oracle', () => {
  for (const { name, path, app } of ROUTES) {
    test(`${name}: a verification request older (or newer) than 300 s is refused`, async () => {
      const plain = '5730582910384756102';
      // 302, not 301: the second may turn between sealing here and the check there, and a
      // timestamp 301 s ahead would then be 300 s ahead, inside the window.
      for (const skew of [-302, 302, -86_400 * 3]) {
        const { query, encrypted } = seal(app, plain, { timestamp: nowS() + skew });
        const answer = await front.verify(path, { ...query, echostr: encrypted });
        assert.equal(answer.status, 403, `skew ${skew}`);
        assert.ok(!answer.body.includes(plain), answer.body);
      }
      // The same, fresh, is answered: WeCom's own verification keeps working.
      const { query, encrypted } = seal(app, plain, { timestamp: nowS() - 30 });
      const ok = await front.verify(path, { ...query, echostr: encrypted });
      assert.deepEqual([ok.status, ok.body], [200, plain]);
    });
  }

  test('a POST callback’s Encrypt, replayed as echostr with its fresh signature, is refused', async () => {
    const secretText = `wx cert secret-${randomUUID()}.example.com`;
    for (const { name, path, app } of ROUTES) {
      const plain = path === APP_PATH ? front.appText(secretText) : front.botText(secretText);
      // What an eavesdropper captured from a callback: its query and its Encrypt.
      const { query, encrypted } = seal(app, plain, { timestamp: nowS() });
      const answer = await front.verify(path, { ...query, echostr: encrypted });
      assert.equal(answer.status, 403, name);
      assert.ok(!answer.body.includes('secret-'), `${name} leaked: ${answer.body}`);
    }
  });

  test('our own passive reply’s Encrypt, replayed as echostr with its signature, is refused', async () => {
    const reply = await front.post(BOT_PATH, front.botText('@wxdoctor help'));
    const j = JSON.parse(reply.body) as Record<string, string>;
    const answer = await front.verify(BOT_PATH, {
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
      const answer = await front.verify(APP_PATH, { ...query, echostr: encrypted });
      assert.notEqual(answer.status, 200, JSON.stringify(plain));
    }
    const longest = '7'.repeat(128);
    const { query, encrypted } = seal(APP, longest, { timestamp: nowS() });
    const ok = await front.verify(APP_PATH, { ...query, echostr: encrypted });
    assert.deepEqual([ok.status, ok.body], [200, longest]);
  });
});
