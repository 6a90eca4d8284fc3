/**
 * The long-running process: `bot` (Slack and WeCom front ends, enqueue only), `worker` (runs probe, check
 * and notify jobs) or `all` (both, the default). `node dist/src/main.js [--role bot|worker|all]`.
 */
import { realpathSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createLogger, type Logger, scrubber } from './app/log.js';
import { bullmqCounts, createMetrics, type Metrics } from './app/metrics.js';
import { startWorkers, type Workers } from './app/workers.js';
import { createSlackFront, type SlackFront } from './chat/slack/app.js';
import { SlackDelivery } from './chat/slack/delivery.js';
import { WecomDelivery } from './chat/wecom/delivery.js';
import { createWecomFront } from './chat/wecom/front.js';
import { appRegistry } from './config/apps.js';
import {
  type Config,
  ConfigError,
  describeRedis,
  loadConfig,
  runsFrontEnd,
  runsWorkers,
  secretValues,
  slackEnabled,
} from './config/index.js';
import { redisTarget } from './config/redis.js';
import { opsRoutes, type Route } from './http/routes.js';
import { startOpsServer } from './http/server.js';
import type { ChatDelivery, Platform } from './model/index.js';
import {
  createQueueConnection,
  type QueueConnection,
  quit,
  readyWithin,
} from './queue/connection.js';
import { QUEUES } from './queue/names.js';
import { createSubmitter, type Submitter } from './queue/submit.js';
import { createTokenManager, type TokenManager } from './tokens/token-manager.js';
import { loadWatches, readWatchesFile } from './watch/file.js';
import { syncWatchesFile } from './watch/file-sync.js';
import type { WatchSpec } from './watch/service.js';

export interface StartDeps {
  logger?: Logger;
  metrics?: Metrics;
  /** Replaces SlackDelivery (tests that record deliveries instead of calling Slack). */
  deliveries?: Partial<Record<Platform, ChatDelivery>>;
  /** Listen address of our own HTTP server (Socket Mode, worker role); default: every interface. */
  host?: string;
  /** The watches file's entries, already read (main reads them with the config); default: read now. */
  watches?: WatchSpec[];
}

export interface Running {
  /** Where /healthz and /metrics answer (and /slack/events in HTTP mode). */
  port: number;
  /** Stops taking work, lets jobs in flight finish (or hands them back), closes Redis. */
  close(): Promise<void>;
}

/** What to close on shutdown, in reverse order of opening. */
type Closers = Array<[what: string, close: () => Promise<unknown>]>;

/** How long start-up waits for the first Redis connection before serving anyway. */
const FIRST_CONNECT_MS = 2_000;

/** Job workers per process: one per queue. */
const WORKER_COUNT = Object.keys(QUEUES).length;

