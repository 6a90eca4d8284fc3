/**
 * The job workers: one BullMQ worker per queue, each with its own concurrency, so a slow chat
 * platform never holds up probes and a probe backlog never holds up delivering finished results.
 */
import { type Job, UnrecoverableError, Worker, type WorkerOptions } from 'bullmq';
import { createAnswerProcessor } from '../../jobs/answer.js';
import { createCheckProcessor } from '../../jobs/check.js';
import { createCommandProcessor } from '../../jobs/command.js';
import { createDetailsProcessor } from '../../jobs/details.js';
import {
  countedPerMessage,
  createDeliverer,
  createSender,
  deliveryBackoff,
} from '../../jobs/notify.js';
import { createProbeProcessor, createProbeRunner, type ProbeJobOptions } from '../../jobs/probe.js';
import { createRegionDeadlineProcessor } from '../../jobs/region-deadline.js';
import { USER_AGENT } from '../config/version.js';
import { errcodeMeaningZh } from '../i18n/errcodes-zh-CN.js';
import type { RedisClient } from '../model/index.js';
import {
  type ChatDelivery,
  DEFAULT_REGION,
  type Log,
  type Platform,
  SILENT,
} from '../model/index.js';
import type { ResolverSpec } from '../probes/dns/types.js';
import type { AnyProbeResult } from '../probes/index.js';
import { parseAllowList } from '../probes/net/guard.js';
import type { AppRegistry } from '../probes/wechat/types.js';
import { type RedisTarget, useConnection } from '../queue/connection.js';
import { DETAILS_JOB, type DetailsJobData } from '../queue/details-job.js';
import type {
  CheckJobData,
  CommandJobData,
  NotifyJobData,
  ProbeJobData,
  RegionDeadlineJobData,
} from '../queue/job-data.js';
import { DELIVERY_BACKOFF } from '../queue/job-options.js';
import {
  ANSWER,
  COMMAND,
  DEFAULT_PREFIX,
  QUEUES,
  REGION_DEADLINE,
  regionQueue,
} from '../queue/names.js';
import { openNotifyQueue } from '../queue/notify-queue.js';
import { Slots } from '../queue/slots.js';
import { createSentMessages } from '../store/dedupe.js';
import { createResultStore } from '../store/results.js';
import type { WatchService } from '../watch/service.js';
import { startWatchWorker, type WatchWorkerOptions } from './watch-worker.js';

/** The workers log no debug lines. */
export type WorkerLog = Pick<Log, 'info' | 'warn' | 'error'>;

export interface WorkersOptions {
  /**
   * A worker connection (createQueueConnection(target, 'worker')), which stays the caller's, or
   * a target, for which the workers make and close their own. BullMQ duplicates it for each
   * worker's blocking fetch.
   */
  connection: RedisClient | RedisTarget;
  prefix?: string;
  deliveries: Partial<Record<Platform, ChatDelivery>>;
  /** Probes at once in this process (default 64). */
  probeConcurrency?: number;
  /** Deliveries at once (default 8). */
  notifyConcurrency?: number;
  /** Result assemblies at once (default 8): cheap, Redis-bound. */
  checkConcurrency?: number;
  /** CIDRs the address guard lets through for chat-triggered probes (WX_PROBE_ALLOW). */
  allow?: readonly string[];
  /** Upper bound on a chat-triggered probe's deadline (WX_PROBE_TIMEOUT_MS): `--timeout` can lower it, not raise it. */
  maxProbeTimeoutMs?: number;
  /** How long past its deadline a probe is waited for before its job is failed (default 2000). */
  probeGraceMs?: number;
  /** How long a job's lock lasts without renewal: how soon a dead worker's job is taken over. */
  lockDurationMs?: number;
  /** How often this process looks for stalled jobs (dead workers' jobs). */
  stalledIntervalMs?: number;
  /** First retry delay of a failed delivery; it doubles on every attempt (default 1000). */
  notifyBackoffMs?: number;
  /** How long a reply waits before looking again for its undelivered parent (default 2000). */
  notifyParentWaitMs?: number;
  /** How long a delivery is remembered for dedupe (default 7 days). */
  sentTtlSeconds?: number;
  logger?: WorkerLog;
  /** Called with every probe result (metrics). */
  onProbeResult?: (result: AnyProbeResult) => void;
  /** Every notify attempt's end: delivered, failed and retried, or failed for good. */
  onDelivery?: (platform: Platform, outcome: 'delivered' | 'retried' | 'failed') => void;
  /** Certificate watches: clock, sweep interval, concurrency (the `watch` queue). */
  watch?: WatchWorkerOptions;
  /** How long results are kept for `details #W12` (default 7 days). */
  resultTtlSeconds?: number;
  /** WeChat/WeCom apps the `wechat` probe resolves aliases through. */
  apps?: AppRegistry;
  /** WX_REGION: this process also takes the probes of its region's queue (`--from REGION`). */
  region?: string;
  /** WX_RESOLVERS: its probes resolve through these instead of the system's. */
  resolvers?: readonly ResolverSpec[];
  /** Extra trusted roots (PEM) for queued probes, as NODE_EXTRA_CA_CERTS does for a process. */
  extraCaPem?: string[];
  /**
   * Sees every Redis client error first (source: which client); true means it is taken care of
   * (one line per outage, redis-outage.ts) and is not logged here.
   */
  onRedisError?: (err: Error, source: string) => boolean;
}

