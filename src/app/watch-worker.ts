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
import { REGION_MARGIN_MS } from '../queue/command-flow.js';
import { type ConcurrencyLimits, floorOf, Pace, startableIn } from '../queue/concurrency.js';
import { QUEUES } from '../queue/names.js';
import { createRegionProber } from '../queue/region-probe.js';
import { type Held, Slots } from '../queue/slots.js';
import {
  WATCH_JOBS,
  type WatchCheckJobData,
  type WatchCommandJobData,
  watchJobsKept,
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
import { type RegionalProbe, regionalWatchProbe } from '../watch/regional-probe.js';
import type { WatchService } from '../watch/service.js';
import { type Adjustable, adaptConcurrency } from './adaptive-concurrency.js';

/** A check's duration until some are measured (a remote host: a few round trips, OCSP). */
const FIRST_GUESS_CHECK_MS = 1000;
/** What the watch queue's concurrency starts at (the fixed value it had before it adapted). */
const START_CONCURRENCY = 64;
/**
 * What a sweep queues is what the workers can start in this long (or the tick, when shorter):
 * a refill sweep tops the backlog up again every REFILL_MS while watches are still due, so a
 * short window keeps few checks waiting as jobs in Redis without ever starving the workers.
 */
const SWEEP_WINDOW_MS = 10_000;
const REFILL_MS = 2000;
/** WX_WATCH_CONCURRENCY's default: the most checks at once the controller may reach. */
export const DEFAULT_WATCH_CONCURRENCY = 512;

export interface WatchWorkerOptions extends WatchSettings, RecordSettings {
  /** How often the sweep runs (default 30 s); 0: no sweep scheduler (tests drive checks). */
  sweepEveryMs?: number;
  /**
   * The most jobs of the watch queue at once, checks among them (WX_WATCH_CONCURRENCY, default
   * 512): the worker starts at 64 (or this, when lower) and adapts between a floor and this.
   */
  concurrency?: number;
  /** The least it adapts down to (default 16, or `concurrency` when lower). */
  minConcurrency?: number;
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
  /** The mean duration of its checks (EWMA), ms. */
  meanCheckMs(): number;
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
    minConcurrency,
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
  const regionMarginMs = settings.regionMarginMs ?? REGION_MARGIN_MS;
  const inRegions = regionalWatchProbe({
    prober,
    live: async () => (await beats.live()).map((r) => r.region),
    timeoutMs: probeTimeoutMs,
    marginMs: regionMarginMs,
  });
  // The check's slot is held to the probe deadline; a check that goes to its regions waits for
  // them up to the margin beyond it, and says so to its slot, found by the watch's id (the lease
  // lets one check of a watch run at a time). Not AsyncLocalStorage: in Node 20 it turns on a
  // promise hook for every promise in the process, 15 KB and CPU per check.
  const heldFor = new Map<string, Held>();
  const regional: RegionalProbe = (watch) => {
    heldFor.get(watch.id)?.until(Date.now() + probeTimeoutMs + regionMarginMs);
    return inRegions(watch);
  };
  const { service, store, now } = createWatches(connection, {
    ...settings,
    prefix,
    enqueue,
    checkSoon,
    records,
    regional,
  });
  const range: ConcurrencyLimits = {
    max: concurrency ?? DEFAULT_WATCH_CONCURRENCY,
    ...(minConcurrency !== undefined ? { floor: minConcurrency } : {}),
  };
  const slotCount = Math.max(floorOf(range), Math.min(START_CONCURRENCY, range.max));
  const checkMs = probeTimeoutMs;
  const pace = new Pace(FIRST_GUESS_CHECK_MS);
  const sweepWindowMs = Math.min(sweepEveryMs || 30_000, SWEEP_WINDOW_MS);
  const slots = new Slots('watch', slotCount);
  const sweep = createSweepProcessor({
    store,
    queue: queues.watch,
    now,
    slots: () => slots.capacity,
    checkMs,
    // Every queued check is a job in Redis: no more than this worker starts before the next tick.
    startable: () => startableIn(sweepWindowMs, slots.capacity, pace.meanMs()),
    refillMs: REFILL_MS,
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
  const run = async (job: Job) => {
    switch (job.name) {
      case WATCH_JOBS.sweep:
        return sweep();
      case WATCH_JOBS.check: {
        const started = Date.now();
        const held = slots.hold(started + checkMs);
        const { id } = (job as Job<WatchCheckJobData>).data;
        heldFor.set(id, held);
        try {
          return await check(job as Job<WatchCheckJobData>);
        } finally {
          if (heldFor.get(id) === held) heldFor.delete(id);
          held();
          pace.observe(Date.now() - started);
        }
      }
      case WATCH_JOBS.command:
        return command(job as Job<WatchCommandJobData>);
      default:
        throw new Error(`unknown watch job ${job.name}`);
    }
  };
  const targets: Adjustable[] = [];
  const adaptive = adaptConcurrency(targets, range, {
    onChange: (n) => {
      slots.capacity = n;
    },
  });
  const worker = new Worker(QUEUES.watch, (job: Job) => adaptive.track(() => run(job)), {
    ...common,
    ...watchJobsKept,
    concurrency: slotCount,
  });
  targets.push(worker);
  if (sweepEveryMs !== 0) queues.scheduleSweep(sweepEveryMs ?? 30_000).catch(onError);
  return {
    worker,
    service,
    slots,
    meanCheckMs: () => pace.meanMs(),
    async close() {
      adaptive.stop();
      await worker.close();
      await Promise.all([queues.close(), prober.close()]);
    },
  };
}
