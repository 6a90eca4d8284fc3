/**
 * displayWidth counts columns without Intl.Segmenter where every code point stands alone (making
 * one costs tens of ms of a `wx` run's start-up), and gives the segmenter's answer everywhere.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

const Real = Intl.Segmenter;
let made = 0;
// Counts the segmenters made, from before the module is loaded.
(Intl as { Segmenter: typeof Real }).Segmenter = class extends Real {
  constructor(...args: ConstructorParameters<typeof Real>) {
    super(...args);
    made++;
  }
} as typeof Intl.Segmenter;
const { displayWidth } = await import('../src/render/display-width.js');

/** The answer by graphemes, as before: the reference. */
function byGraphemes(text: string): number {
  const seg = new Real(undefined, { granularity: 'grapheme' });
  let width = 0;
  for (const { segment } of seg.segment(text)) {
    if (/^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]+$/u.test(segment)) continue;
    const cp = segment.codePointAt(0) ?? 0;
    const wide =
      [
        [0x1100, 0x115f],
        [0x2e80, 0x303e],
        [0x3041, 0x33ff],
        [0x3400, 0x4dbf],
        [0x4e00, 0x9fff],
        [0xa000, 0xa4cf],
        [0xac00, 0xd7a3],
        [0xf900, 0xfaff],
        [0xfe30, 0xfe4f],
        [0xff00, 0xff60],
        [0xffe0, 0xffe6],
        [0x20000, 0x3fffd],
      ].some(([a = 0, b = 0]) => cp >= a && cp <= b) || /\p{Extended_Pictographic}/u.test(segment);
    width += wide ? 2 : 1;
  }
  return width;
}

describe('display width', () => {
  test('report text (ASCII, arrows, CJK, Latin) needs no segmenter', () => {
    for (const text of [
      'valid    2026-12-02T17:49:13.000Z → 2027-03-03T17:49:13.000Z',
      '→ Serve a certificate whose SAN list includes the name',
      '解析器  系统  超时',
      'café — naïve … “quoted” ✓ ✗ ⚠',
      '지도 서울',
    ]) {
      assert.equal(displayWidth(text), byGraphemes(text), text);
    }
    assert.equal(made, 0, 'no Intl.Segmenter was made');
  });

  test('the same answer as by graphemes over every code point it counts alone', () => {
    const ranges = [
      [0x20, 0x7e],
      [0xa0, 0x2ff],
      [0x2000, 0x200c],
      [0x200e, 0x27bf],
      [0x2e80, 0x9fff],
      [0xac00, 0xd7a3],
      [0xf900, 0xfaff],
      [0xfe30, 0xfe4f],
      [0xff00, 0xff9d],
      [0xffa0, 0xffef],
    ];
    for (const [a = 0, b = 0] of ranges) {
      for (let cp = a; cp <= b; cp++) {
        const c = String.fromCodePoint(cp);
        for (const text of [`x${c}y`, `${c}${c}`, `地${c}`]) {
          assert.equal(displayWidth(text), byGraphemes(text), `U+${cp.toString(16)}`);
        }
      }
    }
  });

  test('graphemes of several code points are segmented', () => {
    for (const text of [
      'e\u0301',
      '👩‍💻 dev',
      '🇨🇳',
      '\u1100\u1161\u11a8',
      '☺\ufe0f',
      'क्षि',
      '1\ufe0f\u20e3',
      'ｶﾞ',
      'x\u302e',
    ]) {
      assert.equal(displayWidth(text), byGraphemes(text), JSON.stringify(text));
    }
    assert.ok(made > 0);
  });
});
