/**
 * The `watch` queue's worker: sweeps (a BullMQ job scheduler, not a timer), checks and
 * `/wx watch` commands, over one WatchService.
 */
import { type Job, Worker, type WorkerOptions } from 'bullmq';
import { createSweepProcessor } from '../../jobs/sweep.js';
import { createWatchCheckProcessor } from '../../jobs/watch-check.js';
import { createWatchCommandProcessor } from '../../jobs/watch-command.js';
import type { ChatWatchLimits } from '../config/index.js';
import type { RedisClient } from '../model/index.js';
import type { AnyProbeResult, LookupFn } from '../probes/index.js';
import { QUEUES } from '../queue/names.js';
import { createRegionProber } from '../queue/region-probe.js';
import { Slots } from '../queue/slots.js';
import {
  WATCH_JOBS,
  type WatchCheckJobData,
  type WatchCommandJobData,
} from '../queue/watch-jobs.js';
import { openWatchQueues } from '../queue/watch-queues.js';
import { createIncidentRecords } from '../store/incident-records.js';
import { createLastResults } from '../store/last-results.js';
import { snapshotOf } from '../store/result-snapshot.js';
import { createWorkerBeats } from '../store/worker-beats.js';
import { watchAccess } from '../watch/access.js';
import { createAdmit } from '../watch/admit.js';
import { createWatches, type RecordSettings, type WatchSettings } from '../watch/create.js';
import type { ChannelLookup } from '../watch/destinations.js';
import { regionalWatchProbe } from '../watch/regional-probe.js';
import type { WatchService } from '../watch/service.js';

/**
 * The quickest a check of a remote host takes (TCP and TLS round trips): the sweep queues no
 * more than the worker's slots can start at this pace before the next tick.
 */
const QUICKEST_CHECK_MS = 100;

export interface WatchWorkerOptions extends WatchSettings, RecordSettings {
  /** How often the sweep runs (default 30 s); 0: no sweep scheduler (tests drive checks). */
  sweepEveryMs?: number;
  /** Jobs of the watch queue at once, checks among them (WX_WATCH_CONCURRENCY, default 64). */
  concurrency?: number;
  /** `platform:userid` of the users who may act on every watch (WX_ADMINS). */
  admins?: readonly string[];
  /** Where chat-added watches may warn, and how many there may be (defaults: none, 50, 10,000). */
  limits?: Partial<ChatWatchLimits>;
  /** `--to #name` → a Slack channel id (when Slack is configured). */
  channels?: ChannelLookup;
  /** Name resolution of the address guard at `watch add` (default: the system resolver). */
  lookup?: LookupFn;
  /** The `region` label of the results this worker keeps for /metrics (WX_REGION). */
  region?: string;
}

export interface WatchWorker {
  worker: Worker;
  service: WatchService;
  /** Its running jobs with their deadlines (checks only: sweeps and commands have none). */
  slots: Slots;
  close(): Promise<void>;
}

export function startWatchWorker(
  connection: RedisClient,
  prefix: string,
  common: WorkerOptions,
  opts: WatchWorkerOptions & {
    allow: string[];
    onProbeResult?: (result: AnyProbeResult) => void;
    onError: (err: Error) => void;
  },
): WatchWorker {
  const {
    sweepEveryMs,
    concurrency,
    onError,
    admins,
    limits,
    channels,
    lookup,
    region,
    recordDays,
    recordLink,
    ...settings
  } = opts;
  const queues = openWatchQueues(connection, prefix, onError);
  const { enqueue, checkSoon } = queues;
  const records = createIncidentRecords(connection, {
    prefix,
    ...(recordDays !== undefined ? { days: recordDays } : {}),
  });
  const probeTimeoutMs = settings.probeTimeoutMs ?? 10_000;
  // Watches with regions: their probe goes to each region's queue, awaited on QueueEvents this
  // worker owns (one per region queue, shared by every check), closed in close().
  const prober = createRegionProber(connection, prefix, onError);
  const beats = createWorkerBeats(connection, { prefix });
  const regional = regionalWatchProbe({
    prober,
    live: async () => (await beats.live()).map((r) => r.region),
    timeoutMs: probeTimeoutMs,
    ...(settings.regionMarginMs !== undefined ? { marginMs: settings.regionMarginMs } : {}),
  });
  const { service, store, now } = createWatches(connection, {
    ...settings,
    prefix,
    enqueue,
    checkSoon,
    records,
    regional,
  });
  const slotCount = concurrency ?? 64;
  const checkMs = probeTimeoutMs;
  const sweep = createSweepProcessor({
    store,
    queue: queues.watch,
    now,
    slots: slotCount,
    checkMs,
    maxBacklog: Math.ceil((slotCount * (sweepEveryMs || 30_000)) / QUICKEST_CHECK_MS),
  });
  const lastResults = createLastResults(connection, { prefix });
  const check = createWatchCheckProcessor(service, async (id, result, ranIn) => {
    // The check itself is done and saved: a lost snapshot is a stale series, not a failed job.
    await lastResults
      .record(snapshotOf(id, result, ranIn ?? region ?? 'default', now()))
      .catch((err: Error) => onError(new Error(`keeping the result of ${id}: ${err.message}`)));
  });
  const command = createWatchCommandProcessor({
    service,
    enqueue,
    now,
    access: watchAccess(admins, limits),
    admit: createAdmit({
      allow: opts.allow,
      timeoutMs: opts.probeTimeoutMs ?? 10_000,
      ...(lookup ? { lookup } : {}),
    }),
    ...(channels ? { channels } : {}),
    records: { records, ...(recordLink ? { link: recordLink } : {}) },
  });
  const slots = new Slots('watch', slotCount);
  const worker = new Worker(
    QUEUES.watch,
    async (job: Job) => {
      switch (job.name) {
        case WATCH_JOBS.sweep:
          return sweep();
        case WATCH_JOBS.check: {
          // A regional check waits up to the deadline plus the margin for its regions.
          const release = slots.hold(Date.now() + checkMs + (settings.regionMarginMs ?? 3000));
          try {
            return await check(job as Job<WatchCheckJobData>);
          } finally {
            release();
          }
        }
        case WATCH_JOBS.command:
          return command(job as Job<WatchCommandJobData>);
        default:
          throw new Error(`unknown watch job ${job.name}`);
      }
    },
    { ...common, concurrency: slotCount },
  );
  if (sweepEveryMs !== 0) queues.scheduleSweep(sweepEveryMs ?? 30_000).catch(onError);
  return {
    worker,
    service,
    slots,
    async close() {
      await worker.close();
      await Promise.all([queues.close(), prober.close()]);
    },
  };
}
