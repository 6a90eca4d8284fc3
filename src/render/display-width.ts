/**
 * How many terminal columns text takes: CJK ideographs, kana, Hangul, fullwidth forms and emoji
 * take two, combining marks none. Intl.Segmenter and the East Asian Wide/Fullwidth blocks below
 * cover what our words and server values hold; `string-width` would add a dependency tree for
 * the same answer on this text.
 */

/** East Asian Wide (W) and Fullwidth (F) blocks, [first, last] code points (UAX #11). */
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x2e80, 0x303e], // CJK radicals, Kangxi radicals, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, CJK compatibility
  [0x3400, 0x4dbf], // CJK Unified Ideographs Extension A
  [0x4e00, 0x9fff], // CJK Unified Ideographs
  [0xa000, 0xa4cf], // Yi
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK Compatibility Ideographs
  [0xfe30, 0xfe4f], // CJK Compatibility Forms
  [0xff00, 0xff60], // Fullwidth forms
  [0xffe0, 0xffe6], // Fullwidth signs
  [0x20000, 0x3fffd], // CJK Unified Ideographs Extensions B and later
];

// Made on first need: making one costs tens of ms (ICU's break rules), a large part of a `wx`
// run's start-up, and most text never needs it.
let segmenter: Intl.Segmenter | undefined;
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]+$/u;
const EMOJI = /\p{Extended_Pictographic}/u;
const PLAIN = /^[\x20-\x7e]*$/;
/**
 * Text in which every code point is a grapheme of its own, or a zero-width mark that the
 * segmenter would fold into the grapheme before it: Latin-1 and Latin Extended, general
 * punctuation (no zero-width joiner), arrows and symbols, CJK, Hangul syllables, fullwidth
 * forms (not the halfwidth sound marks, which join the kana before them). Counting code points there gives the segmenter's answer without it; anything else
 * (joiners, spacing marks, flags, Jamo, variation selectors, emoji sequences) is segmented.
 */
const ONE_BY_ONE =
  /^[\x20-\x7e\u00a0-\u02ff\u2000-\u200c\u200e-\u27bf\u2e80-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff9d\uffa0-\uffef]*$/;

function isWide(codePoint: number): boolean {
  for (const [first, last] of WIDE) {
    if (codePoint < first) return false;
    if (codePoint <= last) return true;
  }
  return false;
}

/** The columns one grapheme takes (a code point, or a segment the segmenter found). */
function graphemeWidth(grapheme: string): number {
  if (ZERO_WIDTH.test(grapheme)) return 0;
  return isWide(grapheme.codePointAt(0) ?? 0) || EMOJI.test(grapheme) ? 2 : 1;
}

/** Spacing marks join the grapheme before them and take a column of their own there. */
const SPACING_MARK = /\p{Mc}/u;

export function displayWidth(text: string): number {
  if (PLAIN.test(text)) return text.length;
  let width = 0;
  if (ONE_BY_ONE.test(text) && !SPACING_MARK.test(text)) {
    for (const ch of text) width += graphemeWidth(ch);
    return width;
  }
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const { segment } of segmenter.segment(text)) width += graphemeWidth(segment);
  return width;
}

/** `text` padded with spaces to `width` columns (as String#padEnd, by display width). */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
