/**
 * WeChat (WX) and WeCom (WC) API error codes: what each means, its remedy and, where code acts on
 * it, its kind (refs/wecom-wechat.md §5). Some numbers mean different things on the two
 * platforms. The words are English; src/i18n/errcodes-zh-CN.ts has them in zh-CN.
 */
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

export const ERRCODES = [
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
    code: 40001,
    platform: 'wechat',
    kind: 'token',
    meaning: 'AppSecret wrong, or access_token invalid or not the latest',
    remedy:
      'Check the AppSecret; if another caller of cgi-bin/token superseded the token, refresh it and use stable_token from one token owner',
  },
  {
    code: 40001,
    platform: 'wecom',
    kind: 'token',
    meaning: 'Invalid corpsecret',
    remedy: 'Check the app’s Secret and that the app is enabled',
  },
  {
    code: 40002,
    platform: 'wechat',
    meaning: 'Invalid grant_type',
    remedy: 'grant_type must be client_credential',
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
    code: 40056,
    platform: 'wecom',
    meaning: 'Invalid agentid',
    remedy: 'Use the integer agentid of the app the secret belongs to',
  },
  {
    code: 40091,
    platform: 'wecom',
    kind: 'bad-secret',
    meaning: 'Invalid secret',
    remedy: 'Check the app’s Secret',
  },
  {
    code: 40125,
    platform: 'wechat',
    kind: 'bad-secret',
    meaning: 'Invalid AppSecret',
    remedy:
      'Reset or check the AppSecret (Development › Basic configuration) and update the config',
  },
  {
    code: 40125,
    platform: 'wecom',
    meaning: 'Invalid openuserid',
    remedy: 'Check the openuserid parameter',
  },
  {
    code: 40164,
    platform: 'wechat',
    kind: 'ip-blocked',
    meaning: 'Caller IP not in the IP whitelist',
    remedy:
      'Add the IP from errmsg to Development › Basic configuration › IP whitelist (about 5 min to apply); check NAT/IPv6 egress and the AppID',
  },
  {
    code: 40201,
    platform: 'wechat',
    meaning: 'No or invalid callback URL configured',
    remedy: 'Configure the server (callback) URL in the console',
  },
  {
    code: 40202,
    platform: 'wechat',
    meaning: 'Invalid action',
    remedy: 'action must be dns, ping or all',
  },
  {
    code: 40203,
    platform: 'wechat',
    meaning: 'Invalid check_operator',
    remedy: 'Use CHINANET, UNICOM, CAP or DEFAULT',
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
  {
    code: 43004,
    platform: 'wechat',
    meaning: 'Recipient must follow the account',
    remedy: 'The user unsubscribed',
  },
  {
    code: 43004,
    platform: 'wecom',
    meaning: 'userid not bound to WeChat or not following the workbench',
    remedy: 'Ask the member to bind WeChat / follow the workbench',
  },
  {
    code: 45009,
    platform: 'wechat',
    kind: 'quota',
    meaning: 'Daily API quota reached',
    remedy:
      'Check with `wx quota`, find the calling loop; clear_quota only if justified (10 a month)',
  },
  {
    code: 45009,
    platform: 'wecom',
    kind: 'quota',
    meaning: 'API call limit exceeded',
    remedy:
      'Back off to the next minute/hour (blocked 60 s per minute limit, 60 min per hour limit)',
  },
  {
    code: 45011,
    platform: 'wechat',
    kind: 'minute-limit',
    meaning: 'API minute quota reached',
    remedy: 'Wait for the next minute and slow down',
  },
  {
    code: 45015,
    platform: 'wechat',
    meaning: 'Reply time limit exceeded',
    remedy: 'Answer within 5 s or reply asynchronously through the API',
  },
  {
    code: 45033,
    platform: 'wecom',
    kind: 'concurrency',
    meaning: 'Concurrent call limit exceeded',
    remedy: 'Reduce concurrency',
  },
  {
    code: 45047,
    platform: 'wechat',
    meaning: 'Customer-service message cap reached',
    remedy: 'Wait for the user to interact again',
  },
  {
    code: 48001,
    platform: 'wechat',
    kind: 'unauthorised',
    meaning: 'API not authorised',
    remedy: 'Check the token type (OA, Mini Program, component) and that the account has this API',
  },
  {
    code: 48002,
    platform: 'wecom',
    kind: 'unauthorised',
    meaning: 'API not permitted for this app',
    remedy: 'Grant the API permission to the app in the admin console',
  },
  {
    code: 48006,
    platform: 'wechat',
    meaning: 'Quota clear limit reached',
    remedy: 'The monthly clear_quota budget is used up',
  },
  {
    code: 48006,
    platform: 'wecom',
    meaning: 'API permission revoked',
    remedy: 'Re-grant the API permission',
  },
  {
    code: 50001,
    platform: 'wechat',
    meaning: 'User has not authorised this API',
    remedy: 'Ask the user to authorise',
  },
  {
    code: 50001,
    platform: 'wecom',
    meaning: 'redirect_url not on a trusted domain',
    remedy: 'Register the trusted domain for the app',
  },
  {
    code: 60011,
    platform: 'wecom',
    meaning: 'No permission for the member/department/tag',
    remedy: 'Check the app’s visibility scope',
  },
  {
    code: 60020,
    platform: 'wecom',
    kind: 'ip-blocked',
    meaning: 'Caller IP not in the trusted IP list',
    remedy:
      'Add the `from ip` of errmsg to the app’s Trusted IPs (app details); about 1 min to apply',
  },
  {
    code: 61004,
    platform: 'wechat',
    kind: 'ip-blocked',
    meaning: 'Caller IP not registered',
    remedy: 'Check the IP whitelist first, then the API permission',
  },
  {
    code: 61007,
    platform: 'wechat',
    meaning: 'API not authorised to the component',
    remedy: 'The authorizer must grant the permission set',
  },
  {
    code: 76001,
    platform: 'wechat',
    meaning: 'rid not found (older than 7 days)',
    remedy: 'rids are kept for 7 days',
  },
  {
    code: 76002,
    platform: 'wechat',
    meaning: 'Malformed rid',
    remedy: 'Copy the whole rid from errmsg',
  },
  {
    code: 76003,
    platform: 'wechat',
    meaning: 'No permission for this rid or cgi_path',
    remedy: 'Only the same account’s token can query its rids',
  },
  {
    code: 76021,
    platform: 'wechat',
    meaning: 'cgi_path not found',
    remedy: 'Give the path with a leading / and no host, e.g. /cgi-bin/message/custom/send',
  },
  {
    code: 76022,
    platform: 'wechat',
    meaning: 'The token does not own this cgi_path',
    remedy: 'Use the account that owns the API, or fix the path',
  },
  {
    code: 80001,
    platform: 'wecom',
    meaning: 'Trusted domain wrong or without ICP filing',
    remedy: 'Check domain ownership and ICP filing',
  },
  {
    code: 81013,
    platform: 'wecom',
    meaning: 'All user/department/tag ids invalid or out of scope',
    remedy: 'Recipients must be within the app’s visibility',
  },
  {
    code: 85005,
    platform: 'wecom',
    meaning: 'Trusted domain ownership not verified',
    remedy: 'Serve the WW_verify_*.txt file at the domain root',
  },
  {
    code: 89501,
    platform: 'wechat',
    meaning: 'This IP awaits admin confirmation',
    remedy: 'Ask the admin to confirm',
  },
  {
    code: 89503,
    platform: 'wechat',
    meaning: 'Calls from this IP need admin confirmation',
    remedy: 'Admin confirms, then retry; or add the IP to the whitelist',
  },
  {
    code: 89506,
    platform: 'wechat',
    meaning: 'IP rejected twice within 24 h: banned for 24 h',
    remedy: 'Wait, then whitelist the IP',
  },
  {
    code: 89507,
    platform: 'wechat',
    meaning: 'IP rejected within 1 h: banned for 1 h',
    remedy: 'Wait, then whitelist the IP',
  },
  {
    code: 93000,
    platform: 'wecom',
    meaning: 'Robot webhook invalid or robot removed',
    remedy: 'Recreate the robot and rotate the key',
  },
  {
    code: 93004,
    platform: 'wecom',
    meaning: 'Robot disabled',
    remedy: 'Enable or recreate the robot',
  },
  {
    code: 301002,
    platform: 'wecom',
    meaning: 'No permission on the given app',
    remedy: 'The token’s secret belongs to another app than the agentid',
  },
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
