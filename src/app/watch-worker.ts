/**
 * The `watch` queue's worker: sweeps (a BullMQ job scheduler, not a timer), checks and
 * `/wx watch` commands, over one WatchService.
 */
import { type Job, Queue, Worker, type WorkerOptions } from 'bullmq';
import { createSweepProcessor } from '../../jobs/sweep.js';
import { createWatchCheckProcessor } from '../../jobs/watch-check.js';
import { createWatchCommandProcessor } from '../../jobs/watch-command.js';
import type { OutboundMessage } from '../model/index.js';
import type { AnyProbeResult } from '../probes/index.js';
import type { QueueConnection } from '../queue/connection.js';
import { notifyJobOptions } from '../queue/job-options.js';
import { QUEUES } from '../queue/names.js';
import {
  SWEEP_SCHEDULER,
  WATCH_JOBS,
  type WatchCheckJobData,
  type WatchCommandJobData,
  watchCheckJobOptions,
} from '../queue/watch-jobs.js';
import type { EvaluateOptions } from '../watch/incident.js';
import { certWatchProbe, type WatchProbe } from '../watch/probe.js';
import { type ShortRefs, watchRefs } from '../watch/refs.js';
import type { Intervals } from '../watch/schedule.js';
import { WatchService } from '../watch/service.js';
import { createWatchStore } from '../watch/store.js';

export interface WatchWorkerOptions {
  /** The clock of every watch decision (tests inject one); default Date.now. */
  now?: () => number;
  /** How often the sweep runs (default 30 s); 0: no sweep scheduler (tests drive checks). */
  sweepEveryMs?: number;
  /** Checks at once (default 64). */
  concurrency?: number;
  probeTimeoutMs?: number;
  intervals?: Intervals;
  evaluate?: EvaluateOptions;
  refs?: ShortRefs;
  /** Replaces the cert probe (benchmarks, tests of the queue plumbing). */
  probe?: WatchProbe;
  /** After every check (metrics, benchmarks). */
  onChecked?: (id: string, outcome: 'checked' | 'gone') => void;
}

export interface WatchWorker {
  worker: Worker;
  service: WatchService;
  close(): Promise<void>;
}

export function startWatchWorker(
  connection: QueueConnection,
  prefix: string,
  common: WorkerOptions,
  opts: WatchWorkerOptions & {
    allow: string[];
    onProbeResult?: (result: AnyProbeResult) => void;
    onError: (err: Error) => void;
  },
): WatchWorker {
  const now = opts.now ?? Date.now;
  const watchQueue = new Queue(QUEUES.watch, { connection, prefix });
  const notifyQueue = new Queue(QUEUES.notify, { connection, prefix });
  for (const q of [watchQueue, notifyQueue]) q.on('error', opts.onError);
  const store = createWatchStore(connection, { prefix });
  const enqueue = async (messages: OutboundMessage[]) => {
    if (messages.length === 0) return;
    await notifyQueue.addBulk(
      messages.map((m) => ({ name: m.action, data: m, opts: notifyJobOptions(m.id) })),
    );
  };
  const service = new WatchService({
    store,
    refs: opts.refs ?? watchRefs(connection, { prefix }),
    enqueue,
    checkSoon: async (id, at) => {
      const data: WatchCheckJobData = { id, dueAt: at };
      await watchQueue.add(WATCH_JOBS.check, data, watchCheckJobOptions(data));
    },
    probe:
      opts.probe ?? certWatchProbe({ allow: opts.allow, timeoutMs: opts.probeTimeoutMs ?? 10_000 }),
    now,
    ...(opts.intervals ? { intervals: opts.intervals } : {}),
    ...(opts.evaluate ? { evaluate: opts.evaluate } : {}),
    ...(opts.onProbeResult ? { onProbeResult: opts.onProbeResult } : {}),
    ...(opts.onChecked ? { onChecked: opts.onChecked } : {}),
  });
  const sweep = createSweepProcessor({ store, queue: watchQueue, now });
  const check = createWatchCheckProcessor(service);
  const command = createWatchCommandProcessor({ service, enqueue, now });
  const worker = new Worker(
    QUEUES.watch,
    async (job: Job) => {
      switch (job.name) {
        case WATCH_JOBS.sweep:
          return sweep();
        case WATCH_JOBS.check:
          return check(job as Job<WatchCheckJobData>);
        case WATCH_JOBS.command:
          return command(job as Job<WatchCommandJobData>);
        default:
          throw new Error(`unknown watch job ${job.name}`);
      }
    },
    { ...common, concurrency: opts.concurrency ?? 64 },
  );
  // Every worker process upserts the same scheduler: one sweep per interval, whoever runs it.
  if (opts.sweepEveryMs !== 0) {
    watchQueue
      .upsertJobScheduler(
        SWEEP_SCHEDULER,
        { every: opts.sweepEveryMs ?? 30_000 },
        { name: WATCH_JOBS.sweep, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
      )
      .catch(opts.onError);
  }
  return {
    worker,
    service,
    async close() {
      await worker.close();
      await Promise.all([watchQueue.close(), notifyQueue.close()]);
    },
  };
}