export async function start(config: Config, deps: StartDeps = {}): Promise<Running> {
  const log = deps.logger ?? createLogger(config);
  const metrics = deps.metrics ?? createMetrics();
  const target = redisTarget(config.redis);
  const prefix = config.queuePrefix;
  const redisError = (side: string) => (err: Error) =>
    log.warn({ err: err.message, side }, 'redis connection error');

  // Closed in reverse order of opening; each step runs even if an earlier one failed.
  const closers: Closers = [];
  const close = async () => {
    for (const [what, fn] of closers.reverse()) {
      await fn().catch((err: Error) => log.error({ err, what }, 'error while shutting down'));
    }
    closers.length = 0;
  };

  try {
    // Fails fast while Redis is away: commands get an honest error, /healthz a quick 503.
    const producer = createQueueConnection(target, 'producer', { onError: redisError('producer') });
    closers.push(['redis (producer)', () => quit(producer)]);
    // The front ends' own Redis calls (dedupe, rate limit) fail fast by design: without this
    // wait, a command arriving in the first milliseconds would be told "queue unavailable".
    // A Redis that is away at start-up does not stop the process (/healthz says so).
    await readyWithin(producer, FIRST_CONNECT_MS).catch((err: Error) =>
      log.warn({ err: err.message }, 'redis not reachable yet: commands are refused until it is'),
    );

    const counters = Object.values(QUEUES).map((name) =>
      bullmqCounts(name, { connection: producer, prefix }),
    );
    closers.push(['queue metrics', () => Promise.all(counters.map((c) => c.close()))]);
    metrics.countJobs(counters);

    let workers: Workers | undefined;
    if (runsWorkers(config.role)) workers = startJobWorkers(config, deps, log, metrics, closers);

    const routes = opsRoutes({
      registry: metrics.registry,
      health: {
        pingRedis: async () => {
          // Without an offline queue, ioredis' own error for this is "Stream isn't writeable…".
          if (producer.status !== 'ready') throw new Error(`not ready (${producer.status})`);
          await producer.ping();
        },
        ...(workers ? { workers: () => (workers.running() ? WORKER_COUNT : 0) } : {}),
      },
    });

    // HTTP mode serves the routes on the Slack receiver's port; otherwise a server of our own,
    // started first so /healthz answers even while the Slack socket is still connecting.
    const slackFront = runsFrontEnd(config.role) && slackEnabled(config);
    const wecomFront = runsFrontEnd(config.role) && config.wecom.enabled;
    const onReceiver = slackFront && config.slack.mode === 'http';
    const submitter =
      slackFront || wecomFront ? startSubmitter(config, producer, log, closers) : undefined;
    if (wecomFront && submitter) {
      routes.push(...startWecomFront(config, producer, submitter, log, metrics));
    }
    let port = 0;
    if (!onReceiver) {
      const ops = await startOpsServer(routes, config.port, deps.host);
      closers.push(['http server', () => ops.close()]);
      port = ops.port;
    }
    if (slackFront && submitter) {
      const front = startFront(
        config,
        producer,
        submitter,
        log,
        metrics,
        onReceiver ? routes : undefined,
        closers,
      );
      const server = await front.start(config.port);
      if (server) port = (server.address() as AddressInfo).port;
    }

    log.info(
      {
        port,
        redis: describeRedis(config.redis),
        prefix,
        slackMode: slackFront ? config.slack.mode : undefined,
        wecomCallback: wecomFront && config.wecom.token ? config.wecom.callbackPath : undefined,
        wecomAibotCallback: wecomFront ? config.wecom.aibot?.path : undefined,
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

function startJobWorkers(
  config: Config,
  deps: StartDeps,
  log: Logger,
  metrics: Metrics,
  closers: Closers,
): Workers {
  // Waits out a Redis outage instead of failing jobs (BullMQ needs maxRetriesPerRequest: null).
  const connection: QueueConnection = createQueueConnection(redisTarget(config.redis), 'worker', {
    onError: (err) => log.warn({ err: err.message, side: 'worker' }, 'redis connection error'),
  });
  closers.push(['redis (worker)', () => quit(connection)]);
  // One token cache for WeCom answers and the wechat probe's apps.
  const tokens = createTokenManager(connection, { prefix: config.queuePrefix });
  const deliveries = deps.deliveries ?? {
    ...(slackEnabled(config)
      ? {
          slack: new SlackDelivery({
            botToken: reveal(config.slack.botToken),
            ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}),
            redis: connection,
            prefix: config.queuePrefix,
            logger: log,
          }),
        }
      : {}),
    ...(config.wecom.enabled ? { wecom: wecomDelivery(config, connection, tokens, log) } : {}),
  };
  const workers = startWorkers({
    connection,
    prefix: config.queuePrefix,
    deliveries,
    probeConcurrency: config.probe.concurrency,
    notifyConcurrency: config.notify.concurrency,
    allow: config.probe.allow,
    maxProbeTimeoutMs: config.probe.timeoutMs,
    logger: log,
    onProbeResult: (result) => metrics.observeProbe(result),
    apps: appRegistry(config, tokens),
  });
  // BullMQ's Worker.close() never resolves while its blocking client waits to reconnect
  // (taskforcesh/bullmq#4656): bound the wait rather than hang the shutdown.
  const drainMs = config.probe.timeoutMs + DELIVERY_BUDGET_MS;
  closers.push(['job workers', () => drain(workers, connection, drainMs, log)]);
  startWatchesFile(config, deps.watches ?? loadWatches(config), workers, log, closers);
  return workers;
}

/** The file's watches into Redis now (none configured removes file watches), then on every change. */
function startWatchesFile(
  config: Config,
  specs: WatchSpec[],
  workers: Workers,
  log: Logger,
  closers: Closers,
): void {
  const { file } = config.watches;
  const apply = (list: typeof specs) =>
    workers.watches.syncFile(list).then((r) => {
      log.info({ file, watches: list.length, ...r }, 'watches loaded');
      return r;
    });
  apply(specs).catch((err: Error) => log.error({ err: err.message, file }, 'watches not loaded'));
  if (!file) return;
  const sync = syncWatchesFile({
    path: file,
    load: () => readWatchesFile(file, process.env, config.lang),
    apply,
    onReload: (r) => {
      if (!r.ok)
        log.warn(
          { file, error: r.error },
          'watches file not reloaded: keeping the watches loaded before',
        );
    },
  });
  closers.push(['watches file', async () => sync.close()]);
}

/** Answers in WeCom: app messages, the app's group chats, group robots, the AI bot. */
function wecomDelivery(
  config: Config,
  redis: QueueConnection,
  tokens: TokenManager,
  log: Logger,
): WecomDelivery {
  const { wecom } = config;
  // loadConfig requires the corp id, and the app's id and secret unless the AI bot is configured.
  if (!wecom.corpId) throw ConfigError.of('WECOM_CORP_ID', 'WeCom answers need WECOM_CORP_ID');
  return new WecomDelivery({
    corpId: wecom.corpId,
    ...(wecom.agentId !== null && wecom.secret
      ? { agentId: wecom.agentId, secret: wecom.secret.reveal() }
      : {}),
    apiUrl: wecom.apiUrl,
    robots: Object.fromEntries(
      Object.entries(wecom.robots).map(([name, key]) => [name, key.reveal()]),
    ),
    redis,
    prefix: config.queuePrefix,
    tokens,
    logger: log,
  });
}

/** A delivery's own budget (Slack Web API timeout) on top of a probe's, for draining. */
const DELIVERY_BUDGET_MS = 10_000;

/**
 * Lets jobs in flight finish, unless Redis is unreachable (they could not be completed anyway) or
 * they outlast `timeoutMs`. Jobs not finished are handed back: their locks expire, BullMQ marks
 * them stalled and another worker runs them; notify's dedupe keeps a retried delivery single.
 */
async function drain(
  workers: Workers,
  connection: QueueConnection,
  timeoutMs: number,
  log: Logger,
): Promise<void> {
  const closing = workers.close();
  let timer: NodeJS.Timeout | undefined;
  let onLost: (() => void) | undefined;
  const givenUp = new Promise<string>((resolve) => {
    if (connection.status !== 'ready') return resolve('redis is unreachable');
    onLost = () => resolve('redis connection lost');
    connection.once('close', onLost);
    timer = setTimeout(() => resolve(`jobs still running after ${timeoutMs} ms`), timeoutMs);
  });
  try {
    const reason = await Promise.race([closing.then(() => null), givenUp]);
    if (reason) {
      closing.catch(() => {});
      log.warn({ reason }, 'not waiting for job workers: jobs in flight are handed back');
    }
  } finally {
    clearTimeout(timer);
    if (onLost) connection.off('close', onLost);
  }
}

/** Every front end's command events → wx_commands_total (`help`, or `unknown` for no command). */
function countCommand(metrics: Metrics) {
  return (event: { platform: Platform; command?: string; outcome: string }) =>
    metrics.recordCommand(
      event.platform,
      event.command ?? (event.outcome === 'help' ? 'help' : 'unknown'),
    );
}

/** The front ends' one way into the queues. */
function startSubmitter(
  config: Config,
  producer: QueueConnection,
  log: Logger,
  closers: Closers,
): Submitter {
  const submitter = createSubmitter({
    connection: producer,
    prefix: config.queuePrefix,
    onError: (err) => log.warn({ err: err.message }, 'queue producer error'),
  });
  closers.push(['queue submitter', () => submitter.close()]);
  return submitter;
}

/**
 * The WeCom callback routes (the app's and, when configured, the AI bot's); served by whichever
 * HTTP server serves the ops routes.
 */
function startWecomFront(
  config: Config,
  producer: QueueConnection,
  submitter: Submitter,
  log: Logger,
  metrics: Metrics,
): Route[] {
  const { wecom } = config;
  // loadConfig requires the corp id, and the app's keys unless the AI bot is configured.
  if (!wecom.corpId || (!(wecom.token && wecom.aesKey) && !wecom.aibot)) {
    throw ConfigError.of('WECOM_CORP_ID', 'WECOM_TOKEN and WECOM_AES_KEY are required');
  }
  const front = createWecomFront({
    corpId: wecom.corpId,
    ...(wecom.token && wecom.aesKey
      ? { token: wecom.token.reveal(), aesKey: wecom.aesKey.reveal() }
      : {}),
    callbackPath: wecom.callbackPath,
    ...(wecom.aibot
      ? {
          aibot: {
            token: wecom.aibot.token.reveal(),
            aesKey: wecom.aibot.aesKey.reveal(),
            path: wecom.aibot.path,
          },
        }
      : {}),
    submit: submitter.submit,
    redis: producer,
    prefix: config.queuePrefix,
    rateLimitPerMinute: config.rateLimitPerMinute,
    lang: config.lang,
    logger: log,
    onCommand: countCommand(metrics),
  });
  return front.routes;
}

function startFront(
  config: Config,
  producer: QueueConnection,
  submitter: Submitter,
  log: Logger,
  metrics: Metrics,
  customRoutes: Route[] | undefined,
  closers: Closers,
): SlackFront {
  const { slack } = config;
  const front = createSlackFront({
    botToken: reveal(slack.botToken),
    ...(slack.signingSecret ? { signingSecret: slack.signingSecret.reveal() } : {}),
    ...(slack.appToken ? { appToken: slack.appToken.reveal() } : {}),
    ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
    submit: submitter.submit,
    redis: producer,
    prefix: config.queuePrefix,
    rateLimitPerMinute: config.rateLimitPerMinute,
    lang: {
      default: config.lang,
      workspaces: slack.langByWorkspace,
      conversations: slack.langByChannel,
    },
    logger: log,
    onCommand: countCommand(metrics),
    ...(customRoutes ? { customRoutes } : {}),
  });
  // Closed before the workers (closers run in reverse): no new commands while jobs drain.
  closers.push(['slack front end', () => front.stop()]);
  return front;
}

function reveal(secret: { reveal(): string } | null): string {
  // loadConfig guarantees the bot token in every role; this only guards hand-made configs.
  if (!secret) throw ConfigError.of('SLACK_BOT_TOKEN', 'required');
  return secret.reveal();
}

/** Beyond the workers' drain: the last resort if closing itself hangs. */
const SHUTDOWN_SLACK_MS = 5_000;
/** sysexits.h EX_CONFIG. */
const EXIT_CONFIG = 78;

async function main(): Promise<void> {
  let config: Config;
  let watches: WatchSpec[];
  try {
    config = loadConfig(process.env, process.argv.slice(2));
    watches = loadWatches(config);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`wxdoctor: configuration: ${err.message}\n`);
    process.exit(EXIT_CONFIG);
  }
  const log = createLogger(config);
  process.on('uncaughtException', (err) => {
    log.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));

  let running: Running | undefined;
  let stopping = false;
  const shutdown = (r: Running) =>
    r.close().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  // Installed before start-up, so a signal while connecting still shuts down in order.
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down: no new work; waiting for jobs in flight');
    const graceMs = config.probe.timeoutMs + DELIVERY_BUDGET_MS + SHUTDOWN_SLACK_MS;
    setTimeout(() => {
      log.error(
        { graceMs },
        'shutdown took too long: exiting; unfinished jobs stall and are retried',
      );
      process.exit(1);
    }, graceMs).unref();
    if (running) shutdown(running);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  try {
    running = await start(config, { logger: log, watches });
  } catch (err) {
    log.fatal({ err }, 'start-up failed');
    const scrub = scrubber(secretValues(config));
    process.stderr.write(`wxdoctor: start-up failed: ${scrub((err as Error).message)}\n`);
    process.exit(1);
  }
  if (stopping) shutdown(running);
}

function executedDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (executedDirectly()) await main();
