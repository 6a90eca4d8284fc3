/**
 * Scrubbing what the platform echoes before it leaves the probe. rid/get returns another call's
 * URL and bodies verbatim: JSON, query strings, form bodies, JSON inside their string fields,
 * truncated JSON, free text. Every value under a credential-like key is replaced wherever it is
 * nested, and every known secret or token (the probe's own) wherever it appears. Tokens become
 * their fingerprint (`<3f2a…>`, comparable with `wx token`'s), everything else [REDACTED].
 */
import { createHash } from 'node:crypto';

/** A short, stable, non-reversible name for a secret or token, safe for logs and cache keys. */
export function fingerprint(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 12);
}

/** Values to scrub wherever they appear, whatever key (if any) they sit under. */
export interface KnownValues {
  secrets: Iterable<string>;
  tokens: Iterable<string>;
}

const REDACTED = '[REDACTED]';
const NONE: KnownValues = { secrets: [], tokens: [] };
/** Shorter known values would mangle ordinary words. */
const MIN_KNOWN = 6;
/** JSON in a string in a query value in JSON…: deep enough for anything real, bounded for abuse. */
const MAX_DEPTH = 8;

type Kind = 'token' | 'secret';

/** `access_token`, `AppSecret`, `encoding-aes-key`…: lower case, separators dropped. */
const TOKEN_KEY = /(?:token|ticket)$/;
const SECRET_KEY = /(?:secret|password|passwd|aeskey|sessionkey|apikey|privatekey|secretkey)$/;
/** `key` alone is the WeCom robot webhook's credential (`webhook/send?key=…`). */
const EXACT_SECRET = new Set(['code', 'jscode', 'authcode', 'pwd', 'key']);

/** Whether a key names a credential, and which kind. */
export function credentialKey(key: string): Kind | null {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (TOKEN_KEY.test(k)) return 'token';
  if (SECRET_KEY.test(k) || EXACT_SECRET.has(k)) return 'secret';
  return null;
}

/** What scrubbing leaves: scrubbing it again changes nothing. */
const SCRUBBED = /^(?:\[REDACTED\]|<[0-9a-f]{12}>)$/;

function masked(kind: Kind, value: string): string {
  if (SCRUBBED.test(value)) return value;
  return kind === 'token' ? `<${fingerprint(value)}>` : REDACTED;
}

/** A value under a credential key: replaced unless there is nothing to hide. */
function maskValue(kind: Kind, value: unknown): unknown {
  if (value === null || value === '' || value === undefined) return value;
  return masked(kind, typeof value === 'string' ? value : JSON.stringify(value));
}

interface Needle {
  text: string;
  replacement: string;
}

function needlesOf(known: KnownValues): Needle[] {
  const out: Needle[] = [];
  const add = (kind: Kind, values: Iterable<string>) => {
    for (const v of values) {
      if (v.length < MIN_KNOWN) continue;
      const replacement = masked(kind, v);
      // As it appears in a query string and inside a JSON string, too.
      for (const text of new Set([v, encodeURIComponent(v), JSON.stringify(v).slice(1, -1)])) {
        out.push({ text, replacement });
      }
    }
  };
  add('secret', known.secrets);
  add('token', known.tokens);
  return out.sort((a, b) => b.text.length - a.text.length);
}

function replaceKnown(text: string, needles: readonly Needle[]): string {
  let out = text;
  for (const n of needles) if (out.includes(n.text)) out = out.split(n.text).join(n.replacement);
  return out;
}

/** Already scrubbed: not a value to scrub again. */
const DONE = String.raw`(?!\[REDACTED\]|<[0-9a-f]{12}>)`;
/**
 * `key=value` in free text (a URL in an errmsg, a log line). A match starts only where a run of
 * `[\w.-]` starts (the lookbehind), the key at the run's first letter: tried from every letter of
 * a long run instead, it would be quadratic (seconds on 64 KiB of letters, the event loop blocked).
 */
