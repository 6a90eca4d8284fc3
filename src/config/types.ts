/** The typed config every process role reads (made by loadConfig, src/config/load.ts). */
import type { Lang } from '../model/index.js';
import type { ResolverSpec } from '../probes/dns/types.js';
import type { LOG_LEVELS, ROLES } from './schema.js';
import type { Secret, UnsetSecret } from './secret.js';

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
  apps: Record<string, { corpId: string; secret: AppSecret }>;
}

/** An app's secret; UnsetSecret when its `${NAME}` reference is not set (that app is unusable). */
export type AppSecret = Secret | UnsetSecret;

export interface WechatConfig {
  /** API origin without /cgi-bin. */
  apiUrl: string;
  /** Official Account / Mini Program apps to diagnose, by alias. */
  apps: Record<string, { appid: string; secret: AppSecret }>;
}

export interface Config {
  role: Role;
  /** HTTP port: Slack events (HTTP mode), /healthz and /metrics. 0 picks a free port. */
  port: number;
  logLevel: LogLevel;
  /**
   * Output language when neither channel nor workspace has one (WX_LANG); null: the platform's
   * default (PLATFORM_LANG in src/model).
   */
  lang: Lang | null;
  redis: RedisConfig;
  /** BullMQ key prefix; hash-tagged (`{wx}`) under Redis Cluster. */
  queuePrefix: string;
  slack: SlackConfig;
  wecom: WecomConfig;
  wechat: WechatConfig;
  /** Commands a user may run per minute. */
  rateLimitPerMinute: number;
  /**
   * `platform:userid` of the users who may act beyond their own conversation (WX_ADMINS): see
   * every watch, send a watch's notices anywhere, recheck any ref. Test with `isAdmin`.
   */
  admins: string[];
  probe: {
    /** CIDRs the address guard lets through for chat-triggered probes (normalised). */
    allow: string[];
    /** Probes of chat commands (the probe queue) at once per worker process. */
    concurrency: number;
    /** Watch checks (the watch queue) at once per worker process, at most: it adapts below. */
    watchConcurrency: number;
    timeoutMs: number;
    /** Watch checks: longest wait for a TCP connection, within the probe deadline. */
    watchConnectTimeoutMs: number;
  };
  notify: { concurrency: number };
  worker: {
    /** WX_REGION: the region whose probe queue this worker also takes (`--from REGION`). */
    region: string;
    /** WX_RESOLVERS: this worker's probes resolve through these instead of the system's. */
    resolvers: ResolverSpec[];
  };
  /** What chat-added watches may do: the watches file is not bound by it. */
  chatWatches: ChatWatchLimits;
  /**
   * The status page: with a token (WX_STATUS_TOKEN), served to whoever presents it (bearer or
   * `?token=`); without one, only to direct loopback clients.
   */
  status: { token: Secret | null };
  /** Post-incident records: days kept after closing; the bot's public URL for WeCom's link. */
  incidentRecords: { keepDays: number; publicUrl: string | null };
  /** The WX_CONFIG file read, if any. */
  configFile: string | null;
  /**
   * Certificate watches as code: the file they come from (WX_WATCHES_FILE, else WX_CONFIG when it
   * has a `watches` section). src/watch/file.ts reads it, at start-up and on every change.
   */
  watches: { file: string | null };
}

/** Where chat-added watches may send notices, and how many there may be. */
export interface ChatWatchLimits {
  /**
   * Destinations any chat user may target with `--to` (`slack:C…`, `wecom-chat:ID`,
   * `wecom-user:ID`, `wecom-robot:NAME`); beyond these, only the conversation a watch was added
   * from, unless the adder is an admin.
   */
  destinations: string[];
  /** Chat-added watches one conversation may own. */
  maxPerConversation: number;
  /** Chat-added watches in all. */
  maxTotal: number;
}

/** WeChat and WeCom apps to diagnose, by alias. */
export type AppsConfig = { wechat: WechatConfig; wecom: Pick<WecomConfig, 'apiUrl' | 'apps'> };

/** The environment config is read from. */
export type Env = Readonly<Record<string, string | undefined>>;
