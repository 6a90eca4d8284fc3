/**
 * One process of a role: `bot` (front ends, enqueue only), `worker` (job workers) or `all`.
 * Both share the producer connection, the queue metrics and the ops routes (/healthz, /metrics).
 */
import { unusableApps } from '../config/apps.js';
import { type Config, describeRedis, runsFrontEnd, runsWorkers } from '../config/index.js';
import { redisSetting, redisTarget } from '../config/redis.js';
import { opsRoutes, type Route, statusRoutes } from '../http/routes.js';
import { startOpsServer } from '../http/server.js';
import {
  type ChatDelivery,
  DEFAULT_REGION,
  type Platform,
  type RedisClient,
} from '../model/index.js';
import { createQueueConnection, quit, readyWithin } from '../queue/connection.js';
import { jobCounts, regionJobCounts } from '../queue/job-counts.js';
import { QUEUES } from '../queue/names.js';
import { createIncidentRecords } from '../store/incident-records.js';
import { createWorkerBeats } from '../store/worker-beats.js';
import { latestResults } from '../watch/latest.js';
import type { WatchSpec } from '../watch/service.js';
import { createWatchStore } from '../watch/store.js';
import type { Workers } from './job-workers.js';
import { createLogger, type Logger } from './log.js';
import { createMetrics, type Metrics } from './metrics.js';
import { recordLinksOf } from './record-links.js';
import { createRedisOutage, type RedisOutage } from './redis-outage.js';
import { type Closers, createClosers } from './shutdown.js';
import { startWorkerRole } from './worker.js';

export interface StartDeps {
  logger?: Logger;
  metrics?: Metrics;
  /** Replaces SlackDelivery (tests that record deliveries instead of calling Slack). */
  deliveries?: Partial<Record<Platform, ChatDelivery>>;
  /** Listen address of our own HTTP server (Socket Mode, worker role); default: every interface. */
  host?: string;
  /** The watches file's entries, already read (main reads them with the config); default: read now. */
  watches?: WatchSpec[];
  /** How often a Redis outage is logged again while it lasts (default 60 s). */
  redisReminderMs?: number;
}

export interface Running {
  /** Where /healthz, /metrics and /status answer (and /slack/events in HTTP mode). */
  port: number;
  /** Stops taking work, lets jobs in flight finish (or hands them back), closes Redis. */
  close(): Promise<void>;
}

/** How long start-up waits for the first Redis connection before serving anyway. */
const FIRST_CONNECT_MS = 2_000;

