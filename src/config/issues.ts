/** Problems named by the key to fix: the env var or flag that set it, else the file's dotted key. */
import type { z } from 'zod';
import { ENV_KEYS, type Override } from './env.js';
import { formatPath } from './path.js';

/** The env var or flag that set `path` (or a parent of it), else the file's dotted key. */
export function nameOf(path: readonly PropertyKey[], overrides: readonly Override[]): string {
  let best: Override | undefined;
  for (const o of overrides) {
    const covers = o.path.every((p, i) => String(path[i]) === p);
    if (covers && o.path.length > (best?.path.length ?? -1)) best = o;
  }
  return best?.source ?? formatPath(path);
}

/** A missing key is named by its env var (the file's dotted key when it has none). */
export function envNameOf(path: readonly string[]): string {
  const found = Object.entries(ENV_KEYS).find(
    ([, p]) => p.length === path.length && p.every((k, i) => k === path[i]),
  );
  return found?.[0] ?? formatPath(path);
}

export function describeIssue(iss: z.core.$ZodIssue, overrides: readonly Override[]): string[] {
  if (iss.code === 'unrecognized_keys') {
    return iss.keys.map((k) => `${formatPath([...iss.path, k])}: unknown key`);
  }
  const message =
    iss.code === 'invalid_key' ? (iss.issues[0]?.message ?? iss.message) : iss.message;
  const key = iss.path.length === 0 ? 'WX_CONFIG' : nameOf(iss.path, overrides);
  return [`${key}: ${message}`];
}
