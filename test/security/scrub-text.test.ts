/**
 * The scrubber on its own: what rid/get and errmsg text it is handed, shaped by whoever made the
 * echoed call. Keys in any case, nested and encoded, idempotent; and linear in its input, since a
 * worker scrubbing a long echoed body blocks its event loop for as long as that takes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scrubText } from '../../src/probes/wechat/scrub.js';

test('the scrubber on its own: keys in any case, nested and encoded, idempotent', () => {
  const cases: Array<[string, RegExp]> = [
    ['{"APPSECRET":"abcdef123456"}', /^\{"APPSECRET":"\[REDACTED\]"\}$/],
    ['{"a":{"b":[{"js_code":"0a1b2c3d"}]}}', /"js_code":"\[REDACTED\]"/],
    ['{"data":"{\\"secret\\":\\"abcdef123456\\"}"}', /\\"secret\\":\\"\[REDACTED\]\\"/],
    ['corpid=ww1&corpsecret=abc%2Fdef', /^corpid=ww1&corpsecret=\[REDACTED\]$/],
    ['see https://x/y?access_token=tok123456 now', /access_token=<[0-9a-f]{12}> now$/],
    ['{"code": 123456, "secret"', /"code": \[REDACTED\], "secret"$/],
    // Free text: the key is the run from its first letter, whatever precedes it.
    ['was _code=0a1b2c3d then', /^was _code=\[REDACTED\] then$/],
    ['was 12.secret=abcdef123456 then', /^was 12\.secret=\[REDACTED\] then$/],
    ['was 123=access_token=tok123456 then', /^was 123=access_token=<[0-9a-f]{12}> then$/],
    // The WeCom robot webhook's key, and the usual API-key spellings.
    ['POST /cgi-bin/webhook/send?key=693a91f6-7xxx', /\?key=\[REDACTED\]$/],
    [
      '{"api_key":"k123456","secretKey":"s123456","private_key":"p123456"}',
      /^\{"api_key":"\[REDACTED\]","secretKey":"\[REDACTED\]","private_key":"\[REDACTED\]"\}$/,
    ],
  ];
  for (const [input, expected] of cases) {
    const once = scrubText(input);
    assert.match(once, expected, input);
    assert.equal(scrubText(once), once, `idempotent: ${input}`);
  }
  assert.equal(
    scrubText('plain words, errcode 40001', { secrets: [], tokens: [] }),
    'plain words, errcode 40001',
  );
});

test('attack: 64 KiB of one run of key characters is scrubbed in linear time', () => {
  // `key=` tried from every letter of a run with no `=` took ~10 s on 64 KiB (quadratic).
  const n = 64 * 1024;
  const shapes = {
    letters: 'a'.repeat(n),
    'letters and underscores': 'a_'.repeat(n / 2),
    'digits and letters': '1a'.repeat(n / 2),
    'after a space': ` ${'x.'.repeat(n / 2)}`,
    'a quoted key': `"${'a'.repeat(n)}`,
  };
  for (const [name, text] of Object.entries(shapes)) {
    const started = performance.now();
    assert.equal(scrubText(text), text, name);
    const ms = performance.now() - started;
    // Linear is a few ms; the quadratic scan is thousands.
    assert.ok(ms < 1000, `${name}: ${Math.round(ms)} ms`);
  }
});
