/**
 * The words of the detail sections (src/render/sections/*): titles, fact labels, table headers
 * and the one-line summaries. English labels are their own keys; zh-CN must give every key
 * (the compiler checks). Values (addresses, names, algorithms, rcodes) stay as they are.
 */
import type { Lang } from '../model/index.js';

const LABELS_ZH_CN = {
  // cert
  Connection: '连接',
  'Chain as sent by the server': '服务器发送的证书链',
  'Chain as rebuilt by the TLS library': 'TLS 库重建的证书链',
  Leaf: '站点证书',
  'Verification path': '验证路径',
  address: '地址',
  SNI: 'SNI',
  '(none: IP literal)': '（无：IP 地址）',
  'checked name': '校验的名称',
  protocol: '协议',
  'key exchange': '密钥交换',
  'legacy TLS': '旧版 TLS',
  revocation: '吊销状态',
  'OCSP stapled': 'OCSP 装订',
  timings: '耗时',
  '#': '#',
  role: '角色',
  subject: '主体',
  issuer: '签发者',
  expires: '到期',
  days: '天数',
  key: '密钥',
  signature: '签名',
  SANs: 'SAN 名称',
  valid: '有效期',
  serial: '序列号',
  'SHA-256': 'SHA-256',
  from: '来源',
  'trust store': '信任库',
  sent: '发送的',
  yes: '是',
  no: '否',
  leaf: '站点证书',
  intermediate: '中间证书',
  root: '根证书',
  unrelated: '无关证书',
  'off the path': '不在路径上',
  accepted: '接受',
  refused: '拒绝',
  skipped: '跳过',
  good: '正常',
  revoked: '已吊销',
  unchecked: '未检查',
  'to a ClientHello offering weak suites only': '仅针对只提供弱套件的 ClientHello',
  // dns
  Resolvers: '解析器',
  resolver: '解析器',
  rcode: '响应码',
  answers: '应答',
  ttl: 'TTL',
  'cname chain': 'CNAME 链',
  ms: '毫秒',
  // http
  Response: '响应',
  'Timings (ms)': '耗时（毫秒）',
  Redirects: '重定向',
  Cache: '缓存',
  'final URL': '最终 URL',
  status: '状态',
  'HTTP version': 'HTTP 版本',
  TLS: 'TLS',
  'body bytes': '响应体字节数',
  resolve: '解析',
  connect: '连接',
  tls: 'TLS',
  processing: '处理',
  transfer: '传输',
  total: '总计',
  to: '目标',
  // wechat
  App: '应用',
  app: '应用',
  platform: '平台',
  corpid: 'corpid',
  appid: 'appid',
  'API origin': 'API 地址',
  'token endpoint': 'token 接口',
  'token fingerprint': 'token 指纹',
  'expires in': '剩余有效期',
  'egress IP (as seen)': '出口 IP（平台所见）',
  unknown: '未知',
  'Platform IP lists': '平台 IP 列表',
  'API ingress (get_api_domain_ip)': 'API 入口（get_api_domain_ip）',
  'callback egress (getcallbackip)': '回调出口（getcallbackip）',
  Quota: '调用额度',
  cgi_path: 'cgi_path',
  'daily limit': '每日上限',
  used: '已用',
  remain: '剩余',
  'rate limit': '频率限制',
  'component rate limit': '第三方平台频率限制',
  Request: '请求',
  rid: 'rid',
  time: '时间',
  cost: '耗时',
  'client IP': '客户端 IP',
  'request URL': '请求 URL',
  'request body': '请求体',
  'response body': '响应体',
  'Callback DNS': '回调域名解析',
  'Callback ping': '回调 ping',
  ip: 'IP',
  operator: '运营商',
  'from operator': '来源运营商',
  loss: '丢包',
  'API domains (failover order)': 'API 域名（按故障切换顺序）',
  domain: '域名',
  dns: 'DNS',
  http: 'HTTP',
  reachable: '可达',
  'API calls': 'API 调用',
  path: '路径',
  errcode: 'errcode',
  // wx watch list --file
  watch: '监控',
  problem: '问题',
} as const;

export type SectionLabel = keyof typeof LABELS_ZH_CN;

