import { domainToASCII } from 'node:url';

const MAX_NAME = 253;
const MAX_LABEL = 63;
// Underscores appear in service names (_dmarc, _acme-challenge); '*' only as a whole label.
const LABEL = /^(?:\*|[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)$/;

/**
 * The name in the form queries use: lower case, ASCII (IDNs in punycode), no trailing dot;
 * the root is ''. Throws an Error that says what is wrong.
 */
export function normaliseDnsName(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '.') return '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching non-ASCII on purpose
  const ascii = /[^\x00-\x7f]/.test(trimmed) ? domainToASCII(trimmed) : trimmed.toLowerCase();
  const name = ascii.replace(/\.$/, '');
  const shown = JSON.stringify(text);
  if (name === '') throw new Error(`not a DNS name: ${shown}`);
  if (name.length > MAX_NAME) {
    throw new Error(`DNS name too long: ${name.length} characters, at most ${MAX_NAME}: ${shown}`);
  }
  for (const label of name.split('.')) {
    if (label.length === 0) throw new Error(`DNS name has an empty label: ${shown}`);
    if (label.length > MAX_LABEL) {
      throw new Error(`DNS label longer than ${MAX_LABEL} characters: ${JSON.stringify(label)}`);
    }
    if (!LABEL.test(label)) {
      throw new Error(
        `DNS label ${JSON.stringify(label)} may only hold letters, digits, '-' and '_' (not at its ends)`,
      );
    }
  }
  return name;
}

/** Compares names as DNS does: case-insensitively, a trailing dot ignored. */
export function sameName(a: string, b: string): boolean {
  return canonicalName(a) === canonicalName(b);
}

export function canonicalName(name: string): string {
  const n = name.toLowerCase().replace(/\.$/, '');
  return n === '.' ? '' : n;
}
