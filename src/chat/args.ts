import { UsageError } from '../../commands/types.js';

/** Chat clients turn typed quotes into typographic ones; they open and close the same way. */
const OPENERS: Record<string, string> = {
  '"': '"',
  "'": "'",
  '“': '”',
  '”': '”',
  '‘': '’',
  '’': '’',
  '「': '」',
};

/**
 * Splits chat text into argv the way a shell would, without expansion: whitespace separates,
 * quotes (straight or typographic) group, a backslash escapes the next character outside quotes.
 */
export function splitArgs(text: string): string[] {
  const args: string[] = [];
  let current = '';
  let inWord = false;
  let close: string | undefined;
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (close !== undefined) {
      if (c === close) close = undefined;
      else current += c;
      continue;
    }
    if (/\s/u.test(c)) {
      if (inWord) args.push(current);
      current = '';
      inWord = false;
      continue;
    }
    inWord = true;
    const opener = OPENERS[c];
    if (opener !== undefined) {
      close = opener;
    } else if (c === '\\' && i + 1 < chars.length) {
      current += chars[++i];
    } else {
      current += c;
    }
  }
  if (close !== undefined) throw new UsageError(`unterminated quote (missing ${close})`);
  if (inWord) args.push(current);
  return args;
}
