/**
 * Command help in zh-CN. The command table (commands/, a layer below the words) writes its help
 * in English; this says each of its lines or line parts in Chinese by their exact English text.
 * Commands, flags, examples and placeholders stay as they are. A test renders the help of every
 * command in zh-CN and fails on any English sentence left, so a new option line needs its entry.
 */
import type { Lang } from '../model/index.js';

const HELP_ZH_CN: Record<string, string> = {
  // the overview
  'wxdoctor — diagnoses certificates, DNS, HTTP endpoints and WeChat/WeCom API access of WeChat/WeCom-facing services':
    'wxdoctor — 诊断面向微信 / 企业微信的服务的证书、DNS、HTTP 接口和微信 / 企业微信 API 访问',
  'commands:': '命令：',
  'options:': '选项：',
  'examples:': '示例：',
  'Exit codes: 0 ok, 1 warn, 2 fail, 3 error/unknown (the worst over all results).':
    '退出码：0 正常，1 警告，2 失败，3 出错 / 未知（取所有结果中最差的）。',
  '`wx help <command>` for its options and examples.': '`wx help <command>` 查看命令的选项和示例。',
  // summaries
  'Check the certificate chain a server sends: expiry, host, trust, order, revocation, legacy TLS':
    '检查服务器发送的证书链：有效期、域名、信任、顺序、吊销、旧版 TLS',
  'Ask several resolvers the same question and compare: failures, disagreements, CNAMEs, TTLs':
    '向多个解析器查询同一个问题并比较：失败、不一致、CNAME、TTL',
  'Fetch a URL: status, redirects, phase timings (dns, connect, tls, ttfb, total), HSTS and cache headers':
    '请求一个 URL：状态码、重定向、各阶段耗时（dns、connect、tls、ttfb、total）、HSTS 和缓存头',
  'cert + dns + http for one host, in one combined report':
    '对一个主机执行 cert + dns + http，合并为一份报告',
  'Warn a channel before a certificate expires or breaks (needs the bot)':
    '在证书到期或出问题前提醒频道（需要机器人）',
  'Get an access_token for an app (stable_token: production’s token stays valid) and explain any refusal':
    '为应用获取 access_token（stable_token：生产环境的 token 不受影响），并解释任何拒绝原因',
  'The egress IP the platform sees (what to whitelist), and its API / callback IP lists':
    '平台看到的出口 IP（需要加入白名单的地址），以及平台的 API / 回调 IP 列表',
  'Daily quota and rate limit of one API of a WeChat app (openapi/quota/get)':
    '微信应用某个 API 的每日额度和频率限制（openapi/quota/get）',
  'What the platform recorded for a failed call’s rid: time, caller IP, request, answer':
    '平台为失败调用的 rid 记录的信息：时间、调用方 IP、请求、应答',
  'The platform’s own network check of your callback domain (dns, ping), per operator':
    '平台对你的回调域名做的网络检测（dns、ping），按运营商列出',
  'dns + tls + http reachability and latency of api/api2/sh/sz/hk.api.weixin.qq.com; which to fail over to':
    'api/api2/sh/sz/hk.api.weixin.qq.com 的 dns + tls + http 可达性和延迟；应切换到哪一个',
  'Meaning and remedy of a WeChat/WeCom errcode, in Chinese and English':
    '微信 / 企业微信 errcode 的含义和处理办法（中英文）',
  'List the commands, or show one command’s options and examples':
    '列出所有命令，或显示某个命令的选项和示例',
  // options
  'SNI name to send and check the certificate against (default: the host)':
    '发送的 SNI 名称，也用于校验证书（默认：主机名）',
  'connect to ADDR for H:P, as curl --resolve (SNI and checks still use H)':
    '访问 H:P 时连接 ADDR，同 curl --resolve（SNI 和校验仍使用 H）',
  'connect to ADDR for H:P, as curl --resolve (Host, SNI and checks still use H)':
    '访问 H:P 时连接 ADDR，同 curl --resolve（Host、SNI 和校验仍使用 H）',
  'connect to ADDR for H:P, as curl --resolve': '访问 H:P 时连接 ADDR，同 curl --resolve',
  'connect to ADDR for H:P (cert and http), as curl --resolve;':
    '访问 H:P 时连接 ADDR（cert 和 http），同 curl --resolve；',
  'the dns part still runs, its failures for a pinned name are info':
    'dns 部分照常运行，对指定地址的域名，其失败只作为提示',
  'also trust the roots in this PEM bundle (NODE_EXTRA_CA_CERTS works too)':
    '额外信任此 PEM 文件中的根证书（也可用 NODE_EXTRA_CA_CERTS）',
  'also trust the roots in this PEM bundle': '额外信任此 PEM 文件中的根证书',
  'warn when the leaf expires within N days (default 30)': '站点证书在 N 天内到期时告警（默认 30）',
  'fail unless a certificate on the path is issued by this CA (CN or O);':
    '验证路径上必须有证书由此 CA 签发（CN 或 O），否则失败；',
  'repeat or comma-separate for several': '多个值可重复指定或用逗号分隔',
  'fail unless a key on the path has this SPKI SHA-256 (base64 or hex)':
    '验证路径上必须有密钥的 SPKI SHA-256 为此值（base64 或十六进制），否则失败',
  'resolver for the CAA lookup (default: this machine’s)': 'CAA 查询使用的解析器（默认：本机的）',
  "resolver for the CAA lookup (default: this machine's)": 'CAA 查询使用的解析器（默认：本机的）',
  'give up after MS milliseconds per probe (default 10000)':
    '每个探测最多等待 MS 毫秒（默认 10000）',
  'print the result as JSON (JSONL with --file) and nothing else':
    '只输出 JSON 结果（配合 --file 时为 JSONL）',
  'refuse loopback, private and link-local addresses (chat always does)':
    '拒绝回环、私有和链路本地地址（聊天中始终如此）',
  'one target a line ("-" for stdin); results print as each finishes':
    '每行一个目标（"-" 表示标准输入）；每个完成即输出结果',
  'probes at once with --file (default 32)': '配合 --file 时的并发探测数（默认 32）',
  'with --file: one line per target that is not ok, then the summary':
    '配合 --file：每个不正常的目标输出一行，最后输出汇总',
  'record type: A (default), AAAA, CNAME, TXT, CAA, NS, MX':
    '记录类型：A（默认）、AAAA、CNAME、TXT、CAA、NS、MX',
  'ask this resolver; repeat for several ("system" = this machine\'s).':
    '向此解析器查询；可重复指定多个（"system" 表示本机的）。',
  'ask this resolver; repeat for several ("system" = this machine’s).':
    '向此解析器查询；可重复指定多个（"system" 表示本机的）。',
  'Default: system, 119.29.29.29, 223.5.5.5, 114.114.114.114, 8.8.8.8, 1.1.1.1':
    '默认：system、119.29.29.29、223.5.5.5、114.114.114.114、8.8.8.8、1.1.1.1',
  'the DNS of the whole check: the dns part asks it, cert and http':
    '整个检查使用的 DNS：dns 部分向它查询，cert 和 http',
  'resolve through it, the first answers CAA (default: system +':
    '通过它解析，第一个解析器回答 CAA 查询（默认：system +',
  'public resolvers for dns)': '公共解析器用于 dns 部分）',
  'SNI name for the cert part': 'cert 部分使用的 SNI 名称',
  'where warnings go (repeatable; default: this conversation)':
    '提醒发送到哪里（可重复；默认：当前会话）',
  'thresholds in days before expiry (default 30,14,7,3,1)': '到期前多少天提醒（默认 30,14,7,3,1）',
  '(terminal) `wx watch list --file watches.yml`: check the file once':
    '（终端）`wx watch list --file watches.yml`：按文件检查一次',
  '(terminal, with --file) one JSON result a line': '（终端，配合 --file）每行一个 JSON 结果',
  '<alias> names an app configured in WX_CONFIG (wechat.apps / wecom.apps); secrets never go in a command.':
    '<alias> 是 WX_CONFIG 中配置的应用别名（wechat.apps / wecom.apps）；密钥永远不要写在命令里。',
  'the domains in failover order (terminal only; default the five WeChat API domains)':
    '按故障切换顺序排列的域名（仅终端；默认五个微信 API 域名）',
  'resolvers for the dns part (default: system)': 'dns 部分使用的解析器（默认：system）',
  'every detail of a chat result (chain, resolvers, timings, leaf), by its #reference':
    '聊天结果的全部细节（证书链、解析器、耗时、站点证书），按 #编号查看',
  'Warn a channel before a certificate expires or breaks, or when a URL, a DNS name or a WeChat app fails (needs the bot)':
    '在证书到期或出问题前，或 URL、DNS 名称、微信应用出故障时提醒频道（需要机器人）',
  "A watch incident's post-incident record: timeline, root cause, fix (needs the bot)":
    '监控事件的复盘记录：时间线、根因、修复（需要机器人）',
  'The regions with a live worker (what --from takes): last seen, workers, version':
    '有在线 worker 的地区（--from 可用的值）：最后在线时间、worker 数、版本',
  "run in these regions' workers and compare them side by side":
    '在这些地区的 worker 上运行，并排比较结果',
  '(`wx regions` lists the live ones; the CLI needs REDIS_URL)':
    '（`wx regions` 列出在线的地区；CLI 需要 REDIS_URL）',
  "check it in these regions' workers (`wx regions` lists the live ones)":
    '在这些地区的 worker 上检查（`wx regions` 列出在线的地区）',
};

/** The help text in `lang`: each line, or the text after its command or flag column, by its English. */
export function helpInLang(text: string, lang: Lang): string {
  if (lang === 'en') return text;
  return text.split('\n').map(lineInZh).join('\n');
}

function lineInZh(line: string): string {
  const lead = /^\s*/.exec(line)?.[0] ?? '';
  const body = line.slice(lead.length);
  const whole = HELP_ZH_CN[body];
  if (whole !== undefined) return lead + whole;
  if (body.startsWith('usage: ')) return `${lead}用法：${body.slice('usage: '.length)}`;
  // `name — summary`, `name  summary` (overview) and `--flag ARG  description` (options).
  const m = /^(.*?)( — |\s{2,})(.+)$/.exec(body);
  const said = m?.[3] === undefined ? undefined : HELP_ZH_CN[m[3]];
  if (m && said !== undefined) return `${lead}${m[1]}${m[2]}${said}`;
  return line;
}

/** Every English help text with a translation (tests check the catalogue is used). */
export const HELP_PHRASES = Object.keys(HELP_ZH_CN);
