/**
 * The bot role: the chat front ends (Slack's slash command and events, WeCom's callbacks), which
 * turn platform input into queued commands through one submitter. They never probe and never
 * post results (the workers do).
 */
import type { AddressInfo } from 'node:net';
import { createSlackFront, type SlackFront } from '../chat/slack/app.js';
import * as slack from '../chat/slack/from-config.js';
import * as wecom from '../chat/wecom/from-config.js';
import { createWecomFront } from '../chat/wecom/front.js';
import { type Config, slackEnabled } from '../config/index.js';
import type { Route } from '../http/routes.js';
import type { Platform, RedisClient } from '../model/index.js';
import { createSubmitter } from '../queue/submit.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';
import type { RedisOutage } from './redis-outage.js';
import type { Closers } from './shutdown.js';

export interface BotDeps {
  /** The fail-fast producer connection: the front ends' own Redis calls and the submitter's. */
  producer: RedisClient;
  log: Logger;
  metrics: Metrics;
  closers: Closers;
  /** Where the Redis clients' errors go first (one line per outage). */
  outage?: RedisOutage;
}

export interface Bot {
  /** The WeCom callback routes, served by whichever HTTP server serves the ops routes. */
  routes: Route[];
  /** Slack in HTTP mode: its receiver serves the ops routes on its port (no server of our own). */
  servesRoutes: boolean;
  /** Starts the Slack front end, when configured; resolves with its port in HTTP mode. */
  startSlack(routes: Route[]): Promise<number | undefined>;
  /** Socket Mode: null while connected, else why not (for /healthz); undefined otherwise. */
  slackProblem?: () => string | null;
  /** What the `listening` log line says of the front ends. */
  listening: { slackMode?: string; wecomCallback?: string; wecomAibotCallback?: string };
}

export function startBot(config: Config, deps: BotDeps): Bot {
  const { producer, log, metrics, closers, outage } = deps;
  const slackOn = slackEnabled(config);
  const wecomOn = config.wecom.enabled;
  const servesRoutes = slackOn && config.slack.mode === 'http';
  const none: Bot = {
    routes: [],
    servesRoutes: false,
    startSlack: async () => undefined,
    listening: {},
  };
  if (!slackOn && !wecomOn) return none;

  const submitter = createSubmitter({
    connection: producer,
    prefix: config.queuePrefix,
    maxProbeTimeoutMs: config.probe.timeoutMs,
    onError: (err) =>
      outage?.report(err, 'queue producer') ||
      log.warn({ err: err.message }, 'queue producer error'),
  });
  closers.add('queue submitter', () => submitter.close());
  const shared = {
    submit: submitter.submit,
    redis: producer,
    prefix: config.queuePrefix,
    rateLimitPerMinute: config.rateLimitPerMinute,
    lang: config.lang,
    logger: log,
    onCommand: countCommand(metrics),
    // Names only: the front ends check an alias before queueing, and never see a secret.
    appAliases: [
      ...new Set([...Object.keys(config.wechat.apps), ...Object.keys(config.wecom.apps)]),
    ].sort(),
  };
  const routes = wecomOn
    ? createWecomFront(wecom.frontFromConfig(config.wecom, { ...shared, admins: config.admins }))
        .routes
    : [];
  let front: SlackFront | undefined;
  const socketMode = slackOn && config.slack.mode === 'socket';

  return {
    routes,
    servesRoutes,
    async startSlack(opsRoutes) {
      if (!slackOn) return undefined;
      const started = createSlackFront(
        slack.frontFromConfig(config.slack, shared, servesRoutes ? opsRoutes : undefined),
      );
      front = started;
      // Closed before the workers (closers run in reverse): no new commands while jobs drain.
      closers.add('slack front end', () => started.stop());
      const server = await started.start(config.port);
      return server ? (server.address() as AddressInfo).port : undefined;
    },
    ...(socketMode
      ? { slackProblem: () => (front ? front.problem() : 'Socket Mode not started yet') }
      : {}),
    listening: {
      ...(slackOn ? { slackMode: config.slack.mode } : {}),
      ...(wecomOn && config.wecom.token ? { wecomCallback: config.wecom.callbackPath } : {}),
      ...(wecomOn && config.wecom.aibot ? { wecomAibotCallback: config.wecom.aibot.path } : {}),
    },
  };
}

/** Every front end's command events → wx_commands_total (`help`, or `unknown` for no command). */
function countCommand(metrics: Metrics) {
  return (event: { platform: Platform; command?: string; outcome: string }) =>
    metrics.recordCommand(
      event.platform,
      event.command ?? (event.outcome === 'help' ? 'help' : 'unknown'),
    );
}
