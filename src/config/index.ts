/**
 * One typed config for every process role, from env and an optional YAML file (WX_CONFIG),
 * validated once at start-up. Precedence: `--role` on the command line, then env, then the
 * file, then defaults. Every problem names the key to fix.
 */
import type { z } from 'zod';
import type { Lang } from '../model/index.js';
import { argvOverrides, ENV_KEYS, envOverrides, type Override } from './env.js';
import { ConfigError } from './error.js';
import { readConfigFile } from './file.js';
import { formatPath, setPath } from './path.js';
import {
  type LOG_LEVELS,
  type RedisSettings,
  type ROLES,
  type Settings,
  settingsSchema,
} from './schema.js';
import { Secret } from './secret.js';

export { ENV_KEYS } from './env.js';
export { ConfigError } from './error.js';
export { Secret } from './secret.js';

export type Role = (typeof ROLES)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];
/** HTTP: Slack POSTs to /slack/events (signing secret). Socket: a WebSocket Slack opens (app token). */
export type SlackMode = 'http' | 'socket';

export interface HostPort {
  host: string;
  port: number;
}

/** How to reach Redis; made into ioredis clients by src/config/redis.ts. */
export type RedisConfig =
  | { kind: 'standalone'; url: Secret }
  | {
      kind: 'sentinel';
      sentinels: HostPort[];
      name: string;
      username: string | null;
      password: Secret | null;
      sentinelPassword: Secret | null;
      db: number | null;
      tls: boolean;
    }
  | {
      kind: 'cluster';
      nodes: HostPort[];
      username: string | null;
      password: Secret | null;
      tls: boolean;
    };

export interface SlackConfig {
  /** socket when an app token is configured, else http. */
  mode: SlackMode;
  signingSecret: Secret | null;
  botToken: Secret | null;
  appToken: Secret | null;
  /** Web API base (a proxy, or a fake in tests); null: Slack's own. */
  apiUrl: string | null;
  /** Output language by workspace (team id), then by channel; channel wins. */
  langByWorkspace: Record<string, Lang>;
  langByChannel: Record<string, Lang>;
}

export const DEFAULT_WECOM_API_URL = 'https://qyapi.weixin.qq.com';
export const DEFAULT_WECHAT_API_URL = 'https://api.weixin.qq.com';

/** A WeCom self-built app: its callback (front end) and its API credentials (answers). */
export interface WecomConfig {
  /**
   * True when WECOM_CORP_ID is set: the WeCom front end and delivery run. The self-built app
   * (token, aesKey, agentId, secret) may be left out when the AI bot is configured.
   */
  enabled: boolean;
  corpId: string | null;
  /** Callback Token and EncodingAESKey (front end). */
  token: Secret | null;
  aesKey: Secret | null;
  /** The app that answers (message/send, appchat/send). */
  agentId: number | null;
  secret: Secret | null;
  /** API origin without /cgi-bin. */
  apiUrl: string;
  callbackPath: string;
  /** Group robots by name → webhook key. */
  robots: Record<string, Secret>;
  /**
   * The 智能机器人 (AI bot) callback, when both its Token and EncodingAESKey are set: group
   * @-mentions, answered through the callback and its one-shot response_url.
   */
  aibot: { token: Secret; aesKey: Secret; path: string } | null;
  /** WeCom apps to diagnose, by alias. */
  apps: Record<string, { corpId: string; secret: Secret }>;
}

export interface WechatConfig {
  /** API origin without /cgi-bin. */
  apiUrl: string;
  /** Official Account / Mini Program apps to diagnose, by alias. */
  apps: Record<string, { appid: string; secret: Secret }>;
}

export interface Config {
  role: Role;
  /** HTTP port: Slack events (HTTP mode), /healthz and /metrics. 0 picks a free port. */
  port: number;
  logLevel: LogLevel;
  /** Default output language when neither channel nor workspace has one. */
  lang: Lang;
  redis: RedisConfig;
  /** BullMQ key prefix; hash-tagged (`{wx}`) under Redis Cluster. */
  queuePrefix: string;
  slack: SlackConfig;
  wecom: WecomConfig;
  wechat: WechatConfig;
  /** Commands a user may run per minute. */
  rateLimitPerMinute: number;
  probe: {
    /** CIDRs the address guard lets through for chat-triggered probes (normalised). */
    allow: string[];
    concurrency: number;
    timeoutMs: number;
  };
  notify: { concurrency: number };
  /** The WX_CONFIG file read, if any. */
  configFile: string | null;
  /**
   * Certificate watches as code: the file they come from (WX_WATCHES_FILE, else WX_CONFIG when it
   * has a `watches` section). src/watch/file.ts reads it, at start-up and on every change.
   */
  watches: { file: string | null };
}

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export function runsFrontEnd(role: Role): boolean {
  return role !== 'worker';
}

