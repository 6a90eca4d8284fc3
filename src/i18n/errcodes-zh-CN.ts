import type { ErrcodeEntry, ErrcodeKey } from '../probes/wechat/errcodes.js';

export interface ErrcodeWords {
  meaning: string;
  remedy: string;
}

/**
 * The errcode table (src/probes/wechat/errcodes.ts) in zh-CN, by `platform:code`; an entry without
 * words here does not compile.
 */
export const ERRCODES_ZH_CN: Record<ErrcodeKey, ErrcodeWords> = {
  'both:-1': {
    meaning: '系统繁忙',
    remedy: '稍后重试（退避）；企业微信建议重试不超过 3 次',
  },
  'both:0': {
    meaning: '请求成功',
    remedy: '无需处理',
  },
  'wechat:40001': {
    meaning: 'AppSecret 错误，或 access_token 无效/不是最新',
    remedy:
      '核对 AppSecret；若 token 被他人调用 cgi-bin/token 刷新，改用 stable_token 并由单一服务持有 token',
  },
  'wecom:40001': {
    meaning: '不合法的 secret 参数',
    remedy: '核对应用的 Secret，确认应用未停用',
  },
  'wechat:40002': {
    meaning: '不合法的凭证类型',
    remedy: 'grant_type 必须为 client_credential',
  },
  'both:40013': {
    meaning: '不合法的 AppID / CorpID',
    remedy: '检查 ID 是否有拼写、空格或大小写错误',
  },
  'both:40014': {
    meaning: '不合法的 access_token',
    remedy: '重新获取 token 并重试一次；确认 token 属于该账号',
  },
  'wecom:40056': {
    meaning: '不合法的 agentid',
    remedy: 'agentid 须为与 Secret 对应的应用 ID',
  },
  'wecom:40091': {
    meaning: 'secret 不合法',
    remedy: '核对应用的 Secret',
  },
  'wechat:40125': {
    meaning: '无效的 AppSecret',
    remedy: '在公众平台 开发-基本配置 重置或核对 AppSecret，并更新配置',
  },
  'wecom:40125': {
    meaning: '无效的 openuserid 参数',
    remedy: '检查 openuserid 参数',
  },
  'wechat:40164': {
    meaning: '调用接口的 IP 地址不在白名单中',
    remedy:
      '把 errmsg 中的 IP 加入 开发-基本配置-IP白名单（约 5 分钟生效）；检查 NAT/IPv6 出口及 AppID',
  },
  'wechat:40201': {
    meaning: '未配置或配置了无效的回调 URL',
    remedy: '在公众平台配置服务器地址（URL）',
  },
  'wechat:40202': {
    meaning: 'action 参数不合法',
    remedy: 'action 取 dns、ping 或 all',
  },
  'wechat:40203': {
    meaning: 'check_operator 参数不合法',
    remedy: '取 CHINANET、UNICOM、CAP 或 DEFAULT',
  },
  'both:41001': {
    meaning: '缺少 access_token 参数',
    remedy: '客户端缺陷：请求须带 access_token',
  },
  'both:42001': {
    meaning: 'access_token 已过期',
    remedy: '重新获取并重试一次；频繁出现说明缓存或时钟有问题',
  },
  'wechat:43004': {
    meaning: '需要接收者关注',
    remedy: '用户已取消关注',
  },
  'wecom:43004': {
    meaning: '指定的 userid 未绑定微信或未关注微工作台',
    remedy: '请成员绑定微信或关注微工作台',
  },
  'wechat:45009': {
    meaning: '接口调用超过天级别频率限制',
    remedy: '用 wx quota 查看额度并找出循环调用；确有必要才 clear_quota（每月 10 次）',
  },
  'wecom:45009': {
    meaning: '接口调用超过限制',
    remedy: '退避到下一分钟/小时（分钟级封禁 60 秒，小时级 60 分钟）',
  },
  'wechat:45011': {
    meaning: 'API 调用太频繁（分钟级限制）',
    remedy: '等到下一分钟再调用并降低频率',
  },
  'wechat:45015': {
    meaning: '回复时间超过限制',
    remedy: '被动回复 5 秒内完成，或改用客服消息异步回复',
  },
  'wecom:45033': {
    meaning: '接口并发调用超过限制',
    remedy: '降低并发',
  },
  'wechat:45047': {
    meaning: '客服接口下行条数超过上限',
    remedy: '等待用户再次互动',
  },
  'wechat:48001': {
    meaning: 'api 功能未授权',
    remedy: '检查 token 类型（公众号/小程序/第三方）与账号是否具备该接口权限',
  },
  'wecom:48002': {
    meaning: 'API 接口无权限调用',
    remedy: '在管理后台为应用开通接口权限',
  },
  'wechat:48006': {
    meaning: '清零次数达到上限',
    remedy: '本月 clear_quota 次数已用完',
  },
  'wecom:48006': {
    meaning: '接口权限被收回',
    remedy: '重新授予接口权限',
  },
  'wechat:50001': {
    meaning: '用户未授权该 api',
    remedy: '引导用户授权',
  },
  'wecom:50001': {
    meaning: 'redirect_url 未登记可信域名',
    remedy: '在应用中登记可信域名',
  },
  'wecom:60011': {
    meaning: '指定的成员/部门/标签参数无权限',
    remedy: '检查应用可见范围',
  },
  'wecom:60020': {
    meaning: '访问 IP 不在白名单（企业可信IP）中',
    remedy:
      '确认 errmsg 中 from ip 是本企业服务器 IP，并配置到应用详情的“企业可信IP”（约 1 分钟生效）',
  },
  'wechat:61004': {
    meaning: '调用方 IP 未登记',
    remedy: '先检查 IP 白名单，再检查接口权限',
  },
  'wechat:61007': {
    meaning: '第三方平台未获该接口授权',
    remedy: '授权方需授予对应权限集',
  },
  'wechat:76001': {
    meaning: 'rid 不存在（超过 7 天）',
    remedy: 'rid 只保留 7 天',
  },
  'wechat:76002': {
    meaning: 'rid 格式错误',
    remedy: '从 errmsg 完整复制 rid',
  },
  'wechat:76003': {
    meaning: '无权查询该 rid / cgi_path',
    remedy: '只能用产生该 rid 的同一账号的 token 查询',
  },
  'wechat:76021': {
    meaning: 'cgi_path 不存在',
    remedy: 'cgi_path 以 / 开头且不含域名，如 /cgi-bin/message/custom/send',
  },
  'wechat:76022': {
    meaning: '当前 token 无该 cgi_path 的权限',
    remedy: '换用拥有该接口的账号，或检查路径',
  },
  'wecom:80001': {
    meaning: '可信域名不正确，或者无 ICP 备案',
    remedy: '检查域名归属与 ICP 备案',
  },
  'wecom:81013': {
    meaning: 'UserID、部门ID、标签ID 全部非法或无权限',
    remedy: '收件人需在应用可见范围内',
  },
  'wecom:85005': {
    meaning: '可信域名未通过所有权校验',
    remedy: '在域名根目录放置 WW_verify_*.txt',
  },
  'wechat:89501': {
    meaning: '此 IP 正在等待管理员确认',
    remedy: '请管理员在模板消息中确认',
  },
  'wechat:89503': {
    meaning: '此 IP 调用需要管理员确认',
    remedy: '管理员确认后重试，或把 IP 加入白名单',
  },
  'wechat:89506': {
    meaning: '24 小时内该 IP 被管理员拒绝两次，封禁 24 小时',
    remedy: '等待解封并把 IP 加入白名单',
  },
  'wechat:89507': {
    meaning: '1 小时内该 IP 被管理员拒绝，封禁 1 小时',
    remedy: '等待解封并把 IP 加入白名单',
  },
  'wecom:93000': {
    meaning: '机器人 webhook 地址无效或机器人已被移除',
    remedy: '重新创建机器人并更新 key',
  },
  'wecom:93004': {
    meaning: '机器人已被停用',
    remedy: '启用或重新创建机器人',
  },
  'wecom:301002': {
    meaning: '无权限操作指定的应用',
    remedy: 'token 的 Secret 与 agentid 不属于同一应用',
  },
};

/** The zh-CN words of an entry of the table (its English ones for an entry made elsewhere). */
export function errcodeWordsZh(e: ErrcodeEntry): ErrcodeWords {
  const words: Partial<Record<string, ErrcodeWords>> = ERRCODES_ZH_CN;
  return words[`${e.platform}:${e.code}`] ?? { meaning: e.meaning, remedy: e.remedy };
}

/** The zh-CN meaning of an entry: the probes' errcode gloss (ctx.errcodeGloss). */
export function errcodeMeaningZh(e: ErrcodeEntry): string {
  return errcodeWordsZh(e).meaning;
}
