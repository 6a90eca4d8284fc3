/**
 * Attack (issue 15, item 7): regular expressions over user text that a long input makes
 * super-linear (the WeCom markdown escape took 12 s on 64 KiB of spaces). Checked by shape, over
 * every regex literal of src/render and src/chat, instead of by timing one.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { code, esc, withCode } from '../../src/render/wecom-markdown.js';
import { regexLiterals, superLinearShapes } from '../fixtures/regex-shape.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

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