export function runsWorkers(role: Role): boolean {
  return role !== 'bot';
}

/** Slack runs when any of its keys is set. */
export function slackEnabled(config: Pick<Config, 'slack'>): boolean {
  const { botToken, signingSecret, appToken } = config.slack;
  return botToken !== null || signingSecret !== null || appToken !== null;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and validates the config; throws ConfigError naming every bad or missing key. */
export function loadConfig(env: Env = process.env, argv: readonly string[] = []): Config {
  const configFile = env.WX_CONFIG?.trim() || null;
  const raw = configFile ? readConfigFile(configFile, env) : {};
  const overrides = [...envOverrides(env), ...argvOverrides(argv)];
  for (const o of overrides) {
    // REDIS_URL replaces the file's whole redis section (a url, sentinel or cluster).
    if (o.source === 'REDIS_URL') raw.redis = { url: o.value };
    else setPath(raw, o.path, o.value);
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.flatMap((iss) => describeIssue(iss, overrides)));
  }
  const ownFile = env.WX_WATCHES_FILE?.trim() || null;
  const watches = { file: ownFile ?? (raw.watches !== undefined ? configFile : null) };
  return toConfig(parsed.data, overrides, configFile, watches);
}

function toConfig(
  s: Settings,
  overrides: readonly Override[],
  configFile: string | null,
  watches: Config['watches'],
): Config {
  const redis = toRedis(s.redis);
  const slack: SlackConfig = {
    mode: s.slack.appToken ? 'socket' : 'http',
    signingSecret: s.slack.signingSecret ?? null,
    botToken: s.slack.botToken ?? null,
    appToken: s.slack.appToken ?? null,
    apiUrl: s.slack.apiUrl ?? null,
    langByWorkspace: s.slack.langByWorkspace,
    langByChannel: s.slack.langByChannel,
  };
  const clustered = redis.kind === 'cluster';
  const queuePrefix = s.queue.prefix ?? (clustered ? '{wx}' : 'wx');

  const wecom: WecomConfig = {
    enabled: s.wecom.corpId !== undefined,
    corpId: s.wecom.corpId ?? null,
    token: s.wecom.token ?? null,
    aesKey: s.wecom.aesKey ?? null,
    agentId: s.wecom.agentId ?? null,
    secret: s.wecom.secret ?? null,
    apiUrl: trimSlash(s.wecom.apiUrl ?? DEFAULT_WECOM_API_URL),
    callbackPath: s.wecom.callbackPath,
    robots: s.wecom.robots,
    aibot:
      s.wecom.aibot.token && s.wecom.aibot.aesKey
        ? { token: s.wecom.aibot.token, aesKey: s.wecom.aibot.aesKey, path: s.wecom.aibot.path }
        : null,
    apps: s.wecom.apps,
  };
  const wechat: WechatConfig = {
    apiUrl: trimSlash(s.wechat.apiUrl ?? DEFAULT_WECHAT_API_URL),
    apps: s.wechat.apps,
  };

  const problems = [...platformProblems(s.role, { slack, wecom }, s.wecom)];
  if (clustered && !hasHashTag(queuePrefix)) {
    problems.push(
      `${nameOf(['queue', 'prefix'], overrides)}: must contain a hash tag such as {wx} under Redis Cluster, so each queue's keys share one slot (got ${JSON.stringify(queuePrefix)})`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    role: s.role,
    port: s.port,
    logLevel: s.logLevel,
    lang: s.lang,
    redis,
    queuePrefix,
    slack,
    wecom,
    wechat,
    rateLimitPerMinute: s.commands.rateLimitPerMinute,
    probe: { allow: s.probe.allow, concurrency: s.probe.concurrency, timeoutMs: s.probe.timeoutMs },
    notify: { concurrency: s.notify.concurrency },
    configFile,
    watches,
  };
}

/** What each role needs of each chat platform configured; at least one platform is. */
function platformProblems(
  role: Role,
  c: Pick<Config, 'slack' | 'wecom'>,
  raw: Settings['wecom'],
): string[] {
  const problems: string[] = [];
  const { slack, wecom } = c;
  const front = runsFrontEnd(role);
  const wecomKeySet =
    Object.entries(raw).some(
      ([k, v]) =>
        v !== undefined && !['callbackPath', 'robots', 'apps', 'aibot', 'corpId'].includes(k),
    ) ||
    raw.aibot.token !== undefined ||
    raw.aibot.aesKey !== undefined;
  if (!slackEnabled(c) && !wecom.enabled) {
    if (wecomKeySet) {
      problems.push(`${envNameOf(['wecom', 'corpId'])}: required when WeCom is configured`);
    } else {
      problems.push(
        `SLACK_BOT_TOKEN or WECOM_CORP_ID: configure at least one chat platform (Slack, WeCom)`,
      );
    }
  }
  if (slackEnabled(c)) {
    if (!slack.botToken) {
      problems.push(
        `SLACK_BOT_TOKEN: required (role ${role}: ${runsWorkers(role) ? 'workers deliver results with it' : 'the front end answers with it'})`,
      );
    }
    if (front && slack.mode === 'http' && !slack.signingSecret) {
      problems.push(
        'SLACK_SIGNING_SECRET: required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
      );
    }
  }
  if ((raw.aibot.token === undefined) !== (raw.aibot.aesKey === undefined)) {
    const [missing, given] =
      raw.aibot.token === undefined ? ['token', 'aesKey'] : ['aesKey', 'token'];
    problems.push(
      `${envNameOf(['wecom', 'aibot', missing])}: required when ${envNameOf(['wecom', 'aibot', given])} is set (the AI bot's callback needs both)`,
    );
  }
  if (raw.aibot.token !== undefined && raw.aibot.path === raw.callbackPath) {
    problems.push(
      `${envNameOf(['wecom', 'aibot', 'path'])}: must differ from ${envNameOf(['wecom', 'callbackPath'])} (${raw.callbackPath})`,
    );
  }
  if (wecom.enabled) {
    // With the AI bot configured the self-built app is optional, but its keys come in pairs.
    const need = (key: keyof Settings['wecom'], partner: keyof Settings['wecom'], why: string) => {
      if (raw[key] !== undefined) return;
      if (wecom.aibot && raw[partner] === undefined) return;
      problems.push(`${envNameOf(['wecom', key])}: required (role ${role}: ${why})`);
    };
    if (front) {
      need('token', 'aesKey', 'the callback signature is checked with it');
      need('aesKey', 'token', 'callbacks are decrypted with it');
    }
    if (runsWorkers(role)) {
      need('agentId', 'secret', 'answers are sent as this app');
      need('secret', 'agentId', 'answers need an access_token of this app');
    }
  }
  return problems;
}

/** A missing key is named by its env var (the file's dotted key when it has none). */
function envNameOf(path: readonly string[]): string {
  const found = Object.entries(ENV_KEYS).find(
    ([, p]) => p.length === path.length && p.every((k, i) => k === path[i]),
  );
  return found?.[0] ?? formatPath(path);
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function toRedis(r: RedisSettings | undefined): RedisConfig {
  if (r?.sentinel) {
    const { sentinels, name, username, password, sentinelPassword, db, tls } = r.sentinel;
    return {
      kind: 'sentinel',
      sentinels,
      name,
      username: username ?? null,
      password: password ?? null,
      sentinelPassword: sentinelPassword ?? null,
      db: db ?? null,
      tls: tls ?? false,
    };
  }
  if (r?.cluster) {
    const { nodes, username, password, tls } = r.cluster;
    return {
      kind: 'cluster',
      nodes,
      username: username ?? null,
      password: password ?? null,
      tls: tls ?? false,
    };
  }
  return { kind: 'standalone', url: new Secret(r?.url ?? DEFAULT_REDIS_URL) };
}

/** Redis Cluster hashes only the text between the first `{` and the next `}`, when not empty. */
export function hasHashTag(key: string): boolean {
  const open = key.indexOf('{');
  if (open < 0) return false;
  const close = key.indexOf('}', open + 1);
  return close > open + 1;
}

/** The env var or flag that set `path` (or a parent of it), else the file's dotted key. */
function nameOf(path: readonly PropertyKey[], overrides: readonly Override[]): string {
  let best: Override | undefined;
  for (const o of overrides) {
    const covers = o.path.every((p, i) => String(path[i]) === p);
    if (covers && o.path.length > (best?.path.length ?? -1)) best = o;
  }
  return best?.source ?? formatPath(path);
}

function describeIssue(iss: z.core.$ZodIssue, overrides: readonly Override[]): string[] {
  if (iss.code === 'unrecognized_keys') {
    return iss.keys.map((k) => `${formatPath([...iss.path, k])}: unknown key`);
  }
  const message =
    iss.code === 'invalid_key' ? (iss.issues[0]?.message ?? iss.message) : iss.message;
  const key = iss.path.length === 0 ? 'WX_CONFIG' : nameOf(iss.path, overrides);
  return [`${key}: ${message}`];
}

/** A printable description of the Redis endpoint, without credentials. */
export function describeRedis(redis: RedisConfig): string {
  switch (redis.kind) {
    case 'standalone': {
      const u = new URL(redis.url.reveal());
      u.username = '';
      u.password = '';
      return u.toString();
    }
    case 'sentinel':
      return `sentinel ${redis.name} via ${redis.sentinels.map((s) => `${s.host}:${s.port}`).join(',')}`;
    case 'cluster':
      return `cluster ${redis.nodes.map((n) => `${n.host}:${n.port}`).join(',')}`;
  }
}

/** WeChat and WeCom apps to diagnose, by alias. */
export type AppsConfig = { wechat: WechatConfig; wecom: Pick<WecomConfig, 'apiUrl' | 'apps'> };

/** Only the apps are needed from it; the chat platform settings the bot needs are not. */
const APP_ENV_KEYS = new Set(['WECHAT_API_URL', 'WECOM_API_URL']);

/**
 * The apps of the WX_CONFIG file (and WECHAT_API_URL / WECOM_API_URL), for the `wx` CLI, which
 * needs none of the chat platform settings loadConfig insists on.
 */
export function loadApps(env: Env = process.env): AppsConfig {
  const configFile = env.WX_CONFIG?.trim() || null;
  const raw = configFile ? readConfigFile(configFile, env) : {};
  const overrides = envOverrides(env).filter((o) => APP_ENV_KEYS.has(o.source));
  for (const o of overrides) setPath(raw, o.path, o.value);
  const problems: string[] = [];
  const wechat = settingsSchema.shape.wechat.safeParse(raw.wechat);
  const wecom = settingsSchema.shape.wecom.safeParse(raw.wecom);
  for (const [section, parsed] of [
    ['wechat', wechat],
    ['wecom', wecom],
  ] as const) {
    if (!parsed.success) {
      problems.push(
        ...parsed.error.issues.flatMap((iss) =>
          describeIssue({ ...iss, path: [section, ...iss.path] } as typeof iss, overrides),
        ),
      );
    }
  }
  if (!wechat.success || !wecom.success) throw new ConfigError(problems);
  return {
    wechat: {
      apiUrl: trimSlash(wechat.data.apiUrl ?? DEFAULT_WECHAT_API_URL),
      apps: wechat.data.apps,
    },
    wecom: {
      apiUrl: trimSlash(wecom.data.apiUrl ?? DEFAULT_WECOM_API_URL),
      apps: wecom.data.apps,
    },
  };
}

/** Every configured secret value, for the logger's last-line scrub. */
export function secretValues(config: Config): string[] {
  const r = config.redis;
  const secrets: Array<Secret | null> = [
    config.slack.signingSecret,
    config.slack.botToken,
    config.slack.appToken,
    config.wecom.token,
    config.wecom.aesKey,
    config.wecom.secret,
    config.wecom.aibot?.token ?? null,
    config.wecom.aibot?.aesKey ?? null,
    ...Object.values(config.wecom.robots),
    ...Object.values(config.wecom.apps).map((a) => a.secret),
    ...Object.values(config.wechat.apps).map((a) => a.secret),
    ...(r.kind === 'standalone' ? [] : [r.password]),
    ...(r.kind === 'sentinel' ? [r.sentinelPassword] : []),
  ];
  const values = secrets.flatMap((s) => (s ? [s.reveal()] : []));
  if (r.kind === 'standalone') {
    const password = new URL(r.url.reveal()).password;
    if (password) values.push(decodeURIComponent(password), password);
  }
  return [...new Set(values)];
}
