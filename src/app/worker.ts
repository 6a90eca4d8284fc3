/**
 * The worker role: its own Redis connection (one that waits out an outage), the token cache, the
 * chat deliveries, the job workers of every queue and the watches file; drained on shutdown.
 */
import { slackChannelLookup } from '../chat/slack/channels.js';
import * as slack from '../chat/slack/from-config.js';
import { appRegistry } from '../config/apps.js';
import { type Config, slackEnabled } from '../config/index.js';
import { redisTarget } from '../config/redis.js';
import { type ChatDelivery, DEFAULT_REGION, type Platform } from '../model/index.js';
import { createQueueConnection, quit } from '../queue/connection.js';
import { createTokenManager } from '../tokens/token-manager.js';
import type { WatchSpec } from '../watch/service.js';
import { createDeliveries } from './deliveries.js';
import { startHeartbeat } from './heartbeat.js';
import { startWorkers, type Workers } from './job-workers.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';
import { recordLinksOf } from './record-links.js';
import type { RedisOutage } from './redis-outage.js';
import { type Closers, drain, drainMs } from './shutdown.js';
import { startWatchesFile } from './watches-file.js';

export interface WorkerRoleDeps {
  log: Logger;
  metrics: Metrics;
  closers: Closers;
  /** Replaces the deliveries made from the config (tests that record them). */
  deliveries?: Partial<Record<Platform, ChatDelivery>>;
  /** The watches file's entries, already read; default: read now. */
  watches?: WatchSpec[];
  /** Where the Redis clients' errors go first (one line per outage). */
  outage?: RedisOutage;
}

/** Resolves once the workers run and the watches file is read and valid (its load goes on). */
export async function startWorkerRole(config: Config, deps: WorkerRoleDeps): Promise<Workers> {
  const { log, metrics, closers, outage } = deps;
  // Waits out a Redis outage instead of failing jobs (BullMQ needs maxRetriesPerRequest: null).
  const target = redisTarget(config.redis);
  const connection = createQueueConnection(target, 'worker', {
    onError: (err) =>
      outage?.report(err, 'worker') ||
      log.warn({ err: err.message, side: 'worker' }, 'redis connection error'),
  });
  outage?.watch(connection);
  closers.add('redis (worker)', () => quit(connection));
  // One token cache for WeCom answers and the wechat probe's apps.
  const tokens = createTokenManager(connection, { prefix: config.queuePrefix });
  const deliveries =
    deps.deliveries ?? createDeliveries(config, { redis: connection, tokens, logger: log });
  const links = recordLinksOf(config);
  const workers = startWorkers({
    connection,
    prefix: config.queuePrefix,
    deliveries,
    probeConcurrency: config.probe.concurrency,
    notifyConcurrency: config.notify.concurrency,
    allow: config.probe.allow,
    maxProbeTimeoutMs: config.probe.timeoutMs,
    logger: log,
    ...(outage ? { onRedisError: (err: Error, source: string) => outage.report(err, source) } : {}),
    onProbeResult: (result) => metrics.observeProbe(result),
    onDelivery: (platform, outcome) => metrics.recordDelivery(platform, outcome),
    apps: appRegistry(config, tokens),
    region: config.worker.region,
    resolvers: config.worker.resolvers,
    watch: {
      region: config.worker.region,
      concurrency: config.probe.watchConcurrency,
      connectTimeoutMs: config.probe.watchConnectTimeoutMs,
      admins: config.admins,
      limits: config.chatWatches,
      recordDays: config.incidentRecords.keepDays,
      ...(links ? { recordLink: (id: string) => links.url(id) } : {}),
      ...(slackEnabled(config)
        ? { channels: slackChannelLookup(slack.channelsFromConfig(config.slack, { logger: log })) }
        : {}),
    },
  });
  // BullMQ's Worker.close() never resolves while its blocking client waits to reconnect
  // (taskforcesh/bullmq#4656): bound the wait rather than hang the shutdown.
  closers.add('job workers', () => drain(workers, connection, drainMs(config), log));
  // Only a worker that names its region (WX_REGION) serves `--from`, so only it announces itself.
  if (config.worker.region !== DEFAULT_REGION) {
    const heartbeat = startHeartbeat(connection, {
      prefix: config.queuePrefix,
      region: config.worker.region,
      log,
    });
    closers.add('heartbeat', async () => heartbeat.stop());
  }
  await startWatchesFile({
    config,
    ...(deps.watches ? { specs: deps.watches } : {}),
    watches: workers.watches,
    redis: target,
    log,
    closers,
  });
  return workers;
}
