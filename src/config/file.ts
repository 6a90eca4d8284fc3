import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { ConfigError } from './error.js';
import { formatPath, isPlainObject } from './path.js';
import { UnsetSecret } from './secret.js';
import type { Env } from './types.js';

/** `${NAME}` references an env var; `$${NAME}` is the literal text `${NAME}`. */
const REFERENCE = /\$(\$?)\{([^}]*)\}/g;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads the WX_CONFIG file: a YAML mapping whose string values may reference env vars. */
export function readConfigFile(path: string, env: Env): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw ConfigError.of('WX_CONFIG', `cannot read ${path} (${code})`);
  }
  let doc: unknown;
  try {
    // js-yaml: YAML 1.2's core schema, duplicate keys refused. It builds the values directly, no
    // document model: a 20,000-watch file loads in a fifth of the time and memory `yaml` took.
    // loadAll: an empty file (or comments only) is no document, which `load` refuses.
    const docs = loadAll(text);
    if (docs.length > 1) throw new Error(`${docs.length} documents, where one is expected`);
    doc = docs[0];
  } catch (err) {
    // Only the first line: the rest is a code frame that could show a secret from the file.
    const first = ((err as Error).message.split('\n')[0] ?? '').replace(/:$/, '');
    throw ConfigError.of('WX_CONFIG', `${path} is not valid YAML: ${first}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isPlainObject(doc)) throw ConfigError.of('WX_CONFIG', `${path} must hold a YAML mapping`);
  return interpolate(doc, [], env) as Record<string, unknown>;
}

/**
 * Substitutes in place (the parsed document is this function's own), the path kept on one stack:
 * a 20,000-watch file made a copy of every mapping and a path array for every value before.
 */
function interpolate(value: unknown, path: PropertyKey[], env: Env): unknown {
  if (typeof value === 'string') return value.includes('$') ? substitute(value, path, env) : value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      value[i] = interpolate(value[i], path, env);
      path.pop();
    }
  } else if (isPlainObject(value)) {
    for (const k of Object.keys(value)) {
      path.push(k);
      const next = interpolate(value[k], path, env);
      // defineProperty: a key named __proto__ stays a key, as in the parsed document.
      if (next !== value[k])
        Object.defineProperty(value, k, {
          value: next,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      path.pop();
    }
  }
  return value;
}

/**
 * An app's secret (`wechat.apps.<alias>.secret`, `wecom.apps.<alias>.secret`): an unset
 * reference there makes that app unusable, not the whole config.
 */
function isAppSecret(path: readonly PropertyKey[]): boolean {
  return (
    path.length === 4 &&
    (path[0] === 'wechat' || path[0] === 'wecom') &&
    path[1] === 'apps' &&
    path[3] === 'secret'
  );
}

function substitute(text: string, path: readonly PropertyKey[], env: Env): string | UnsetSecret {
  const key = formatPath(path);
  const unset: string[] = [];
  const out = text.replace(REFERENCE, (_match, escaped: string, name: string) => {
    if (escaped) return `\${${name}}`;
    // A malformed reference is a mistake in the file: it stops start-up wherever it is.
    if (!ENV_NAME.test(name)) {
      throw ConfigError.of(key, `\${${name}} is not a valid environment variable reference`);
    }
    const resolved = env[name];
    if (resolved === undefined || resolved === '') {
      if (!isAppSecret(path)) {
        throw ConfigError.of(key, `references \${${name}}, but ${name} is not set`);
      }
      if (!unset.includes(name)) unset.push(name);
      return '';
    }
    return resolved;
  });
  return unset.length > 0 ? new UnsetSecret(key, unset) : out;
}
