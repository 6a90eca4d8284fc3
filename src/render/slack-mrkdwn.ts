/**
 * Text for Slack mrkdwn. Everything that comes from a person or a probed server goes through
 * `esc`: with `<` and `>` escaped no control sequence (`<!channel>`, `<@U…>`, links) can form,
 * and messages never set `link_names`/`parse: full`, so a bare `@channel` stays text.
 */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Inline code that the text cannot close early (backticks swapped for a look-alike). */
export function code(text: string, max = 200): string {
  return `\`${esc(clip(text.replace(/`/g, 'ˋ').replace(/\s+/g, ' '), max))}\``;
}

/** A code block of at most `max` characters of content. */
export function codeBlock(text: string, max: number): string {
  return `\`\`\`${esc(clip(text.replace(/```/g, 'ˋˋˋ'), max))}\`\`\``;
}

/** A user mention only for something shaped like a Slack user id; anything else is escaped text. */
export function mention(user: string): string {
  return /^[UW][A-Z0-9]{2,30}$/.test(user) ? `<@${user}>` : esc(user);
}

/** At most `max` characters, ending in `…` when cut; never splits a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Like clip, for already-escaped mrkdwn: does not leave half an entity (`&am…`) at the end. */
export function clipMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  return clip(text, max).replace(/&[a-z]{0,4}…$/, '…');
}

/** Line breaks and whitespace runs as one space: the text stays on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
