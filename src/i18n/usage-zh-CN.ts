/**
 * Usage errors in zh-CN. The command table (commands/, a layer below the words) and the parsers it
 * wraps (target, URL, resolver, Node's parseArgs) word their errors in English; this says each
 * in Chinese by its English shape, keeping the values (flags, quoted input, examples) as they are.
 * A message with no entry stays English. A test makes every usage error the commands can raise
 * and fails on any English sentence left, so a new `UsageError` text needs its entry here.
 */
import type { Lang } from '../model/index.js';
import { type Shapes, sayByShape } from './by-shape.js';

/** `[English shape (whole message), Chinese]`; `$1`… are the shape's groups. */
const USAGE_ZH_CN: Shapes = [
  // commands/index.ts, help, details, regions, errcode
  [/^missing command$/, '缺少命令'],
  [/^unknown command (.+)$/, '未知命令 $1'],
  [/^help takes at most one command name$/, 'help 最多接受一个命令名'],
  [/^no command named (.+)$/, '没有名为 $1 的命令'],
  [
    /^details is for chat results; in a terminal, `wx check` prints every detail already$/,
    'details 用于聊天中的结果；在终端里 `wx check` 已经输出全部细节',
  ],
  [
    /^details takes one reference, as shown on a result: (#W\d+)$/,
    'details 需要一个引用编号，即结果上显示的那个：$1',
  ],
  [/^regions takes no arguments$/, 'regions 不接受参数'],
  [/^regions are not available here$/, '这里无法使用地区功能'],
  [/^errcode takes one code$/, 'errcode 需要一个错误码'],
  [/^not an errcode: (.+)$/s, '不是错误码：$1'],
  // check, cert, dns, http
  [
    /^check takes a host \((\S+) or (\S+)\), not a URL$/,
    'check 需要主机名（$1 或 $2），而不是 URL',
  ],
  [
    /^--pin-spki wants a SHA-256 of a public key \(base64, as pin-sha256, or 64 hex digits\), got (.+)$/s,
    '--pin-spki 需要公钥的 SHA-256（base64，同 pin-sha256；或 64 位十六进制），收到的是 $1',
  ],
  [/^dns takes a name, not an IP address \((.+)\)$/s, 'dns 需要域名，而不是 IP 地址（$1）'],
  [/^--type must be one of (\S+)$/, '--type 必须是 $1 之一'],
  [/^--resolver: (.+)$/s, (m) => `--resolver：${usageInLang(m[1] ?? '', 'zh-CN')}`],
  // the library's parsers (target, resolve override, resolver, URL, watch ids)
  [/^not a host name: (.+)$/s, '不是主机名：$1'],
  [/^not a URL: (.+)$/s, '不是 URL：$1'],
  [/^bad port in (.+)$/s, '端口无效：$1'],
  [
    /^--resolve wants HOST:PORT:ADDR \(for example (\S+)\), got (.+)$/s,
    '--resolve 需要 HOST:PORT:ADDR（例如 $1），收到的是 $2',
  ],
  [
    /^not a resolver address: (.+) \(want IP, IP:PORT or \[IPv6\]:PORT, for example (\S+) or (\S+)\)$/s,
    '不是解析器地址：$1（应为 IP、IP:PORT 或 [IPv6]:PORT，例如 $2 或 $3）',
  ],
  [/^no URL given$/, '没有给出 URL'],
  [
    /^only http:\/\/ and https:\/\/ URLs can be probed, got (.+)$/s,
    '只能探测 http:// 和 https:// URL，收到的是 $1',
  ],
  [/^no host in (.+)$/s, 'URL 中没有主机名：$1'],
  [/^URLs with a user name or password are not accepted$/, '不接受带用户名或密码的 URL'],
  [/^URL too long: (\S+) characters, at most (\S+)$/, 'URL 太长：$1 个字符，最多 $2 个'],
  // options shared by the probe commands
  [/^--(\S+) is only available in the terminal \(wx CLI\)$/, '--$1 只能在终端（wx CLI）中使用'],
  [
    /^--(\S+) wants a whole number from (\S+) to (\S+), got (.+)$/s,
    '--$1 需要 $2 到 $3 之间的整数，收到的是 $4',
  ],
  [
    /^--from runs one target in several regions; it does not take --file$/,
    '--from 在多个地区运行同一个目标，不能与 --file 同用',
  ],
  [/^--from all cannot be combined with region names$/, '--from all 不能与地区名同用'],
  [/^--from wants region names, or all$/, '--from 需要地区名，或 all'],
  [
    /^--from: not a region name: (.+) \(lower-case letters, digits and dashes \(at most (\d+)\), not "all"\)$/s,
    '--from：不是地区名：$1（只能含小写字母、数字和短横线，最多 $2 个字符，且不能是 "all"）',
  ],
  [/^--from all: no region has a live worker$/, '--from all：没有任何地区有在线的 worker'],
  [
    /^--from: no live regions? (.+); live regions: (.+) \(`wx regions`\)$/s,
    (m) =>
      `--from：没有在线的地区 ${m[1]}；在线的地区：${m[2] === 'none' ? '无' : m[2]}（\`wx regions\`）`,
  ],
  [/^--concurrency only applies with --file$/, '--concurrency 只在配合 --file 时有效'],
  [/^--summary only applies with --file$/, '--summary 只在配合 --file 时有效'],
  [
    /^--summary is for people; with --json every result is a line \(filter them, e\.g\. with jq\)$/,
    '--summary 是给人看的；配合 --json 时每个结果一行（可以用 jq 等工具筛选）',
  ],
  [
    /^give targets either on the command line or with --file, not both$/,
    '目标要么写在命令行上，要么用 --file 给出，不能同时使用',
  ],
  [/^missing target$/, '缺少目标'],
  [
    /^one target at a time \(got (.+)\); use --file for many$/s,
    '一次只能检查一个目标（收到的是 $1）；多个目标请用 --file',
  ],
  [/^--lang: expected one of (.+)$/, '--lang：应为 $1 之一'],
  // WeChat commands and app aliases
  [/^missing app alias$/, '缺少应用别名'],
  [/^not an app alias: (.+)$/s, '不是应用别名：$1'],
  [/^expected: (.+)$/s, '参数应为：$1'],
  [
    /^cgi_path wants a path with a leading \/ and no host, such as (\S+) \(got (.+)\)$/s,
    'cgi_path 需要以 / 开头、不含主机名的路径，例如 $1（收到的是 $2）',
  ],
  [/^not a rid: (.+) \(like (\S+)\)$/s, '不是 rid：$1（格式如 $2）'],
  [/^action must be one of (\S+)$/, 'action 必须是 $1 之一'],
  [/^operator must be one of (\S+)$/, 'operator 必须是 $1 之一'],
  [/^api-domains takes no target$/, 'api-domains 不接受目标'],
  [/^--domains lists no domain$/, '--domains 没有列出任何域名'],
  [
    /^no app is configured with the alias (.+?); configured: none \(add (\S+) or (\S+) to the WX_CONFIG file\)$/s,
    '没有配置别名为 $1 的应用；已配置：无（请在 WX_CONFIG 文件中添加 $2 或 $3）',
  ],
  [
    /^no app is configured with the alias (.+?); configured: (.+)$/s,
    (m) => `没有配置别名为 ${m[1]} 的应用；已配置：${m[2] === 'none' ? '无' : m[2]}`,
  ],
  [/^no app is configured with the alias (.+)$/s, '没有配置别名为 $1 的应用'],
  // watch and incident
  [
    /^expected a duration such as 30m, 12h, 7d \(at most 90d\), got (.+)$/s,
    '需要一个时长，如 30m、12h、7d（最多 90d），收到的是 $1',
  ],
  [
    /^--days wants whole days such as 30,14,7, got (.+)$/s,
    '--days 需要整数天数，如 30,14,7，收到的是 $1',
  ],
  [
    /^missing host\[:port\], https:\/\/URL, dns:NAME or wechat:ALIAS$/,
    '缺少 host[:port]、https://URL、dns:NAME 或 wechat:ALIAS',
  ],
  [
    /^expected the (\S+) number, got (.+)$/s,
    (m) =>
      `需要${m[1] === 'incident' ? '事件' : m[1] === 'watch' ? '监控' : ` ${m[1]} `}编号，收到的是 ${m[2]}`,
  ],
  [
    /^watches live in the bot \(Redis\): use \/wx watch in chat, or (`[^`]+`) here$/,
    '监控保存在机器人里（Redis）：请在聊天中使用 /wx watch，或在这里用 $1',
  ],
  [
    /^incident records live in the bot \(Redis\): use \/wx incident in chat$/,
    '事件记录保存在机器人里（Redis）：请在聊天中使用 /wx incident',
  ],
  [/^unexpected (.+)$/s, '多余的参数 $1'],
  [
    /^--to, --days and --resolve go with `watch add`$/,
    '--to、--days 和 --resolve 只用于 `watch add`',
  ],
  [/^--from goes with `watch add`$/, '--from 只用于 `watch add`'],
  [
    /^--days goes with certificate watches \(host\[:port\]\)$/,
    '--days 只用于证书监控（host[:port]）',
  ],
  [
    /^--resolve goes with host\[:port\] and URL watches$/,
    '--resolve 只用于 host[:port] 和 URL 监控',
  ],
  [/^--resolve names (\S+), not (\S+)$/, '--resolve 指定的是 $1，而不是 $2'],
  [/^missing how long, e\.g\. (\S+)$/, '缺少时长，如 $1'],
  [
    /^missing subcommand: add, rm, list, mute, check, ack or snooze$/,
    '缺少子命令：add、rm、list、mute、check、ack 或 snooze',
  ],
  [/^missing subcommand: report$/, '缺少子命令：report'],
  [/^unknown subcommand (.+)$/s, '未知子命令 $1'],
  [/^missing the watch reference, e\.g\. (\S+)$/, '缺少监控引用编号，如 $1'],
  // chat's own argument splitting
  [/^unterminated quote \(missing (\S+)\)$/, '引号未闭合（缺少 $1）'],
  // Node's parseArgs (commands/options.ts cuts the advice after the first sentence)
  [/^Unknown option (.+)$/s, '未知选项 $1'],
  [/^Option (.+) argument missing$/s, '选项 $1 缺少参数'],
  [/^Option (.+) does not take an argument$/s, '选项 $1 不接受参数'],
  [
    /^Option '([^']+)' argument is ambiguous\.[\s\S]*$/,
    "选项 '$1' 的参数有歧义：以短横线开头的参数请写成 $1=-XYZ",
  ],
];

/** A usage error's message in `lang`; English, or a message with no entry, as it is. */
export function usageInLang(message: string, lang: Lang): string {
  return lang === 'en' ? message : sayByShape(USAGE_ZH_CN, message);
}

/** The English shapes (a test checks each is reached by a real usage error). */
export const USAGE_SHAPES: readonly RegExp[] = USAGE_ZH_CN.map(([shape]) => shape);
