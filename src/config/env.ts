import { ConfigError } from './error.js';
import type { Env } from './types.js';

/** Which env var sets which setting. Env wins over the WX_CONFIG file; the CLI wins over env. */
export const ENV_KEYS = {
  WX_ROLE: ['role'],
  PORT: ['port'],
  LOG_LEVEL: ['logLevel'],
  WX_LANG: ['lang'],
  REDIS_URL: ['redis', 'url'],
  WX_QUEUE_PREFIX: ['queue', 'prefix'],
  SLACK_SIGNING_SECRET: ['slack', 'signingSecret'],
  SLACK_BOT_TOKEN: ['slack', 'botToken'],
  SLACK_APP_TOKEN: ['slack', 'appToken'],
  SLACK_API_URL: ['slack', 'apiUrl'],
  WECOM_CORP_ID: ['wecom', 'corpId'],
  WECOM_TOKEN: ['wecom', 'token'],
  WECOM_AES_KEY: ['wecom', 'aesKey'],
  WECOM_AGENT_ID: ['wecom', 'agentId'],
  WECOM_SECRET: ['wecom', 'secret'],
  WECOM_API_URL: ['wecom', 'apiUrl'],
  WECOM_CALLBACK_PATH: ['wecom', 'callbackPath'],
  WECOM_ROBOTS: ['wecom', 'robots'],
  WECOM_AIBOT_TOKEN: ['wecom', 'aibot', 'token'],
  WECOM_AIBOT_AES_KEY: ['wecom', 'aibot', 'aesKey'],
  WECOM_AIBOT_PATH: ['wecom', 'aibot', 'path'],
  WECHAT_API_URL: ['wechat', 'apiUrl'],
  WX_RATE_LIMIT_PER_MINUTE: ['commands', 'rateLimitPerMinute'],
  WX_ADMINS: ['commands', 'admins'],
  WX_REGION: ['worker', 'region'],
  WX_RESOLVERS: ['worker', 'resolvers'],
  WX_PROBE_ALLOW: ['probe', 'allow'],
  WX_PROBE_CONCURRENCY: ['probe', 'concurrency'],
  WX_WATCH_CONCURRENCY: ['probe', 'watchConcurrency'],
  WX_PROBE_TIMEOUT_MS: ['probe', 'timeoutMs'],
  WX_WATCH_CONNECT_TIMEOUT_MS: ['probe', 'watchConnectTimeoutMs'],
  WX_NOTIFY_CONCURRENCY: ['notify', 'concurrency'],
  WX_WATCH_DESTINATIONS: ['chatWatches', 'destinations'],
  WX_WATCH_MAX_PER_CONVERSATION: ['chatWatches', 'maxPerConversation'],
  WX_WATCH_MAX_TOTAL: ['chatWatches', 'maxTotal'],
  WX_STATUS_TOKEN: ['status', 'token'],
  WX_INCIDENT_RECORD_DAYS: ['incidentRecords', 'keepDays'],
  WX_PUBLIC_URL: ['incidentRecords', 'publicUrl'],
} as const satisfies Record<string, readonly string[]>;

export type EnvKey = keyof typeof ENV_KEYS;

/** A setting given on the command line or in env: where it goes, and the name to blame. */
export interface Override {
  source: string;
  path: readonly string[];
  value: string;
}

/** Env values that are set and not blank (an empty `SLACK_APP_TOKEN=` in a .env file means unset). */
export function envOverrides(env: Env): Override[] {
  return Object.entries(ENV_KEYS).flatMap(([source, path]) => {
    // Trimmed: a token pasted into a .env file with a trailing space would fail far from here.
    const value = env[source]?.trim();
    return value === undefined || value === '' ? [] : [{ source, path, value }];
  });
}

/** `--role worker` / `--role=worker`; anything else on the command line is an error. */
export function argvOverrides(argv: readonly string[]): Override[] {
  const out: Override[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag !== '--role') {
      throw ConfigError.of(
        arg,
        'unknown argument (options: --role bot|worker|all, --help, --version)',
      );
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw ConfigError.of('--role', 'expected bot, worker or all');
    out.push({ source: '--role', path: ['role'], value });
  }
  return out;
}