const KEY_EQ = new RegExp(
  String.raw`(?<![\w.-])([\d_.-]*)([A-Za-z][\w.-]*)=${DONE}([^&\s"'\\<>]+)`,
  'g',
);
/** `"key":"value"` in JSON that did not parse (truncated), also escaped inside a JSON string. */
const JSON_STR = new RegExp(
  String.raw`(\\{0,7}"([A-Za-z][\w.-]*)\\{0,7}"\s*:\s*\\{0,7}")${DONE}([^"\\]+)`,
  'g',
);
/** `"key": 123456` in JSON that did not parse. */
const JSON_NUM = /(\\{0,7}"([A-Za-z][\w.-]*)\\{0,7}"\s*:\s*)(-?\d+)/g;

function freeText(text: string): string {
  const swap = (whole: string, head: string, key: string, value: string) => {
    const kind = credentialKey(key);
    return kind ? `${head}${masked(kind, value)}` : whole;
  };
  return text
    .replace(KEY_EQ, (whole, lead: string, key: string, value: string) =>
      swap(whole, `${lead}${key}=`, key, value),
    )
    .replace(JSON_STR, (whole, head: string, key: string, value: string) =>
      swap(whole, head, key, value),
    )
    .replace(JSON_NUM, (whole, head: string, key: string, value: string) =>
      swap(whole, head, key, value),
    );
}

function parseJson(text: string): unknown {
  const t = text.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** `a=1&secret=x`, `/path?a=1#f`, `https://h/p?a=1`: each pair by its key, values recursed. */
function queryText(text: string, needles: readonly Needle[], depth: number): string | undefined {
  if (/\s/.test(text) || !text.includes('=')) return undefined;
  const q = text.indexOf('?');
  const isQuery = q >= 0 || /^[^=&/]+=/.test(text);
  if (!isQuery) return undefined;
  const head = q >= 0 ? text.slice(0, q + 1) : '';
  const rest = q >= 0 ? text.slice(q + 1) : text;
  const hash = rest.indexOf('#');
  const query = hash >= 0 ? rest.slice(0, hash) : rest;
  const tail = hash >= 0 ? rest.slice(hash) : '';
  const pairs = query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    if (eq < 0) return pair;
    const rawKey = pair.slice(0, eq);
    const rawValue = pair.slice(eq + 1);
    const value = decode(rawValue);
    const kind = credentialKey(decode(rawKey) ?? rawKey);
    if (kind) return rawValue === '' ? pair : `${rawKey}=${masked(kind, value ?? rawValue)}`;
    if (value === null) return `${rawKey}=${freeText(rawValue)}`;
    const scrubbed = scrubString(value, needles, depth + 1);
    return scrubbed === value ? pair : `${rawKey}=${encodeURIComponent(scrubbed)}`;
  });
  return `${freeText(head)}${pairs.join('&')}${freeText(tail)}`;
}

function scrubJson(value: unknown, needles: readonly Needle[], depth: number): unknown {
  if (typeof value === 'string') return scrubString(value, needles, depth);
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, needles, depth));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        const kind = credentialKey(k);
        return [k, kind ? maskValue(kind, v) : scrubJson(v, needles, depth)];
      }),
    );
  }
  return value;
}

function scrubString(text: string, needles: readonly Needle[], depth: number): string {
  const known = replaceKnown(text, needles);
  if (depth >= MAX_DEPTH) return freeText(known);
  const json = parseJson(known);
  if (json !== undefined) {
    const scrubbed = scrubJson(json, needles, depth + 1);
    // Unchanged: keep the platform's own formatting.
    return JSON.stringify(scrubbed) === JSON.stringify(json) ? known : JSON.stringify(scrubbed);
  }
  return queryText(known, needles, depth) ?? freeText(known);
}

/**
 * Text from the platform (an errmsg, rid/get's request_url and bodies): credential values
 * replaced wherever they sit, and every known secret and token anywhere.
 */
export function scrubText(text: string, known: KnownValues = NONE): string {
  return scrubString(text, needlesOf(known), 0);
}

/**
 * Every string in a result, scrubbed as text. The result's own keys are ours, not the
 * platform's (`detail.token` holds a fingerprint): only their string values are looked into.
 */
export function scrubStrings<T>(value: T, known: KnownValues = NONE): T {
  const needles = needlesOf(known);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrubString(v, needles, 0);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
