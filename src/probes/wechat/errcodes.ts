/**
 * WeChat (WX) and WeCom (WC) API error codes: what each means, its remedy and, where code acts on
 * it, its kind (refs/wecom-wechat.md §5). Some numbers mean different things on the two
 * platforms. The words are English; src/i18n/errcodes-zh-CN.ts has them in zh-CN.
 */
import { WECHAT_ERRCODES } from './errcodes-wechat.js';
import { WECOM_ERRCODES } from './errcodes-wecom.js';
import type { AppPlatform } from './types.js';

/**
 * What a code says about the call, for the code that acts on it (the probe's findings, WeCom
 * delivery's retries). Codes without a kind are explained by their words only.
 */
export type ErrcodeKind =
  /** Transient on the platform's side: retry with backoff. */
  | 'busy'
  /** The access_token is invalid or expired: refresh it once and call again. */
  | 'token'
  /** The AppID / CorpID is wrong. */
  | 'bad-id'
  /** The secret is wrong. */
  | 'bad-secret'
  /** The caller's IP is not in the IP whitelist / Trusted IPs. */
  | 'ip-blocked'
  /** A call quota is used up (WeChat: the day's; WeCom: the minute's or hour's). */
  | 'quota'
  /** WeChat's per-minute limit. */
  | 'minute-limit'
  /** WeCom: too many calls at once. */
  | 'concurrency'
  /** The account or app may not call this API. */
  | 'unauthorised';

export interface ErrcodeEntry {
  code: number;
  platform: AppPlatform | 'both';
  kind?: ErrcodeKind;
  meaning: string;
  remedy: string;
}

const BOTH = [
  {
    code: -1,
    platform: 'both',
    kind: 'busy',
    meaning: 'System busy',
    remedy: 'Retry with backoff; WeCom advises at most 3 retries',
  },
  {
    code: 0,
    platform: 'both',
    meaning: 'Success',
    remedy: 'Nothing to do',
  },
  {
    code: 40013,
    platform: 'both',
    kind: 'bad-id',
    meaning: 'Invalid AppID / CorpID',
    remedy: 'Check the id for typos, whitespace and case',
  },
  {
    code: 40014,
    platform: 'both',
    kind: 'token',
    meaning: 'Invalid access_token',
    remedy: 'Refresh the token and retry once; check it belongs to this account',
  },
  {
    code: 41001,
    platform: 'both',
    meaning: 'access_token missing',
    remedy: 'Client bug: send the access_token',
  },
  {
    code: 42001,
    platform: 'both',
    kind: 'token',
    meaning: 'access_token expired',
    remedy: 'Refresh and retry once; if frequent, check the token cache and clock skew',
  },
] as const;

/**
 * The whole table. A code with an entry per platform lists WeChat's first; a 'both' entry is the
 * only entry of its code.
 */
export const ERRCODES = [
  ...BOTH,
  ...WECHAT_ERRCODES,
  ...WECOM_ERRCODES,
] as const satisfies readonly ErrcodeEntry[];

/** `wechat:40001`, `both:-1`: one entry of the table (translations are keyed by it). */
export type ErrcodeKey = KeyOf<(typeof ERRCODES)[number]>;
type KeyOf<E> = E extends { platform: infer P extends string; code: infer C extends number }
  ? `${P}:${C}`
  : never;

export const OFFICIAL_LISTS = {
  wechat:
    'https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html',
  wecom: 'https://developer.work.weixin.qq.com/document/path/90313',
} as const;

/** Every entry for a code (one per platform where the meaning differs). */
export function lookupErrcode(code: number): ErrcodeEntry[] {
  return ERRCODES.filter((e: ErrcodeEntry) => e.code === code);
}

/** The entry for a code on one platform ('both' entries apply to either). */
export function errcodeFor(code: number, platform: AppPlatform): ErrcodeEntry | undefined {
  return ERRCODES.find(
    (e: ErrcodeEntry) => e.code === code && (e.platform === platform || e.platform === 'both'),
  );
}

/**
 * What `code` says on `platform`. 40001 is also what a stale token gets; on the token call, where
 * no token is sent, it names the secret.
 */
export function errcodeKind(
  code: number,
  platform: AppPlatform,
  onTokenCall = false,
): ErrcodeKind | undefined {
  return onTokenCall && code === 40001 ? 'bad-secret' : errcodeFor(code, platform)?.kind;
}

/** The codes that mean "this access_token is no good" (40001, 40014, 42001), on either platform. */
const TOKEN_INVALID: ReadonlySet<number> = new Set(
  ERRCODES.filter((e: ErrcodeEntry) => e.kind === 'token').map((e) => e.code),
);

/** The answer says the token is stale: refresh once and call again. */
export function tokenInvalid(code: number): boolean {
  return TOKEN_INVALID.has(code);
}
