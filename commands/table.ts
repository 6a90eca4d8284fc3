/**
 * The command table, the one source of the CLI's and chat's commands: each command's name, help
 * (summary, usage, option lines, examples) and the options it parses, as light data; its parser is
 * imported only when the command runs (`parser()`), so `wx help`, `wx <cmd> --help` and usage
 * errors load none of the parsers, probes or renderers. commands/index.ts joins the parsers in
 * for chat, which plans synchronously.
 */
import { DEFAULT_DAYS } from '../src/watch/types.js';
import {
  APP_FLAGS,
  BATCH_HELP,
  CERT_FLAGS,
  CHECK_FLAGS,
  COMMON_HELP,
  DNS_FLAGS,
  DOMAIN_FLAGS,
  HTTP_FLAGS,
  WATCH_FLAGS,
} from './flags.js';
import { helpPlan } from './help.js';
import type { CommandInfo, Parse, Plan, Surface } from './types.js';
import { UsageError } from './types.js';

/** A command's help and options, and how to load its parser. */
export interface CommandEntry extends CommandInfo {
  parser(): Promise<Parse>;
}

export const APP_HELP =
  '<alias> names an app configured in WX_CONFIG (wechat.apps / wecom.apps); secrets never go in a command.';

/** A command on one configured app (`wx token <alias>` …): the same options and usage shape. */
function appEntry(def: {
  name: string;
  summary: string;
  args: string;
  examples: string[];
  parser(): Promise<Parse>;
}): CommandEntry {
  return {
    name: def.name,
    flags: APP_FLAGS,
    summary: def.summary,
    usage: `wx ${def.name} ${def.args} [--timeout MS] [--json]`,
    options: [APP_HELP, ...COMMON_HELP],
    examples: def.examples,
    parser: def.parser,
  };
}

