/**
 * The Slack front end: receives `/wx`, the Re-check button and mentions, acknowledges them at
 * once and enqueues work. It never probes and never posts results (the workers do, through
 * SlackDelivery).
 */
import type { Server } from 'node:http';
import {
  App,
  type CustomRoute,
  defaultProcessEventErrorHandler,
  HTTPReceiver,
  SocketModeReceiver,
} from '@slack/bolt';
import type { LangSettings } from '../../i18n/index.js';
import type { Lang, RedisClient } from '../../model/index.js';
import { type Log, SILENT } from '../../model/log.js';
import { DEFAULT_PREFIX } from '../../queue/names.js';
import type { SubmitCommand } from '../../queue/types.js';
import { createRateLimiter } from '../../store/rate-limit.js';
import { createResponseUrls } from '../../store/response-urls.js';
import { createSeen } from '../../store/seen.js';
import { createShortRefs } from '../../store/short-refs.js';
import { createThreads } from '../../store/threads.js';
import { liveRegionsFrom } from '../../store/worker-beats.js';
import { ackFirst } from './ack-first.js';
import { boltLogger } from './bolt-logger.js';
import { clientOptions, createWebClient, socketClientOptions } from './client.js';
import type { FrontContext } from './context.js';
import { describeProblem, slackProblem } from './errors.js';
import { requireFreshTimestamp } from './freshness.js';
import type { CommandEvent } from './intake.js';
import { registerActions } from './listeners/actions.js';
import { registerCommand } from './listeners/command.js';
import { registerIncidentActions } from './listeners/incident-actions.js';
import { registerMention } from './listeners/mention.js';
import { createSocketLink, type SocketLink } from './socket-link.js';

export type { CommandEvent, CommandOutcome, CommandSource } from './intake.js';

export interface SlackFrontOptions {
  /** Bot token (xoxb-…). */
  botToken: string;
  /** HTTP mode: requests to /slack/events are verified with it (v0 signatures). */
  signingSecret?: string;
  /** Socket Mode: app-level token (xapp-…). */
  appToken?: string;
  /** Default: Socket Mode when an appToken is given, HTTP otherwise. */
  socketMode?: boolean;
  /** Web API base (`https://slack.com/api/`), for proxies and tests. */
  apiUrl?: string;
  /** Both known: no auth.test. Otherwise auth.test runs once, in start(). */
  botId?: string;
  botUserId?: string;
  submit: SubmitCommand;
  /** For the rate limit, response_urls, threads and event dedupe. */
  redis: RedisClient;
  /** Redis key prefix of the stores (default `wx`). */
  prefix?: string;
  /** Commands per person per minute (default 20). */
  rateLimitPerMinute?: number;
  /** Output language: one for all, or a default with per-workspace/per-channel overrides. */
  lang?: Lang | LangSettings;
  logger?: Log;
  /** Called once per command received, with what became of it (metrics). */
  onCommand?: (event: CommandEvent) => void;
  /** The configured app aliases: a command naming another is an ephemeral usage error. */
  appAliases?: readonly string[];
  /** HTTP mode: extra routes (/healthz, /metrics) on the receiver's port (Socket Mode has none). */
  customRoutes?: CustomRoute[];
  /** HTTP mode: the port (start(port) wins). */
  port?: number;
  /** The slash command (default `/wx`). */
  command?: string;
  /** Budget of each Redis call made while handling a command (default 1500 ms). */
  redisTimeoutMs?: number;
  /** Budget of submit() (default 5000 ms). */
  submitTimeoutMs?: number;
  /** Largest request body accepted before verification (default 256 KiB). */
  bodyLimitBytes?: number;
  /** Socket Mode: first and longest delay between connection attempts (default 1 s, 30 s). */
  reconnectDelayMs?: { first: number; max: number };
}

export interface SlackFront {
  app: App;
  /**
   * HTTP mode: resolves with the listening server (port 0 picks a free one). Socket Mode:
   * resolves once the bot is identified; the connection is then made, and kept, in the background.
   */
  start(port?: number): Promise<Server | undefined>;
  /** Socket Mode: resolves once connected. HTTP mode: at once. */
  connected(): Promise<void>;
  /** null when Slack can reach us (HTTP mode) or we are connected; otherwise why not (/healthz). */
  problem(): string | null;
  stop(): Promise<void>;
}

const EVENTS_PATH = '/slack/events';

interface Identity {
  botId: string;
  botUserId: string;
}

