import { parseArgs } from 'node:util';
import type { RunSettings } from '../src/model/index.js';
// The module itself, not the model's index: a command's parser loads no other vocabulary.
import { ALL_REGIONS, isRegionName, REGION_RULE } from '../src/model/region.js';
import type { ProbeRequest } from '../src/probes/index.js';
import { parseResolveOverride, type ResolveOverride } from '../src/probes/net/resolve-override.js';
import { type OptionSpec, type Surface, UsageError } from './types.js';

export { BATCH_HELP, BATCH_OPTIONS, CA_OPTION, COMMON_HELP, COMMON_OPTIONS } from './flags.js';

export function parseCommand<T extends Record<string, OptionSpec>>(
  command: string,
  args: string[],
  options: T,
  surface: Surface,
) {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>
  >;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(
      (err as Error).message.replace(/\. To specify a positional.*$/s, ''),
      command,
    );
  }
  if (surface === 'chat') {
    const local = Object.keys(parsed.values).find((k) => options[k]?.terminal === true);
    if (local)
      throw new UsageError(`--${local} is only available in the terminal (wx CLI)`, command);
  }
  return parsed;
}

export function integer(
  command: string,
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max) {
    throw new UsageError(
      `--${name} wants a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`,
      command,
    );
  }
  return n;
}

export function runSettings(
  command: string,
  values: {
    timeout?: string;
    ca?: string[] | string;
    'deny-private'?: boolean;
    from?: string;
    file?: string;
  },
  surface: Surface,
): RunSettings {
  const ca = values.ca === undefined ? [] : Array.isArray(values.ca) ? values.ca : [values.ca];
  const from = regionsFrom(command, values.from);
  if (from && values.file !== undefined) {
    throw new UsageError(
      '--from runs one target in several regions; it does not take --file',
      command,
    );
  }
  return {
    timeoutMs: integer(command, 'timeout', values.timeout, 10_000, 1, 120_000),
    caFiles: ca,
    denyPrivate: surface === 'chat' || values['deny-private'] === true,
    ...(from ? { from } : {}),
  };
}

/** `--from north,east` → the names (sorted, once each); `--from all` → ['all']. */
export function regionsFrom(command: string, raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const names = [...new Set(raw.split(',').map((s) => s.trim().toLowerCase()))].filter(Boolean);
  if (names.includes(ALL_REGIONS)) {
    if (names.length > 1)
      throw new UsageError('--from all cannot be combined with region names', command);
    return [ALL_REGIONS];
  }
  if (names.length === 0) throw new UsageError('--from wants region names, or all', command);
  const bad = names.find((n) => !isRegionName(n));
  if (bad !== undefined) {
    throw new UsageError(
      `--from: not a region name: ${JSON.stringify(bad)} (${REGION_RULE})`,
      command,
    );
  }
  return names.sort();
}

export function resolveOverrides(command: string, raw: string[] | undefined): ResolveOverride[] {
  try {
    return (raw ?? []).map(parseResolveOverride);
  } catch (err) {
    throw new UsageError((err as Error).message, command);
  }
}

/** `--file`/`--concurrency` → the batch part of a plan; `request` builds one target's request. */
export function batch(
  command: string,
  values: { file?: string; concurrency?: string; summary?: boolean; json?: boolean },
  request: (target: string) => ProbeRequest,
) {
  if (values.file === undefined) {
    if (values.concurrency !== undefined)
      throw new UsageError('--concurrency only applies with --file', command);
    if (values.summary) throw new UsageError('--summary only applies with --file', command);
    return undefined;
  }
  if (values.summary && values.json) {
    throw new UsageError(
      '--summary is for people; with --json every result is a line (filter them, e.g. with jq)',
      command,
    );
  }
  return {
    file: values.file,
    concurrency: integer(command, 'concurrency', values.concurrency, 32, 1, 1024),
    summary: values.summary === true,
    request,
  };
}

/** The requests and batch of a single-target-or-file probe command. */
export function targets(
  command: string,
  positionals: string[],
  values: { file?: string; concurrency?: string; summary?: boolean; json?: boolean },
  request: (target: string) => ProbeRequest,
) {
  const b = batch(command, values, request);
  const target = singleTarget(command, positionals, b !== undefined);
  return { requests: target === undefined ? [] : [request(target)], ...(b ? { batch: b } : {}) };
}

/** Exactly one target, unless --file gives them. */
export function singleTarget(
  command: string,
  positionals: string[],
  hasFile: boolean,
): string | undefined {
  if (hasFile) {
    if (positionals.length > 0)
      throw new UsageError(
        'give targets either on the command line or with --file, not both',
        command,
      );
    return undefined;
  }
  if (positionals.length === 0) throw new UsageError('missing target', command);
  if (positionals.length > 1)
    throw new UsageError(
      `one target at a time (got ${positionals.join(' ')}); use --file for many`,
      command,
    );
  return positionals[0];
}
