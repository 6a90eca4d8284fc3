/**
 * Strict-Transport-Security as a browser reads it (RFC 6797 §6.1): a header that does not
 * conform is ignored whole, so a typo turns HSTS off as surely as no header at all.
 */
export type Sts =
  | { valid: true; maxAge: number; includeSubDomains: boolean; preload: boolean }
  | { valid: false; problem: string };

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const QUOTED = /^"((?:[^"\\]|\\.)*)"$/;

/** Parses one Strict-Transport-Security field value. */
export function parseSts(value: string): Sts {
  const parts = splitDirectives(value);
  if (parts === null) return { valid: false, problem: 'an unterminated quoted string' };
  const seen = new Map<string, string | null>();
  for (const part of parts) {
    if (part === '') continue; // `max-age=1;` and `;;` are allowed by the ABNF
    const m = /^([^=\s]+)\s*(?:=\s*(.*))?$/.exec(part);
    const name = m?.[1];
    if (!m || name === undefined || !TOKEN.test(name)) {
      return { valid: false, problem: `a malformed directive ${JSON.stringify(part)}` };
    }
    const key = name.toLowerCase();
    if (seen.has(key)) return { valid: false, problem: `the ${name} directive appears twice` };
    const raw = m[2];
    let directiveValue: string | null = null;
    if (raw !== undefined) {
      const quoted = QUOTED.exec(raw);
      if (quoted) directiveValue = (quoted[1] ?? '').replace(/\\(.)/g, '$1');
      else if (TOKEN.test(raw)) directiveValue = raw;
      else return { valid: false, problem: `a malformed value in ${JSON.stringify(part)}` };
    }
    seen.set(key, directiveValue);
  }
  if (!seen.has('max-age')) return { valid: false, problem: 'no max-age directive' };
  const maxAge = seen.get('max-age');
  if (maxAge === null || maxAge === undefined || !/^\d+$/.test(maxAge)) {
    return {
      valid: false,
      problem: `max-age is ${maxAge == null ? 'empty' : JSON.stringify(maxAge)}, not a number of seconds`,
    };
  }
  for (const flag of ['includesubdomains', 'preload']) {
    if (seen.has(flag) && seen.get(flag) !== null) {
      return {
        valid: false,
        problem: `the ${flag === 'preload' ? 'preload' : 'includeSubDomains'} directive takes no value`,
      };
    }
  }
  return {
    valid: true,
    // Digits only, so never NaN; beyond 2^53 it is still "very long".
    maxAge: Number(maxAge),
    includeSubDomains: seen.has('includesubdomains'),
    preload: seen.has('preload'),
  };
}

/** Splits at `;` outside quoted strings; null when a quoted string is not closed. */
function splitDirectives(value: string): string[] | null {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted && c === '\\') {
      current += c + (value[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  if (quoted) return null;
  parts.push(current.trim());
  return parts;
}