export function createSlackFront(opts: SlackFrontOptions): SlackFront {
  const log = opts.logger ?? SILENT;
  const socketMode = opts.socketMode ?? opts.appToken !== undefined;
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  const langs: LangSettings =
    typeof opts.lang === 'string' ? { default: opts.lang } : (opts.lang ?? { default: 'en' });

  let identity: Identity | undefined =
    opts.botId && opts.botUserId ? { botId: opts.botId, botUserId: opts.botUserId } : undefined;
  let identifying: Promise<Identity> | undefined;
  // Bolt would otherwise call auth.test on every request when token verification is deferred.
  const identify = (): Promise<Identity> => {
    if (identity) return Promise.resolve(identity);
    identifying ??= createWebClient(opts.botToken, { apiUrl: opts.apiUrl, log })
      .auth.test()
      .then((r) => {
        if (!r.user_id || !r.bot_id) throw new Error('auth.test returned no bot user id / bot id');
        identity = { botId: r.bot_id, botUserId: r.user_id };
        log.info({ botUserId: identity.botUserId }, 'slack bot identified');
        return identity;
      })
      .catch((err: unknown) => {
        identifying = undefined;
        const problem = slackProblem(err, 'SLACK_BOT_TOKEN', opts.apiUrl);
        throw problem ? new Error(`slack auth.test: ${describeProblem(problem)}`) : err;
      });
    return identifying;
  };

  if (!socketMode && !opts.signingSecret) {
    throw new Error(
      'Slack HTTP mode needs a signing secret (or give an app token for Socket Mode)',
    );
  }
  const boltLog = boltLogger(log);
  const bodyLimitBytes = opts.bodyLimitBytes ?? 256 * 1024;
  const receiver = socketMode
    ? new SocketModeReceiver({
        appToken: opts.appToken ?? '',
        // Connection attempts, retries and their log lines are the socket link's.
        autoReconnectEnabled: false,
        logger: boltLogger(log, { quiet: true }),
        installerOptions: { clientOptions: socketClientOptions({ apiUrl: opts.apiUrl, log }) },
        processEventErrorHandler: (args) =>
          defaultProcessEventErrorHandler({ ...args, logger: boltLog }),
      })
    : new HTTPReceiver({
        signingSecret: opts.signingSecret ?? '',
        endpoints: EVENTS_PATH,
        customRoutes: opts.customRoutes ?? [],
        logger: boltLog,
        processBeforeResponse: false,
        bodyLimit: bodyLimitBytes,
        ...(opts.port !== undefined ? { port: opts.port } : {}),
      });
  const link: SocketLink | undefined =
    receiver instanceof SocketModeReceiver
      ? createSocketLink({
          client: receiver.client,
          log,
          ...(opts.apiUrl ? { apiUrl: opts.apiUrl } : {}),
          ...(opts.reconnectDelayMs
            ? { firstDelayMs: opts.reconnectDelayMs.first, maxDelayMs: opts.reconnectDelayMs.max }
            : {}),
        })
      : undefined;

  const app = new App({
    receiver,
    ...(socketMode ? { socketMode: true } : {}),
    authorize: async () => ({ botToken: opts.botToken, ...(await identify()) }),
    clientOptions: clientOptions({ apiUrl: opts.apiUrl, log }),
    logger: boltLog,
    // The bot keeps no state of its own between requests.
    convoStore: false,
  });
  app.error(async (err) => {
    log.error({ err }, 'slack listener failed');
  });
  if (receiver instanceof HTTPReceiver) {
    const acked = ackFirst(receiver.requestListener, {
      endpoints: [EVENTS_PATH],
      signingSecret: opts.signingSecret ?? '',
      bodyLimitBytes,
      process: (event) => app.processEvent(event),
      log,
    });
    receiver.requestListener = requireFreshTimestamp(acked, { endpoints: [EVENTS_PATH], log });
  }

  const threads = createThreads(opts.redis, { prefix });
  const ctx: FrontContext = {
    intake: {
      submit: opts.submit,
      rateLimiter: createRateLimiter(opts.redis, opts.rateLimitPerMinute ?? 20, { prefix }),
      responseUrls: createResponseUrls(opts.redis, { prefix }),
      threads,
      refs: createShortRefs(opts.redis, { prefix }),
      redisTimeoutMs: opts.redisTimeoutMs ?? 1500,
      submitTimeoutMs: opts.submitTimeoutMs ?? 5000,
      log,
      ...(opts.onCommand ? { onCommand: opts.onCommand } : {}),
      ...(opts.appAliases ? { appAliases: opts.appAliases } : {}),
      liveRegions: liveRegionsFrom(opts.redis, prefix),
    },
    // Slack redelivers an event (X-Slack-Retry-Num) with the same event_id when our answer was
    // slow or lost, within minutes: an hour is plenty.
    seenEvents: createSeen(opts.redis, { keyPrefix: `${prefix}:slack:event:` }),
    langs,
    log,
    botUserId: () => identity?.botUserId,
  };
  registerCommand(app, ctx, opts.command);
  registerActions(app, ctx);
  registerIncidentActions(app, ctx);
  registerMention(app, ctx);

  return {
    app,
    async start(port) {
      await identify();
      if (link) {
        link.start();
        return undefined;
      }
      return (await app.start(port ?? opts.port ?? 3000)) as Server;
    },
    connected: () => link?.connected() ?? Promise.resolve(),
    problem: () => link?.problem() ?? null,
    async stop() {
      if (link) return link.stop();
      try {
        await app.stop();
      } catch (err) {
        log.debug({ err }, 'slack front was not running');
      }
    },
  };
}