export interface Workers {
  /** Resolves once every worker is connected and fetching jobs. */
  ready(): Promise<void>;
  /** All workers are running (not closed, not paused). */
  running(): boolean;
  /** Why no more work can start (every slot of a worker held past its deadline), or null. */
  stuck(): string | null;
  /** Stops taking jobs, lets the jobs in flight finish, then closes what it opened. */
  close(): Promise<void>;
  /** The watches of this worker (file sync, tests). */
  watches: WatchService;
  /** Jobs at once, per queue, as the BullMQ workers have it now. */
  concurrency(): Record<string, number>;
  /** BullMQ workers: one per queue, its region's probe queue included. */
  count: number;
  /** WX_REGION of this process. */
  region: string;
}

const NOTIFY_MAX_STARTS = 64;

export function startWorkers(opts: WorkersOptions): Workers {
  const allow = parseAllowList(opts.allow ?? []);
  const log = opts.logger ?? SILENT;
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  const taken = (err: Error, source: string) => opts.onRedisError?.(err, source) === true;
  const { connection, release } = useConnection(opts.connection, 'worker', {
    onError: (err) =>
      taken(err, 'workers') || log.warn({ err: err.message }, 'redis connection error'),
  });
  const common: WorkerOptions = {
    connection,
    prefix,
    ...(opts.lockDurationMs !== undefined ? { lockDuration: opts.lockDurationMs } : {}),
    ...(opts.stalledIntervalMs !== undefined ? { stalledInterval: opts.stalledIntervalMs } : {}),
  };
  const probeConcurrency = opts.probeConcurrency ?? 64;
  const probeSlots = new Slots('probe', probeConcurrency);
  // Where the check and details jobs add their delivery jobs.
  const notifyQueue = openNotifyQueue(connection, prefix);
  notifyQueue.on(
    'error',
    (err) => taken(err, 'notify queue') || log.error({ err: err.message }, 'notify queue error'),
  );

  const probeOptions = (slots?: Slots): ProbeJobOptions => ({
    allow,
    ...(opts.maxProbeTimeoutMs !== undefined ? { maxTimeoutMs: opts.maxProbeTimeoutMs } : {}),
    ...(opts.onProbeResult ? { onProbeResult: opts.onProbeResult } : {}),
    onHookError: (err) => log.error({ err: String(err) }, 'onProbeResult failed'),
    ...(opts.apps ? { apps: opts.apps } : {}),
    userAgent: USER_AGENT,
    errcodeGloss: errcodeMeaningZh,
    ...(opts.probeGraceMs !== undefined ? { graceMs: opts.probeGraceMs } : {}),
    ...(opts.resolvers?.length ? { resolvers: opts.resolvers } : {}),
    ...(opts.extraCaPem ? { extraCaPem: opts.extraCaPem } : {}),
    ...(slots ? { slots } : {}),
  });
  const probeProcessor = (slots: Slots) => createProbeProcessor(probeOptions(slots));
  // Its region's probes (`--from`) on a queue of their own, beside the probes any worker takes.
  const region = opts.region ?? DEFAULT_REGION;
  const regionSlots = new Slots(regionQueue(region), probeConcurrency);
  const results = createResultStore(connection, {
    prefix,
    ...(opts.resultTtlSeconds !== undefined ? { ttlSeconds: opts.resultTtlSeconds } : {}),
  });
  const check = createCheckProcessor({ notify: notifyQueue, results });
  const details = createDetailsProcessor({
    notify: notifyQueue,
    results,
    admins: opts.watch?.admins ?? [],
  });
  const deadline = createRegionDeadlineProcessor({ connection, prefix });
  const sent = createSentMessages(connection, {
    prefix,
    ...(opts.sentTtlSeconds !== undefined ? { ttlSeconds: opts.sentTtlSeconds } : {}),
  });
  const deliver = createDeliverer({
    deliveries: opts.deliveries,
    log,
    ...(opts.onDelivery ? { onMessage: opts.onDelivery } : {}),
    // The processor decides every message's outcome at the last start the worker allows.
    maxStarts: NOTIFY_MAX_STARTS,
    ...(opts.notifyParentWaitMs !== undefined ? { parentWaitMs: opts.notifyParentWaitMs } : {}),
    sent,
  });
  const notify = (job: Job<NotifyJobData>, token?: string) => deliver(job, token, job.data);
  const answer = createAnswerProcessor({ deliver, results });
  const probe = probeProcessor(probeSlots);
  const command = createCommandProcessor({
    probe: createProbeRunner(probeOptions()),
    ...(opts.maxProbeTimeoutMs !== undefined ? { maxTimeoutMs: opts.maxProbeTimeoutMs } : {}),
    slots: probeSlots,
    send: createSender({ deliveries: opts.deliveries, sent, log }),
    sent,
    notify: notifyQueue,
    results,
    ...(opts.onDelivery ? { onMessage: opts.onDelivery } : {}),
    log,
  });

  const workers = [
    // A chat command outside regions is one `command` job here: it posts and answers too.
    new Worker(
      QUEUES.probe,
      (job: Job, token?: string, signal?: AbortSignal) =>
        job.name === COMMAND
          ? command(job as Job<CommandJobData>, token, signal)
          : probe(job as Job<ProbeJobData>, token, signal),
      { ...common, concurrency: probeConcurrency },
    ),
    // The check queue's jobs are Redis-bound: assembling a result, reading a kept one, or ending
    // a regional command's wait.
    new Worker(
      QUEUES.check,
      (job: Job) =>
        job.name === DETAILS_JOB
          ? details(job as Job<DetailsJobData>)
          : job.name === REGION_DEADLINE
            ? deadline.process(job as Job<RegionDeadlineJobData>)
            : check(job as Job<CheckJobData>),
      { ...common, concurrency: opts.checkConcurrency ?? 8 },
    ),
    // A chat command's `answer` job composes its answer first (answer.ts).
    new Worker(
      QUEUES.notify,
      (job: Job, token?: string) =>
        job.name === ANSWER
          ? answer(job as Job<CheckJobData>, token)
          : notify(job as Job<NotifyJobData>, token),
      {
        ...common,
        concurrency: opts.notifyConcurrency ?? 8,
        settings: { backoffStrategy: notifyBackoff(opts.notifyBackoffMs ?? 1000) },
        // Rate-limit delays use no attempts; this bounds a 429 storm that never ends.
        maxStartedAttempts: NOTIFY_MAX_STARTS,
      },
    ),
  ];
  const watches = startWatchWorker(connection, prefix, common, {
    ...(opts.apps ? { apps: opts.apps } : {}),
    errcodeGloss: errcodeMeaningZh,
    ...opts.watch,
    allow,
    probeTimeoutMs: opts.watch?.probeTimeoutMs ?? opts.maxProbeTimeoutMs ?? 10_000,
    ...(opts.onProbeResult ? { onProbeResult: opts.onProbeResult } : {}),
    onError: (err) =>
      taken(err, 'watch queue') || log.error({ err: err.message }, 'watch queue error'),
  });
  workers.push(watches.worker);
  const notifyWorker = workers.find((w) => w.name === QUEUES.notify) as Worker<NotifyJobData>;
  if (opts.onDelivery) countDeliveries(notifyWorker, opts.onDelivery);
  // A worker that names no region serves unrouted probes only: regions are opt-in.
  if (region !== DEFAULT_REGION) {
    workers.push(
      new Worker(regionQueue(region), probeProcessor(regionSlots), {
        ...common,
        concurrency: probeConcurrency,
      }),
    );
  }
  for (const worker of workers) logEvents(worker, log, taken);

  let closing: Promise<void> | undefined;
  const close = async () => {
    await Promise.all([...workers.map((w) => w.close()), watches.close()]);
    // After the workers: a check finishing during close still adds its delivery job.
    await Promise.all([notifyQueue.close(), deadline.close()]);
    await release();
  };
  return {
    async ready() {
      await Promise.all(workers.map((w) => w.waitUntilReady()));
    },
    running: () => workers.every((w) => w.isRunning()),
    stuck: () => {
      const reasons = [probeSlots.stuck(), regionSlots.stuck(), watches.slots.stuck()].filter(
        (r) => r !== null,
      );
      return reasons.length > 0 ? reasons.join('; ') : null;
    },
    watches: watches.service,
    concurrency: () => Object.fromEntries(workers.map((w) => [w.name, w.concurrency])),
    count: workers.length,
    region,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}

function countDeliveries(
  notify: Worker<NotifyJobData>,
  count: NonNullable<WorkersOptions['onDelivery']>,
): void {
  // A job with a follow-up, and a command's answer, count their messages one by one as they
  // deliver them (onMessage).
  notify.on('completed', (job) => {
    if (job.name !== ANSWER && !job.data.followUp) count(job.data.platform, 'delivered');
  });
  // BullMQ sets finishedOn only when it gives up on the job (no attempt left, or unrecoverable).
  // An answer that failed before any delivery (composing it) counts no message.
  notify.on('failed', (job, err) => {
    if (job && job.name !== ANSWER && !countedPerMessage(err)) {
      count(job.data.platform, job.finishedOn ? 'failed' : 'retried');
    }
  });
}

function notifyBackoff(baseMs: number) {
  const delay = deliveryBackoff(baseMs);
  return (attemptsMade: number, type?: string): number => {
    if (type !== DELIVERY_BACKOFF) throw new Error(`unknown backoff type ${type}`);
    return delay(attemptsMade);
  };
}

function logEvents(
  worker: Worker,
  log: WorkerLog,
  taken: (err: Error, source: string) => boolean,
): void {
  const queue = worker.name;
  // A Worker without an 'error' listener would crash the process on a Redis hiccup.
  worker.on(
    'error',
    (err) =>
      taken(err, `${queue} worker`) || log.error({ queue, err: err.message }, 'worker error'),
  );
  worker.on('stalled', (jobId) => log.warn({ queue, jobId }, 'job stalled; taken over'));
  worker.on('failed', (job, err) => {
    const final =
      err instanceof UnrecoverableError || (job?.attemptsMade ?? 0) >= (job?.opts.attempts ?? 1);
    log[final ? 'error' : 'warn'](
      { queue, jobId: job?.id, name: job?.name, attemptsMade: job?.attemptsMade, err: err.message },
      final ? 'job failed for good' : 'job failed; will retry',
    );
  });
}
