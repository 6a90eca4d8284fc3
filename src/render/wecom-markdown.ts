/**
 * Text for WeCom's markdown subset (app messages, appchat, group robots): `**bold**`,
 * `<font color="info|comment|warning">`, `> quote`, `[text](url)`, inline code, `<@userid>`.
 *
 * WeCom documents no escape character, so text from a person or a probed server is neutralised
 * with look-alikes instead: `<` `>` (tags, `<@userid>` mentions), `[` `]` (links), `*` (bold),
 * backticks (code), entities and line breaks (headings and quotes start a line) cannot form markup.
 */
export type FontColor = 'info' | 'comment' | 'warning';

const LOOK_ALIKE: Record<string, string> = {
  '<': '＜',
  '>': '＞',
  '[': '［',
  ']': '］',
  '*': '＊',
};

/** Tag, link, bold and code characters swapped for look-alikes (`backtick` for backticks). */
export function lookAlikes(text: string, backtick = 'ˋ'): string {
  return text.replace(/[<>[\]*`]/g, (c) => (c === '`' ? backtick : (LOOK_ALIKE[c] ?? c)));
}

const LINE_BREAK = /[\r\n\u2028\u2029]/;

/** Untrusted text as inert inline text: one line, no markup, no mentions. */
export function esc(text: string): string {
  return (
    lookAlikes(text)
      // An entity (`&lt;@all&gt;`) could decode into markup in clients that read HTML.
      .replace(/&(?=#?\w+;)/g, '＆')
      // Whitespace runs, each looked at once (a pattern that starts with `\s*` and then needs a
      // line break rescans a run of spaces from every position: quadratic).
      .replace(/\s+/g, (run) => (LINE_BREAK.test(run) ? ' ' : run))
      .replace(/^#/, '＃')
  );
}

/** Inline code of untrusted text (escaped too: WeCom clients differ in what they render in code). */
export function code(text: string, maxBytes = 300): string {
  return `\`${esc(clipBytes(text, maxBytes))}\``;
}

/**
 * Untrusted text that may quote commands in backticks (our hints, usage notices): the code spans
 * stay code, everything is escaped, inside code too.
 */
export function withCode(text: string): string {
  return text
    .split(/(`[^`\n]*`)/)
    .map((piece) =>
      piece.length > 1 && piece.startsWith('`') && piece.endsWith('`')
        ? code(piece.slice(1, -1))
        : esc(piece),
    )
    .join('');
}

/**
 * Plain text of ours that may quote what a person typed (help, usage errors, `running …`), as
 * markdown: line by line through `withCode`, so its line breaks stay and nothing in it is markup.
 */
export function inertLines(text: string): string {
  return text.split(/\r?\n/).map(withCode).join('\n');
}

export function bold(markdown: string): string {
  return `**${markdown}**`;
}

export function font(color: FontColor, markdown: string): string {
  return `<font color="${color}">${markdown}</font>`;
}

/** A WeCom userid mention (group robots only); anything not shaped like a userid is plain text. */
export function mention(userid: string): string {
  return /^[A-Za-z0-9_.@-]{1,64}$/.test(userid) ? `<@${userid}>` : esc(userid);
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * At most `max` bytes of UTF-8, ending in `…` when cut; cuts between code points, so no
 * multi-byte character (CJK, emoji) is ever split.
 */
export function clipBytes(text: string, max: number): string {
  if (byteLength(text) <= max) return text;
  const room = max - byteLength('…');
  let used = 0;
  let out = '';
  for (const ch of text) {
    const n = byteLength(ch);
    if (used + n > room) break;
    used += n;
    out += ch;
  }
  return `${out}…`;
}
