/** The watch feature over one Redis: its store, short references, probe and service. */
import type { RedisClient } from '../model/index.js';
import type { IncidentRecords } from '../store/incident-records.js';
import type { EvaluateOptions } from './incident.js';
import { type WatchProbe, type WatchProbeOptions, watchProbe } from './probe.js';
import { type ShortRefs, watchRefs } from './refs.js';
import type { Intervals } from './schedule.js';
import { WatchService, type WatchServiceDeps } from './service.js';
import { createWatchStore, type WatchStore } from './store.js';

/** How watches are checked; the defaults are production's. */
export interface WatchSettings {
  /** The clock of every watch decision (tests inject one); default Date.now. */
  now?: () => number;
  probeTimeoutMs?: number;
  /** Longest wait for each TCP connection of a watch check (default 3 s). */
  connectTimeoutMs?: number;
  intervals?: Intervals;
  evaluate?: EvaluateOptions;
  refs?: ShortRefs;
  /** Replaces the watches' probe (benchmarks, tests of the queue plumbing). */
  probe?: WatchProbe;
  /** The WeChat/WeCom apps `wechat` watches name (the worker's registry). */
  apps?: WatchProbeOptions['apps'];
  errcodeGloss?: WatchProbeOptions['errcodeGloss'];
  /** After every check (metrics, benchmarks). */
  onChecked?: (id: string, outcome: 'checked' | 'gone') => void;
  /** How long past the probe's deadline a silent region is waited for (default 3 s; tests). */
  regionMarginMs?: number;
}

/** Post-incident records: how long they are kept, and the public link of one (WeCom). */
export interface RecordSettings {
  /** Days a record is kept after its incident closed (default 90). */
  recordDays?: number;
  /** The Markdown's public URL of a record; unset: WeCom gets the record without a link. */
  recordLink?: (id: string) => string;
}

export interface CreateWatchesOptions
  extends WatchSettings,
    Pick<WatchServiceDeps, 'enqueue' | 'checkSoon' | 'onProbeResult' | 'regional'> {
  prefix: string;
  /** CIDRs the address guard lets through for chat-added watches. */
  allow: string[];
  records?: IncidentRecords;
}

export interface Watches {
  service: WatchService;
  store: WatchStore;
  now: () => number;
}

export function createWatches(redis: RedisClient, opts: CreateWatchesOptions): Watches {
  const { prefix } = opts;
  const now = opts.now ?? Date.now;
  const store = createWatchStore(redis, { prefix });
  const service = new WatchService({
    store,
    refs: opts.refs ?? watchRefs(redis, { prefix }),
    enqueue: opts.enqueue,
    checkSoon: opts.checkSoon,
    probe:
      opts.probe ??
      watchProbe({
        allow: opts.allow,
        timeoutMs: opts.probeTimeoutMs ?? 10_000,
        ...(opts.connectTimeoutMs !== undefined ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
        ...(opts.apps ? { apps: opts.apps } : {}),
        ...(opts.errcodeGloss ? { errcodeGloss: opts.errcodeGloss } : {}),
      }),
    now,
    ...(opts.intervals ? { intervals: opts.intervals } : {}),
    ...(opts.evaluate ? { evaluate: opts.evaluate } : {}),
    ...(opts.onProbeResult ? { onProbeResult: opts.onProbeResult } : {}),
    ...(opts.onChecked ? { onChecked: opts.onChecked } : {}),
    ...(opts.records ? { records: opts.records } : {}),
    ...(opts.regional ? { regional: opts.regional } : {}),
  });
  return { service, store, now };
}
