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

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]+$/u;
const EMOJI = /\p{Extended_Pictographic}/u;
// Only strings with a character outside printable ASCII need the segmenter.
const PLAIN = /^[\x20-\x7e]*$/;

function isWide(codePoint: number): boolean {
  for (const [first, last] of WIDE) {
    if (codePoint < first) return false;
    if (codePoint <= last) return true;
  }
  return false;
}

export function displayWidth(text: string): number {
  if (PLAIN.test(text)) return text.length;
  let width = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (ZERO_WIDTH.test(segment)) continue;
    const cp = segment.codePointAt(0) ?? 0;
    width += isWide(cp) || EMOJI.test(segment) ? 2 : 1;
  }
  return width;
}

/** `text` padded with spaces to `width` columns (as String#padEnd, by display width). */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