/** The summary lines of each probe's details (values are passed in as they are shown). */
export interface SectionWords {
  label(key: SectionLabel): string;
  /** Between the items of a list in running text (`dns 3 ms, connect 5 ms`). */
  comma: string;
  certValid(days: number, until: string, anchor: string | null, protocol: string | null): string;
  certExpired(daysAgo: number, on: string): string;
  noCertificate: string;
  /** Whether a detail's own English reason (a probe's words) is shown beside its status. */
  probeReasons: boolean;
  dnsNoAnswer(question: string): string;
  dnsAnswers(answered: number, asked: number, data: string): string;
  noRecords: string;
  httpNoResponse(url: string): string;
  httpAnswered(status: string, ms: number, redirects: number): string;
  perSeconds(count: number, seconds: number): string;
  seconds(n: number | string): string;
  milliseconds(n: number | string): string;
  bits(n: number): string;
  wechatUse(domain: string): string;
  wechatNoDomain: string;
  wechatToken(fingerprint: string, expiresIn: number | string): string;
  wechatQuota(path: string, remain: string, limit: string): string;
  wechatRid(rid: string, ip: string, at: string): string;
  wechatCallback(operator: string, ips: string): string;
  wechatEgress(ip: string): string;
}

const en: SectionWords = {
  label: (key) => key,
  comma: ', ',
  certValid: (days, until, anchor, protocol) =>
    `valid for ${days} more days (until ${until})${anchor ? `, chain to ${anchor}` : ''}${protocol ? `, ${protocol}` : ''}`,
  certExpired: (n, on) => `expired ${n} ${n === 1 ? 'day' : 'days'} ago (on ${on})`,
  noCertificate: 'no certificate received',
  probeReasons: true,
  dnsNoAnswer: (q) => `no resolver answered for ${q}`,
  dnsAnswers: (n, of, data) => `${n}/${of} resolvers answer ${data || '(no records)'}`,
  noRecords: '(no records)',
  httpNoResponse: (url) => `no response from ${url}`,
  httpAnswered: (status, ms, redirects) =>
    `${status} in ${ms} ms${redirects ? ` after ${redirects} redirect(s)` : ''}`,
  perSeconds: (count, s) => `${count} per ${s} s`,
  seconds: (n) => `${n} s`,
  milliseconds: (n) => `${n} ms`,
  bits: (n) => `${n} bits`,
  wechatUse: (domain) => `use ${domain}`,
  wechatNoDomain: 'no API domain reachable',
  wechatToken: (fp, s) => `token issued (fingerprint ${fp}, expires in ${s} s)`,
  wechatQuota: (path, remain, limit) => `${path}: ${remain} of ${limit} left today`,
  wechatRid: (rid, ip, at) => `rid ${rid}: call from ${ip} at ${at}`,
  wechatCallback: (op, ips) => `callback domain from ${op}: ${ips || 'no address'}`,
  wechatEgress: (ip) => `the platform sees calls from ${ip}`,
};

const zhCN: SectionWords = {
  label: (key) => LABELS_ZH_CN[key],
  comma: '，',
  certValid: (days, until, anchor, protocol) =>
    `还有 ${days} 天有效（至 ${until}）${anchor ? `，证书链到 ${anchor}` : ''}${protocol ? `，${protocol}` : ''}`,
  certExpired: (n, on) => `已于 ${n} 天前过期（${on}）`,
  noCertificate: '没有收到证书',
  // The reasons are the probe's English; the finding beside them says it in Chinese.
  probeReasons: false,
  dnsNoAnswer: (q) => `没有解析器回答 ${q}`,
  dnsAnswers: (n, of, data) => `${n}/${of} 个解析器的回答：${data || '（无记录）'}`,
  noRecords: '（无记录）',
  httpNoResponse: (url) => `${url} 没有响应`,
  httpAnswered: (status, ms, redirects) =>
    `${status}，耗时 ${ms} 毫秒${redirects ? `，经过 ${redirects} 次重定向` : ''}`,
  perSeconds: (count, s) => `每 ${s} 秒 ${count} 次`,
  seconds: (n) => `${n} 秒`,
  milliseconds: (n) => `${n} 毫秒`,
  bits: (n) => `${n} 位`,
  wechatUse: (domain) => `使用 ${domain}`,
  wechatNoDomain: '没有可达的 API 域名',
  wechatToken: (fp, s) => `已获取 token（指纹 ${fp}，${s} 秒后过期）`,
  wechatQuota: (path, remain, limit) => `${path}：今日剩余 ${remain} / ${limit}`,
  wechatRid: (rid, ip, at) => `rid ${rid}：来自 ${ip} 的调用，时间 ${at}`,
  wechatCallback: (op, ips) => `从 ${op} 解析回调域名：${ips || '无地址'}`,
  wechatEgress: (ip) => `平台看到的调用来自 ${ip}`,
};

const WORDS: Record<Lang, SectionWords> = { en, 'zh-CN': zhCN };

export function sectionWords(lang: Lang): SectionWords {
  return WORDS[lang];
}

/** Every label key (tests render each in zh-CN). */
export const SECTION_LABELS = Object.keys(LABELS_ZH_CN) as SectionLabel[];