export const TABLE: readonly CommandEntry[] = [
  {
    name: 'cert',
    flags: CERT_FLAGS,
    summary:
      'Check the certificate chain a server sends: expiry, host, trust, order, revocation, legacy TLS',
    usage:
      'wx cert <host[:port]> [--servername NAME] [--resolve HOST:PORT:ADDR] [--ca FILE] [--pin-issuer NAME]... [--pin-spki SHA256]... [--resolver IP[:PORT]] [--timeout MS] [--warn-days N] [--json]',
    options: [
      '--servername NAME   SNI name to send and check the certificate against (default: the host)',
      '--resolve H:P:ADDR  connect to ADDR for H:P, as curl --resolve (SNI and checks still use H)',
      '--ca FILE           also trust the roots in this PEM bundle (NODE_EXTRA_CA_CERTS works too)',
      '--warn-days N       warn when the leaf expires within N days (default 30)',
      '--pin-issuer NAME   fail unless a certificate on the path is issued by this CA (CN or O);',
      '                    repeat or comma-separate for several',
      '--pin-spki SHA256   fail unless a key on the path has this SPKI SHA-256 (base64 or hex)',
      "--resolver IP[:P]   resolver for the CAA lookup (default: this machine's)",
      ...COMMON_HELP,
      ...BATCH_HELP,
    ],
    examples: [
      'wx cert api.example.com',
      'wx cert api.example.com:8443 --warn-days 14',
      'wx cert api.example.com --resolve api.example.com:443:203.0.113.7',
      'wx cert --file hosts.txt --json',
      'wx cert api.example.com --pin-issuer "Let\'s Encrypt"',
    ],
    parser: () => import('./cert.js').then((m) => m.cert.parse),
  },
  {
    name: 'dns',
    flags: DNS_FLAGS,
    summary:
      'Ask several resolvers the same question and compare: failures, disagreements, CNAMEs, TTLs',
    usage:
      'wx dns <name> [--type A|AAAA|CNAME|TXT|CAA|NS|MX] [--resolver IP[:PORT]]... [--timeout MS] [--json]',
    options: [
      '--type T            record type: A (default), AAAA, CNAME, TXT, CAA, NS, MX',
      '--resolver IP[:P]   ask this resolver; repeat for several ("system" = this machine\'s).',
      '                    Default: system, 119.29.29.29, 223.5.5.5, 114.114.114.114, 8.8.8.8, 1.1.1.1',
      ...COMMON_HELP,
      ...BATCH_HELP,
    ],
    examples: [
      'wx dns api.example.com',
      'wx dns example.com --type CAA',
      'wx dns api.example.com --resolver 223.5.5.5 --resolver 8.8.8.8',
    ],
    parser: () => import('./dns.js').then((m) => m.dns.parse),
  },
  {
    name: 'http',
    flags: HTTP_FLAGS,
    summary:
      'Fetch a URL: status, redirects, phase timings (dns, connect, tls, ttfb, total), HSTS and cache headers',
    usage: 'wx http <url> [--resolve HOST:PORT:ADDR] [--ca FILE] [--timeout MS] [--json]',
    options: [
      '--resolve H:P:ADDR  connect to ADDR for H:P, as curl --resolve (Host, SNI and checks still use H)',
      '--ca FILE           also trust the roots in this PEM bundle (NODE_EXTRA_CA_CERTS works too)',
      ...COMMON_HELP,
      ...BATCH_HELP,
    ],
    examples: [
      'wx http https://api.example.com/healthz',
      'wx http https://api.example.com/ --resolve api.example.com:443:203.0.113.7',
    ],
    parser: () => import('./http.js').then((m) => m.http.parse),
  },
  {
    name: 'check',
    flags: CHECK_FLAGS,
    summary: 'cert + dns + http for one host, in one combined report',
    usage:
      'wx check <host[:port]> [--resolve HOST:PORT:ADDR] [--resolver IP[:PORT]]... [--ca FILE] [--timeout MS] [--json]',
    options: [
      '--resolve H:P:ADDR  connect to ADDR for H:P (cert and http), as curl --resolve;',
      '                    the dns part still runs, its failures for a pinned name are info',
      '--resolver IP[:P]   the DNS of the whole check: the dns part asks it, cert and http',
      '                    resolve through it, the first answers CAA (default: system +',
      '                    public resolvers for dns)',
      '--servername NAME   SNI name for the cert part',
      '--ca FILE           also trust the roots in this PEM bundle',
      '--warn-days N       warn when the leaf expires within N days (default 30)',
      ...COMMON_HELP,
    ],
    examples: ['wx check api.weixin.qq.com', 'wx check api.example.com --json'],
    parser: () => import('./check.js').then((m) => m.check.parse),
  },
  {
    name: 'details',
    summary: 'every detail of a chat result (chain, resolvers, timings, leaf), by its #reference',
    usage: 'wx details #W12',
    options: [],
    examples: ['wx details #W48213907'],
    parser: () => import('./details.js').then((m) => m.details.parse),
  },
  {
    name: 'watch',
    flags: WATCH_FLAGS,
    summary:
      'Warn a channel before a certificate expires or breaks, or when a URL, a DNS name or a WeChat app fails (needs the bot)',
    usage:
      'wx watch add <host[:port]|https://URL|dns:NAME|wechat:ALIAS> [--to #channel|slack:C…|wecom-chat:ID|wecom-robot:NAME] [--days 30,14,7,3,1] [--resolve H:P:ADDR] [--from R[,R…]|all] | rm <host[:port]> | list | mute <host[:port]> <7d> | check <host[:port]> | ack <host[:port]> <n> | snooze <host[:port]> <n> [1d]',
    options: [
      '--to DEST           where warnings go (repeatable; default: this conversation)',
      `--days LIST         thresholds in days before expiry (default ${DEFAULT_DAYS.join(',')})`,
      '--resolve H:P:ADDR  connect to ADDR for H:P, as curl --resolve',
      "--from R[,R…]|all   check it in these regions' workers (`wx regions` lists the live ones)",
      '--file F            (terminal) `wx watch list --file watches.yml`: check the file once',
      '--json              (terminal, with --file) one JSON result a line',
    ],
    examples: [
      'wx watch add api.example.com --to #ops --days 30,7,1',
      'wx watch add https://api.example.com/health',
      'wx watch add dns:api.example.com',
      'wx watch add wechat:shop',
      'wx watch add https://api.example.com/health --from north,east',
      'wx watch list',
      'wx watch mute api.example.com 7d',
      'wx watch rm api.example.com:8443',
      'wx watch list --file watches.yml',
    ],
    parser: () => import('./watch.js').then((m) => m.watch.parse),
  },
  {
    name: 'incident',
    flags: {},
    summary: "A watch incident's post-incident record: timeline, root cause, fix (needs the bot)",
    usage: 'wx incident report <#W12[.n]> | report <host[:port]> [n]',
    options: [],
    examples: ['wx incident report #W12', 'wx incident report #W12.3'],
    parser: () => import('./incident.js').then((m) => m.incident.parse),
  },
  appEntry({
    name: 'token',
    summary:
      'Get an access_token for an app (stable_token: production’s token stays valid) and explain any refusal',
    args: '<alias>',
    examples: ['wx token prod-oa', 'wx token corp-ops --json'],
    parser: () => import('./wechat.js').then((m) => m.token.parse),
  }),
  appEntry({
    name: 'ip',
    summary: 'The egress IP the platform sees (what to whitelist), and its API / callback IP lists',
    args: '<alias>',
    examples: ['wx ip prod-oa'],
    parser: () => import('./wechat.js').then((m) => m.ip.parse),
  }),
  appEntry({
    name: 'quota',
    summary: 'Daily quota and rate limit of one API of a WeChat app (openapi/quota/get)',
    args: '<alias> <cgi_path>',
    examples: ['wx quota prod-oa /cgi-bin/message/custom/send'],
    parser: () => import('./wechat.js').then((m) => m.quota.parse),
  }),
  appEntry({
    name: 'rid',
    summary: 'What the platform recorded for a failed call’s rid: time, caller IP, request, answer',
    args: '<alias> <rid>',
    examples: ['wx rid prod-oa 61725984-6126f6f9-040f19c4'],
    parser: () => import('./wechat.js').then((m) => m.rid.parse),
  }),
  appEntry({
    name: 'callback-check',
    summary: 'The platform’s own network check of your callback domain (dns, ping), per operator',
    args: '<alias> [dns|ping|all] [CHINANET|UNICOM|CAP|DEFAULT]',
    examples: ['wx callback-check prod-oa', 'wx callback-check prod-oa dns UNICOM'],
    parser: () => import('./wechat.js').then((m) => m.callbackCheck.parse),
  }),
  {
    name: 'api-domains',
    flags: DOMAIN_FLAGS,
    summary:
      'dns + tls + http reachability and latency of api/api2/sh/sz/hk.api.weixin.qq.com; which to fail over to',
    usage:
      'wx api-domains [--domains H[:P],…] [--resolve HOST:PORT:ADDR] [--resolver IP[:PORT]] [--ca FILE] [--timeout MS] [--json]',
    options: [
      '--domains H[:P],…   the domains in failover order (terminal only; default the five WeChat API domains)',
      '--resolve H:P:ADDR  connect to ADDR for H:P, as curl --resolve',
      '--resolver IP[:P]   resolvers for the dns part (default: system)',
      '--ca FILE           also trust the roots in this PEM bundle',
      ...COMMON_HELP,
    ],
    examples: ['wx api-domains', 'wx api-domains --json'],
    parser: () => import('./wechat.js').then((m) => m.apiDomains.parse),
  },
  {
    name: 'errcode',
    summary: 'Meaning and remedy of a WeChat/WeCom errcode, in Chinese and English',
    usage: 'wx errcode <code>',
    options: [],
    examples: ['wx errcode 40164', 'wx errcode 60020', 'wx errcode 40001'],
    parser: () => import('./errcode.js').then((m) => m.errcode.parse),
  },
  {
    name: 'regions',
    summary: 'The regions with a live worker (what --from takes): last seen, workers, version',
    usage: 'wx regions',
    options: [],
    examples: ['wx regions', 'wx http https://api.example.com/ --from all'],
    parser: () => import('./regions.js').then((m) => m.regions.parse),
  },
  {
    name: 'help',
    summary: 'List the commands, or show one command’s options and examples',
    usage: 'wx help [command]',
    options: [],
    examples: ['wx help', 'wx help cert'],
    parser: async () => (args, surface) => helpPlan(args, surface, TABLE),
  },
];

export function findEntry(name: string): CommandEntry | undefined {
  return TABLE.find((c) => c.name === name);
}

/**
 * argv after the program name → a plan, loading only the named command's parser; UsageError on
 * bad input (the same errors as commands/index.ts `plan`).
 */
export async function planLazy(argv: readonly string[], surface: Surface): Promise<Plan> {
  const [name, ...args] = argv;
  if (name === undefined) throw new UsageError('missing command');
  const entry = findEntry(name);
  if (!entry) throw new UsageError(`unknown command ${JSON.stringify(name)}`);
  return (await entry.parser())(args, surface);
}
