/**
 * WeChat (WX) and WeCom (WC) API error codes: meaning and remedy in zh-CN and en
 * (refs/wecom-wechat.md §5). Some numbers mean different things on the two platforms.
 */
import type { AppPlatform } from './types.js';

export interface Bilingual {
  'zh-CN': string;
  en: string;
}

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
  meaning: Bilingual;
  remedy: Bilingual;
}

const b = (zh: string, en: string): Bilingual => ({ 'zh-CN': zh, en });

export const ERRCODES: readonly ErrcodeEntry[] = [
  {
    code: -1,
    platform: 'both',
    kind: 'busy',
    meaning: b('系统繁忙', 'System busy'),
    remedy: b(
      '稍后重试（退避）；企业微信建议重试不超过 3 次',
      'Retry with backoff; WeCom advises at most 3 retries',
    ),
  },
  {
    code: 0,
    platform: 'both',
    meaning: b('请求成功', 'Success'),
    remedy: b('无需处理', 'Nothing to do'),
  },
  {
    code: 40001,
    platform: 'wechat',
    kind: 'token',
    meaning: b(
      'AppSecret 错误，或 access_token 无效/不是最新',
      'AppSecret wrong, or access_token invalid or not the latest',
    ),
    remedy: b(
      '核对 AppSecret；若 token 被他人调用 cgi-bin/token 刷新，改用 stable_token 并由单一服务持有 token',
      'Check the AppSecret; if another caller of cgi-bin/token superseded the token, refresh it and use stable_token from one token owner',
    ),
  },
  {
    code: 40001,
    platform: 'wecom',
    kind: 'token',
    meaning: b('不合法的 secret 参数', 'Invalid corpsecret'),
    remedy: b(
      '核对应用的 Secret，确认应用未停用',
      'Check the app’s Secret and that the app is enabled',
    ),
  },
  {
    code: 40002,
    platform: 'wechat',
    meaning: b('不合法的凭证类型', 'Invalid grant_type'),
    remedy: b('grant_type 必须为 client_credential', 'grant_type must be client_credential'),
  },
  {
    code: 40013,
    platform: 'both',
    kind: 'bad-id',
    meaning: b('不合法的 AppID / CorpID', 'Invalid AppID / CorpID'),
    remedy: b(
      '检查 ID 是否有拼写、空格或大小写错误',
      'Check the id for typos, whitespace and case',
    ),
  },
  {
    code: 40014,
    platform: 'both',
    kind: 'token',
    meaning: b('不合法的 access_token', 'Invalid access_token'),
    remedy: b(
      '重新获取 token 并重试一次；确认 token 属于该账号',
      'Refresh the token and retry once; check it belongs to this account',
    ),
  },
  {
    code: 40056,
    platform: 'wecom',
    meaning: b('不合法的 agentid', 'Invalid agentid'),
    remedy: b(
      'agentid 须为与 Secret 对应的应用 ID',
      'Use the integer agentid of the app the secret belongs to',
    ),
  },
  {
    code: 40091,
    platform: 'wecom',
    kind: 'bad-secret',
    meaning: b('secret 不合法', 'Invalid secret'),
    remedy: b('核对应用的 Secret', 'Check the app’s Secret'),
  },
  {
    code: 40125,
    platform: 'wechat',
    kind: 'bad-secret',
    meaning: b('无效的 AppSecret', 'Invalid AppSecret'),
    remedy: b(
      '在公众平台 开发-基本配置 重置或核对 AppSecret，并更新配置',
      'Reset or check the AppSecret (Development › Basic configuration) and update the config',
    ),
  },
  {
    code: 40125,
    platform: 'wecom',
    meaning: b('无效的 openuserid 参数', 'Invalid openuserid'),
    remedy: b('检查 openuserid 参数', 'Check the openuserid parameter'),
  },
  {
    code: 40164,
    platform: 'wechat',
    kind: 'ip-blocked',
    meaning: b('调用接口的 IP 地址不在白名单中', 'Caller IP not in the IP whitelist'),
    remedy: b(
      '把 errmsg 中的 IP 加入 开发-基本配置-IP白名单（约 5 分钟生效）；检查 NAT/IPv6 出口及 AppID',
      'Add the IP from errmsg to Development › Basic configuration › IP whitelist (about 5 min to apply); check NAT/IPv6 egress and the AppID',
    ),
  },
  {
    code: 40201,
    platform: 'wechat',
    meaning: b('未配置或配置了无效的回调 URL', 'No or invalid callback URL configured'),
    remedy: b(
      '在公众平台配置服务器地址（URL）',
      'Configure the server (callback) URL in the console',
    ),
  },
  {
    code: 40202,
    platform: 'wechat',
    meaning: b('action 参数不合法', 'Invalid action'),
    remedy: b('action 取 dns、ping 或 all', 'action must be dns, ping or all'),
  },
  {
    code: 40203,
    platform: 'wechat',
    meaning: b('check_operator 参数不合法', 'Invalid check_operator'),
    remedy: b('取 CHINANET、UNICOM、CAP 或 DEFAULT', 'Use CHINANET, UNICOM, CAP or DEFAULT'),
  },
  {
    code: 41001,
    platform: 'both',
    meaning: b('缺少 access_token 参数', 'access_token missing'),
    remedy: b('客户端缺陷：请求须带 access_token', 'Client bug: send the access_token'),
  },
  {
    code: 42001,
    platform: 'both',
    kind: 'token',
    meaning: b('access_token 已过期', 'access_token expired'),
    remedy: b(
      '重新获取并重试一次；频繁出现说明缓存或时钟有问题',
      'Refresh and retry once; if frequent, check the token cache and clock skew',
    ),
  },
  {
    code: 43004,
    platform: 'wechat',
    meaning: b('需要接收者关注', 'Recipient must follow the account'),
    remedy: b('用户已取消关注', 'The user unsubscribed'),
  },
  {
    code: 43004,
    platform: 'wecom',
    meaning: b(
      '指定的 userid 未绑定微信或未关注微工作台',
      'userid not bound to WeChat or not following the workbench',
    ),
    remedy: b(
      '请成员绑定微信或关注微工作台',
      'Ask the member to bind WeChat / follow the workbench',
    ),
  },
  {
    code: 45009,
    platform: 'wechat',
    kind: 'quota',
    meaning: b('接口调用超过天级别频率限制', 'Daily API quota reached'),
    remedy: b(
      '用 wx quota 查看额度并找出循环调用；确有必要才 clear_quota（每月 10 次）',
      'Check with `wx quota`, find the calling loop; clear_quota only if justified (10 a month)',
    ),
  },
  {
    code: 45009,
    platform: 'wecom',
    kind: 'quota',
    meaning: b('接口调用超过限制', 'API call limit exceeded'),
    remedy: b(
      '退避到下一分钟/小时（分钟级封禁 60 秒，小时级 60 分钟）',
      'Back off to the next minute/hour (blocked 60 s per minute limit, 60 min per hour limit)',
    ),
  },
  {
    code: 45011,
    platform: 'wechat',
    kind: 'minute-limit',
    meaning: b('API 调用太频繁（分钟级限制）', 'API minute quota reached'),
    remedy: b('等到下一分钟再调用并降低频率', 'Wait for the next minute and slow down'),
  },
  {
    code: 45015,
    platform: 'wechat',
    meaning: b('回复时间超过限制', 'Reply time limit exceeded'),
    remedy: b(
      '被动回复 5 秒内完成，或改用客服消息异步回复',
      'Answer within 5 s or reply asynchronously through the API',
    ),
  },
  {
    code: 45033,
    platform: 'wecom',
    kind: 'concurrency',
    meaning: b('接口并发调用超过限制', 'Concurrent call limit exceeded'),
    remedy: b('降低并发', 'Reduce concurrency'),
  },
  {
    code: 45047,
    platform: 'wechat',
    meaning: b('客服接口下行条数超过上限', 'Customer-service message cap reached'),
    remedy: b('等待用户再次互动', 'Wait for the user to interact again'),
  },
  {
    code: 48001,
    platform: 'wechat',
    kind: 'unauthorised',
    meaning: b('api 功能未授权', 'API not authorised'),
    remedy: b(
      '检查 token 类型（公众号/小程序/第三方）与账号是否具备该接口权限',
      'Check the token type (OA, Mini Program, component) and that the account has this API',
    ),
  },
  {
    code: 48002,
    platform: 'wecom',
    kind: 'unauthorised',
    meaning: b('API 接口无权限调用', 'API not permitted for this app'),
    remedy: b(
      '在管理后台为应用开通接口权限',
      'Grant the API permission to the app in the admin console',
    ),
  },
  {
    code: 48006,
    platform: 'wechat',
    meaning: b('清零次数达到上限', 'Quota clear limit reached'),
    remedy: b('本月 clear_quota 次数已用完', 'The monthly clear_quota budget is used up'),
  },
  {
    code: 48006,
    platform: 'wecom',
    meaning: b('接口权限被收回', 'API permission revoked'),
    remedy: b('重新授予接口权限', 'Re-grant the API permission'),
  },
  {
    code: 50001,
    platform: 'wechat',
    meaning: b('用户未授权该 api', 'User has not authorised this API'),
    remedy: b('引导用户授权', 'Ask the user to authorise'),
  },
  {
    code: 50001,
    platform: 'wecom',
    meaning: b('redirect_url 未登记可信域名', 'redirect_url not on a trusted domain'),
    remedy: b('在应用中登记可信域名', 'Register the trusted domain for the app'),
  },
  {
    code: 60011,
    platform: 'wecom',
    meaning: b('指定的成员/部门/标签参数无权限', 'No permission for the member/department/tag'),
    remedy: b('检查应用可见范围', 'Check the app’s visibility scope'),
  },
  {
    code: 60020,
    platform: 'wecom',
    kind: 'ip-blocked',
    meaning: b('访问 IP 不在白名单（企业可信IP）中', 'Caller IP not in the trusted IP list'),
    remedy: b(
      '确认 errmsg 中 from ip 是本企业服务器 IP，并配置到应用详情的“企业可信IP”（约 1 分钟生效）',
      'Add the `from ip` of errmsg to the app’s Trusted IPs (app details); about 1 min to apply',
    ),
  },
  {
    code: 61004,
    platform: 'wechat',
    kind: 'ip-blocked',
    meaning: b('调用方 IP 未登记', 'Caller IP not registered'),
    remedy: b(
      '先检查 IP 白名单，再检查接口权限',
      'Check the IP whitelist first, then the API permission',
    ),
  },
  {
    code: 61007,
    platform: 'wechat',
    meaning: b('第三方平台未获该接口授权', 'API not authorised to the component'),
    remedy: b('授权方需授予对应权限集', 'The authorizer must grant the permission set'),
  },
  {
    code: 76001,
    platform: 'wechat',
    meaning: b('rid 不存在（超过 7 天）', 'rid not found (older than 7 days)'),
    remedy: b('rid 只保留 7 天', 'rids are kept for 7 days'),
  },
  {
    code: 76002,
    platform: 'wechat',
    meaning: b('rid 格式错误', 'Malformed rid'),
    remedy: b('从 errmsg 完整复制 rid', 'Copy the whole rid from errmsg'),
  },
  {
    code: 76003,
    platform: 'wechat',
    meaning: b('无权查询该 rid / cgi_path', 'No permission for this rid or cgi_path'),
    remedy: b(
      '只能用产生该 rid 的同一账号的 token 查询',
      'Only the same account’s token can query its rids',
    ),
  },
  {
    code: 76021,
    platform: 'wechat',
    meaning: b('cgi_path 不存在', 'cgi_path not found'),
    remedy: b(
      'cgi_path 以 / 开头且不含域名，如 /cgi-bin/message/custom/send',
      'Give the path with a leading / and no host, e.g. /cgi-bin/message/custom/send',
    ),
  },
  {
    code: 76022,
    platform: 'wechat',
    meaning: b('当前 token 无该 cgi_path 的权限', 'The token does not own this cgi_path'),
    remedy: b(
      '换用拥有该接口的账号，或检查路径',
      'Use the account that owns the API, or fix the path',
    ),
  },
  {
    code: 80001,
    platform: 'wecom',
    meaning: b('可信域名不正确，或者无 ICP 备案', 'Trusted domain wrong or without ICP filing'),
    remedy: b('检查域名归属与 ICP 备案', 'Check domain ownership and ICP filing'),
  },
  {
    code: 81013,
    platform: 'wecom',
    meaning: b(
      'UserID、部门ID、标签ID 全部非法或无权限',
      'All user/department/tag ids invalid or out of scope',
    ),
    remedy: b('收件人需在应用可见范围内', 'Recipients must be within the app’s visibility'),
  },
  {
    code: 85005,
    platform: 'wecom',
    meaning: b('可信域名未通过所有权校验', 'Trusted domain ownership not verified'),
    remedy: b(
      '在域名根目录放置 WW_verify_*.txt',
      'Serve the WW_verify_*.txt file at the domain root',
    ),
  },
  {
    code: 89501,
    platform: 'wechat',
    meaning: b('此 IP 正在等待管理员确认', 'This IP awaits admin confirmation'),
    remedy: b('请管理员在模板消息中确认', 'Ask the admin to confirm'),
  },
  {
    code: 89503,
    platform: 'wechat',
    meaning: b('此 IP 调用需要管理员确认', 'Calls from this IP need admin confirmation'),
    remedy: b(
      '管理员确认后重试，或把 IP 加入白名单',
      'Admin confirms, then retry; or add the IP to the whitelist',
    ),
  },
  {
    code: 89506,
    platform: 'wechat',
    meaning: b(
      '24 小时内该 IP 被管理员拒绝两次，封禁 24 小时',
      'IP rejected twice within 24 h: banned for 24 h',
    ),
    remedy: b('等待解封并把 IP 加入白名单', 'Wait, then whitelist the IP'),
  },
  {
    code: 89507,
    platform: 'wechat',
    meaning: b('1 小时内该 IP 被管理员拒绝，封禁 1 小时', 'IP rejected within 1 h: banned for 1 h'),
    remedy: b('等待解封并把 IP 加入白名单', 'Wait, then whitelist the IP'),
  },
  {
    code: 93000,
    platform: 'wecom',
    meaning: b('机器人 webhook 地址无效或机器人已被移除', 'Robot webhook invalid or robot removed'),
    remedy: b('重新创建机器人并更新 key', 'Recreate the robot and rotate the key'),
  },
  {
    code: 93004,
    platform: 'wecom',
    meaning: b('机器人已被停用', 'Robot disabled'),
    remedy: b('启用或重新创建机器人', 'Enable or recreate the robot'),
  },
  {
    code: 301002,
    platform: 'wecom',
    meaning: b('无权限操作指定的应用', 'No permission on the given app'),
    remedy: b(
      'token 的 Secret 与 agentid 不属于同一应用',
      'The token’s secret belongs to another app than the agentid',
    ),
  },
];

export const OFFICIAL_LISTS = {
  wechat:
    'https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html',
  wecom: 'https://developer.work.weixin.qq.com/document/path/90313',
} as const;

/** Every entry for a code (one per platform where the meaning differs). */
export function lookupErrcode(code: number): ErrcodeEntry[] {
  return ERRCODES.filter((e) => e.code === code);
}

/** The entry for a code on one platform ('both' entries apply to either). */
export function errcodeFor(code: number, platform: AppPlatform): ErrcodeEntry | undefined {
  return ERRCODES.find(
    (e) => e.code === code && (e.platform === platform || e.platform === 'both'),
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
  ERRCODES.filter((e) => e.kind === 'token').map((e) => e.code),
);

/** The answer says the token is stale: refresh once and call again. */
export function tokenInvalid(code: number): boolean {
  return TOKEN_INVALID.has(code);
}