export async function start(config: Config, deps: StartDeps = {}): Promise<Running> {
  const log = deps.logger ?? createLogger(config);
  const metrics = deps.metrics ?? createMetrics({ region: config.worker.region });
  const closers = createClosers(log);
  const close = () => closers.close();
  // Not a reason to stop: every other app works, and this one says so when it is used.
  for (const app of unusableApps(config)) {
    const { alias, platform, problem } = app;
    log.warn({ app: alias, platform, problem }, 'an app cannot be used: its secret is not set');
  }

  // One line per outage for every Redis client of the process, whatever each one reports.
  const outage = createRedisOutage({
    log,
    target: describeRedis(config.redis),
    setting: redisSetting(config.redis),
    ...(deps.redisReminderMs !== undefined ? { remindEveryMs: deps.redisReminderMs } : {}),
  });
  closers.add('redis outage log', async () => outage.close());

  try {
    const producer = await connectProducer(config, log, closers, outage);
    const counters = Object.values(QUEUES).map((name) =>
      jobCounts(name, { connection: producer, prefix: config.queuePrefix }),
    );
    closers.add('queue metrics', () => Promise.all(counters.map((c) => c.close())));
    metrics.countJobs(counters);
    // Each region's probe queue, for the regions whose workers beat (live, or gone less than
    // 10 minutes: a dead region's backlog stays visible).
    const beats = createWorkerBeats(producer, { prefix: config.queuePrefix });
    const regional = regionJobCounts(
      async () => (await beats.all()).map((b) => b.region).filter((r) => r !== DEFAULT_REGION),
      { connection: producer, prefix: config.queuePrefix },
    );
    closers.add('region queue metrics', () => regional.close());
    metrics.countJobs(() => regional.list());
    // The front end's process exports the watches' results for the whole deployment: scraping
    // the workers as well would count every watch twice.
    if (runsFrontEnd(config.role)) {
      const stop = metrics.exportWatchResults(latestResults(producer, config.queuePrefix));
      closers.add('watch metrics', async () => stop());
    }

    const workers = runsWorkers(config.role)
      ? await startWorkerRole(config, {
          log,
          metrics,
          closers,
          outage,
          deliveries: deps.deliveries,
          watches: deps.watches,
        })
      : undefined;
    // Imported only where it runs: a worker delivers through web-api and never loads Bolt.
    const bot = runsFrontEnd(config.role)
      ? (await import('./bot.js')).startBot(config, { producer, log, metrics, closers, outage })
      : undefined;
    const routes = healthAndMetrics(producer, workers, metrics, bot?.slackProblem, {
      records: createIncidentRecords(producer, {
        prefix: config.queuePrefix,
        days: config.incidentRecords.keepDays,
      }),
      links: recordLinksOf(config),
      lang: config.lang ?? 'en',
      token: config.status.token,
    });
    routes.push(...(bot?.routes ?? []));
    // The status page on the bot's port (roles bot and all): it reads the watches from Redis.
    if (bot) {
      const store = createWatchStore(producer, { prefix: config.queuePrefix });
      routes.push(
        ...statusRoutes({
          watches: () => store.all(),
          token: config.status.token,
          lang: config.lang ?? 'en',
        }),
      );
    }

    // HTTP mode serves the routes on the Slack receiver's port; otherwise a server of our own,
    // started first so /healthz answers even while the Slack socket is still connecting.
    let port = 0;
    if (!bot?.servesRoutes) {
      const ops = await startOpsServer(routes, config.port, deps.host);
      closers.add('http server', () => ops.close());
      port = ops.port;
    }
    port = (await bot?.startSlack(routes)) ?? port;

    log.info(
      {
        port,
        redis: describeRedis(config.redis),
        prefix: config.queuePrefix,
        ...bot?.listening,
        configFile: config.configFile ?? undefined,
      },
      'listening',
    );
    return { port, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Fails fast while Redis is away: commands get an honest error, /healthz a quick 503. */
async function connectProducer(
  config: Config,
  log: Logger,
  closers: Closers,
  outage: RedisOutage,
): Promise<RedisClient> {
  const producer = createQueueConnection(redisTarget(config.redis), 'producer', {
    onError: (err) =>
      outage.report(err, 'producer') ||
      log.warn({ err: err.message, side: 'producer' }, 'redis connection error'),
  });
  outage.watch(producer);
  closers.add('redis (producer)', () => quit(producer));
  // The front ends' own Redis calls (dedupe, rate limit) fail fast by design: without this
  // wait, a command arriving in the first milliseconds would be told "queue unavailable".
  // A Redis that is away at start-up does not stop the process (/healthz says so).
  await readyWithin(producer, FIRST_CONNECT_MS).catch((err: Error) =>
    log.warn({ err: err.message }, 'redis not reachable yet: commands are refused until it is'),
  );
  return producer;
}

/**
 * /healthz (Redis; the job workers when this process runs them: running, and not every slot held
 * past its deadline; Socket Mode's link) and /metrics.
 */
export function healthAndMetrics(
  producer: RedisClient,
  workers: Workers | undefined,
  metrics: Metrics,
  slack: (() => string | null) | undefined,
  records?: Parameters<typeof opsRoutes>[0]['records'],
): Route[] {
  return opsRoutes({
    ...(records ? { records } : {}),
    registry: metrics.registry,
    health: {
      pingRedis: async () => {
        // Without an offline queue, ioredis' own error for this is "Stream isn't writeable…".
        if (producer.status !== 'ready') throw new Error(`not ready (${producer.status})`);
        await producer.ping();
      },
      ...(workers
        ? {
            workers: () => (workers.running() ? workers.count : 0),
            region: workers.region,
            stuck: () => workers.stuck(),
          }
        : {}),
      ...(slack ? { slack } : {}),
    },
  });
}
