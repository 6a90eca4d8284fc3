/**
 * `.env` for `npm start` and `node dist/src/main.js`: read when present in the working directory,
 * as `node --env-file` would (variables already in the environment win), but without failing when
 * there is none. Node reads it itself (process.loadEnvFile, Node 20.12+).
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

export type EnvFileOutcome =
  | { status: 'absent' }
  | { status: 'loaded'; path: string }
  /** The file is there but this Node cannot read it: the caller says so. */
  | { status: 'unsupported'; path: string };

export function loadEnvFile(
  file = '.env',
  /** Node's reader; null on a Node that has none. */
  load: ((path: string) => void) | null = process.loadEnvFile?.bind(process) ?? null,
): EnvFileOutcome {
  const path = resolve(file);
  if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return { status: 'absent' };
  if (!load) return { status: 'unsupported', path };
  load(path);
  return { status: 'loaded', path };
}
