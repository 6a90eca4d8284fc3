/**
 * Finding messages from templates: `{name}` takes the finding's arg of that name, `{name:span}`
 * and `{name:date}` format it first. A template whose arg is missing is not used at all (the
 * caller falls back to the code's meaning), so a half-filled sentence never reaches a person.
 */
import type { FindingArgs } from '../probes/index.js';

/** A message shape of one code (or of any code: COMMON in the catalogue), in one language. */
export interface MessageTemplate {
  message: string;
  /** Absent: the catalogue hint of the code, in the same language. */
  hint?: string;
}

/** How a language says the values templates format (`3d` → `3 天`). */
export interface ValueWords {
  /** A span arg from the probes' wording (`3d`, `5h`, `<1h`). */
  span(value: string): string;
}

const PLACEHOLDER = /\{([a-zA-Z]+)(?::(span|date))?\}/g;

/**
 * The template with its placeholders filled, or null when an arg it names is missing.
 * `extra` supplies values that are not the finding's (`catalogueHint`).
 */
export function fillTemplate(
  template: string,
  args: FindingArgs,
  words: ValueWords,
  extra: Record<string, string> = {},
): string | null {
  let missing = false;
  const out = template.replace(PLACEHOLDER, (_, name: string, format?: string) => {
    const value = args[name] ?? extra[name];
    if (value === undefined) {
      missing = true;
      return '';
    }
    return formatValue(String(value), format, words);
  });
  return missing ? null : out;
}

/** The names a template uses (tests check that every one has a realistic sample value). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

function formatValue(value: string, format: string | undefined, words: ValueWords): string {
  // Values may come from servers and may sit in a code span: a backtick must not close it.
  const safe = value.replace(/`/g, 'ˋ');
  if (format === 'span') return words.span(safe);
  if (format === 'date') return /^\d{4}-\d{2}-\d{2}T/.test(safe) ? safe.slice(0, 10) : safe;
  return safe;
}
