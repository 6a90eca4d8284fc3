/**
 * Results kept for `details #W12` and the Details button: the chat answer is short, and what it
 * leaves out (chain, resolvers, timings, leaf) stays here, under the result's short reference,
 * until it expires.
 */
import type { Invocation, RedisClient } from '../model/index.js';
import type { CombinedReport } from '../probes/combine.js';
import type { AnyProbeResult } from '../probes/index.js';
import type { RegionsReport } from '../probes/regions/index.js';
import { createExpiring, json } from './expiring.js';

/** A week: long enough to look back at last week's alarm, short enough to stay small. */
export const DEFAULT_RESULT_TTL_S = 7 * 24 * 3600;

export interface KeptResult {
  /** The command that produced it: where it was asked (who may see it), its text, its ref. */
  invocation: Invocation;
  results: AnyProbeResult[];
  combined?: CombinedReport;
  /** A regional command's answers (`--from`; results is then empty). */
  regions?: RegionsReport;
  /** The thread its answer is in (Slack), for details asked from outside it. */
  threadRef?: string;
}

export interface ResultStore {
  keep(ref: string, result: KeptResult): Promise<void>;
  /** null when unknown or expired. */
  get(ref: string): Promise<KeptResult | null>;
}

export function createResultStore(
  redis: RedisClient,
  opts: { prefix: string; ttlSeconds?: number },
): ResultStore {
  const kept = createExpiring(redis, {
    key: (ref: string) => `${opts.prefix}:result:${ref}`,
    ttlSeconds: opts.ttlSeconds ?? DEFAULT_RESULT_TTL_S,
    codec: json<KeptResult>(),
  });
  return { keep: (ref, result) => kept.set(ref, result), get: (ref) => kept.get(ref) };
}
