import type { ResolverChoice } from '../dns/types.js';
import type { ResolveOverride } from '../net/resolve-override.js';

export type AppPlatform = 'wechat' | 'wecom';
export type CallbackAction = 'dns' | 'ping' | 'all';
export type CallbackOperator = 'CHINANET' | 'UNICOM' | 'CAP' | 'DEFAULT';

export interface ApiDomain {
  host: string;
  port: number;
}

/** What to diagnose. Plain JSON that names an app by alias only: never a secret. */
export type WechatSpec =
  | { op: 'token'; alias: string }
  | { op: 'ip'; alias: string }
  | { op: 'quota'; alias: string; cgiPath: string }
  | { op: 'rid'; alias: string; rid: string }
  | { op: 'callback-check'; alias: string; action: CallbackAction; operator: CallbackOperator }
  | {
      op: 'api-domains';
      /** In failover order: the first reachable one is recommended. */
      domains: ApiDomain[];
      resolve: ResolveOverride[];
      resolvers: ResolverChoice[];
    };

export type WechatOp = WechatSpec['op'];

/** A configured app, resolved from its alias where the secret lives (worker, CLI). */
export interface WechatApp {
  alias: string;
  platform: AppPlatform;
  /** API origin without /cgi-bin. */
  apiUrl: string;
  /** appid (WeChat) or corpid (WeCom): an identifier, not a secret. */
  id: string;
  secret: { reveal(): string };
  tokens: TokenCache;
  /**
   * Why the app cannot be used, naming what to fix (its secret references an environment
   * variable that is not set). The probe reports it instead of calling the platform.
   */
  unusable?: string;
}

/** An access_token as the platform issued it. */
export interface IssuedToken {
  token: string;
  /** As the platform said (`expires_in`). */
  expiresInS: number;
}

/** One app's credentials, behind a fetch. `id` names the cache entry and must hold no secret. */
export interface TokenSource {
  id: string;
  fetch(signal: AbortSignal): Promise<IssuedToken>;
}

/**
 * What the probe needs of a token cache (src/tokens/ implements it, shared by every process
 * through Redis or in memory for the CLI).
 */
export interface TokenCache {
  /**
   * Runs `call` with a token; if the answer says the token is expired or invalid, invalidates it
   * and runs `call` once more with a fresh one.
   */
  use<T>(
    source: TokenSource,
    call: (token: string) => Promise<T>,
    expired: (r: T) => boolean,
  ): Promise<T>;
}

export interface AppRegistry {
  get(alias: string): WechatApp | undefined;
  aliases(): string[];
  /** Every configured app secret that is set: scrubbed from results wherever it appears. */
  secrets?(): string[];
}

/** One call made to the platform, as reported (no token, no secret). */
export interface ApiCall {
  /** `/cgi-bin/stable_token`: the path only, never the query. */
  path: string;
  httpStatus: number | null;
  errcode: number | null;
  errmsg: string | null;
  rid: string | null;
  ms: number;
}

export interface QuotaDetail {
  cgiPath: string;
  dailyLimit: number | null;
  used: number | null;
  remain: number | null;
  rateLimit: { callCount: number; refreshSecond: number } | null;
  componentRateLimit: { callCount: number; refreshSecond: number } | null;
}

export interface RidDetail {
  rid: string;
  invokeTime: string | null;
  costMs: number | null;
  requestUrl: string | null;
  requestBody: string | null;
  responseBody: string | null;
  clientIp: string | null;
}

export interface CallbackCheckDetail {
  action: CallbackAction;
  operator: CallbackOperator;
  dns: Array<{ ip: string; realOperator: string }>;
  ping: Array<{ ip: string; fromOperator: string; packageLoss: string; time: string }>;
}

export interface DomainRow {
  host: string;
  port: number;
  dns: { status: string; addresses: string[] };
  tls: { status: string; codes: string[] };
  http: { status: string; httpStatus: number | null; totalMs: number | null };
  reachable: boolean;
}

export interface WechatDetail {
  op: WechatOp;
  alias: string | null;
  platform: AppPlatform | null;
  /** appid / corpid. */
  appId: string | null;
  apiUrl: string | null;
  calls: ApiCall[];
  token?: { endpoint: string; fingerprint: string; expiresInS: number | null };
  /** The caller's IP as the platform saw it. */
  egressIp?: string | null;
  apiIps?: string[];
  callbackIps?: string[];
  quota?: QuotaDetail;
  rid?: RidDetail;
  callbackCheck?: CallbackCheckDetail;
  domains?: DomainRow[];
  recommended?: string | null;
}

export const DEFAULT_API_DOMAINS: readonly string[] = [
  'api.weixin.qq.com',
  'api2.weixin.qq.com',
  'sh.api.weixin.qq.com',
  'sz.api.weixin.qq.com',
  'hk.api.weixin.qq.com',
];
