/** `wx token|ip|quota|rid|callback-check|api-domains`: WeChat/WeCom API diagnostics. */
import type { CallbackAction, CallbackOperator, WechatSpec } from '../src/probes/wechat/types.js';
import { DEFAULT_API_DOMAINS } from '../src/probes/wechat/types.js';
import { resolverChoices } from './dns.js';
import {
  CA_OPTION,
  COMMON_HELP,
  COMMON_OPTIONS,
  parseCommand,
  resolveOverrides,
  runSettings,
} from './options.js';
import { parseHostPort } from './target.js';
import { type Command, type Plan, type Surface, UsageError } from './types.js';

const ALIAS = /^[A-Za-z0-9_.@-]+$/;
const APP_HELP =
  '<alias> names an app configured in WX_CONFIG (wechat.apps / wecom.apps); secrets never go in a command.';

function alias(command: string, raw: string | undefined): string {
  if (raw === undefined) throw new UsageError('missing app alias', command);
  if (!ALIAS.test(raw)) throw new UsageError(`not an app alias: ${JSON.stringify(raw)}`, command);
  return raw;
}

/** The app aliases a plan names (none for api-domains and every other command). */
export function planAliases(p: Plan): string[] {
  // `watch add wechat:ALIAS` names an app too (api-domains names none).
  if (p.kind === 'watch') {
    const op = p.op;
    return op.op === 'add' && op.kind === 'wechat' && op.alias !== 'api-domains' ? [op.alias] : [];
  }
  if (p.kind !== 'probes') return [];
  return p.requests.flatMap((r) =>
    r.probe === 'wechat' && r.spec.op !== 'api-domains' ? [r.spec.alias] : [],
  );
}

function wechatPlan(
  command: string,
  spec: WechatSpec,
  values: { timeout?: string; json?: boolean; 'deny-private'?: boolean; ca?: string[] },
  surface: Surface,
): Plan {
  return {
    kind: 'probes',
    command,
    requests: [{ probe: 'wechat', spec }],
    run: runSettings(command, values, surface),
    json: values.json === true,
  };
}

/** A command on one app: `<alias>` and `extra` more positionals. */
function appCommand(def: {
  name: string;
  summary: string;
  args: string;
  examples: string[];
  positionals: [min: number, max: number];
  spec(alias: string, rest: string[]): WechatSpec;
}): Command {
  return {
    name: def.name,
    flags: COMMON_OPTIONS,
    summary: def.summary,
    usage: `wx ${def.name} ${def.args} [--timeout MS] [--json]`,
    options: [APP_HELP, ...COMMON_HELP],
    examples: def.examples,
    parse(args, surface) {
      const { values, positionals } = parseCommand(def.name, args, COMMON_OPTIONS, surface);
      const [first, ...rest] = positionals;
      const a = alias(def.name, first);
      const [min, max] = def.positionals;
      if (rest.length < min || rest.length > max) {
        throw new UsageError(`expected: ${def.args}`, def.name);
      }
      return wechatPlan(def.name, def.spec(a, rest), values, surface);
    },
  };
}

export const token = appCommand({
  name: 'token',
  summary:
    'Get an access_token for an app (stable_token: production’s token stays valid) and explain any refusal',
  args: '<alias>',
  examples: ['wx token prod-oa', 'wx token corp-ops --json'],
  positionals: [0, 0],
  spec: (a) => ({ op: 'token', alias: a }),
});

export const ip = appCommand({
  name: 'ip',
  summary: 'The egress IP the platform sees (what to whitelist), and its API / callback IP lists',
  args: '<alias>',
  examples: ['wx ip prod-oa'],
  positionals: [0, 0],
  spec: (a) => ({ op: 'ip', alias: a }),
});

export const quota = appCommand({
  name: 'quota',
  summary: 'Daily quota and rate limit of one API of a WeChat app (openapi/quota/get)',
  args: '<alias> <cgi_path>',
  examples: ['wx quota prod-oa /cgi-bin/message/custom/send'],
  positionals: [1, 1],
  spec(a, [path = '']) {
    if (!/^\/[\w./-]+$/.test(path)) {
      throw new UsageError(
        `cgi_path wants a path with a leading / and no host, such as /cgi-bin/message/custom/send (got ${JSON.stringify(path)})`,
        'quota',
      );
    }
    return { op: 'quota', alias: a, cgiPath: path };
  },
});

export const rid = appCommand({
  name: 'rid',
  summary: 'What the platform recorded for a failed call’s rid: time, caller IP, request, answer',
  args: '<alias> <rid>',
  examples: ['wx rid prod-oa 61725984-6126f6f9-040f19c4'],
  positionals: [1, 1],
  spec(a, [r = '']) {
    if (!/^[0-9A-Za-z-]{6,64}$/.test(r)) {
      throw new UsageError(
        `not a rid: ${JSON.stringify(r)} (like 61725984-6126f6f9-040f19c4)`,
        'rid',
      );
    }
    return { op: 'rid', alias: a, rid: r };
  },
});

const ACTIONS: readonly CallbackAction[] = ['dns', 'ping', 'all'];
const OPERATORS: readonly CallbackOperator[] = ['CHINANET', 'UNICOM', 'CAP', 'DEFAULT'];

export const callbackCheck = appCommand({
  name: 'callback-check',
  summary: 'The platform’s own network check of your callback domain (dns, ping), per operator',
  args: '<alias> [dns|ping|all] [CHINANET|UNICOM|CAP|DEFAULT]',
  examples: ['wx callback-check prod-oa', 'wx callback-check prod-oa dns UNICOM'],
  positionals: [0, 2],
  spec(a, [action = 'all', operator = 'DEFAULT']) {
    const act = action.toLowerCase() as CallbackAction;
    const op = operator.toUpperCase() as CallbackOperator;
    if (!ACTIONS.includes(act)) {
      throw new UsageError(`action must be one of ${ACTIONS.join('|')}`, 'callback-check');
    }
    if (!OPERATORS.includes(op)) {
      throw new UsageError(`operator must be one of ${OPERATORS.join('|')}`, 'callback-check');
    }
    return { op: 'callback-check', alias: a, action: act, operator: op };
  },
});

const DOMAIN_OPTIONS = {
  ...COMMON_OPTIONS,
  domains: { type: 'string', terminal: true },
  resolve: { type: 'string', multiple: true },
  resolver: { type: 'string', multiple: true },
  ...CA_OPTION,
} as const;

export const apiDomains: Command = {
  name: 'api-domains',
  flags: DOMAIN_OPTIONS,
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
  parse(args, surface) {
    const { values, positionals } = parseCommand('api-domains', args, DOMAIN_OPTIONS, surface);
    if (positionals.length > 0) throw new UsageError('api-domains takes no target', 'api-domains');
    const names = values.domains
      ?.split(',')
      .map((d) => d.trim())
      .filter((d) => d !== '') ?? [...DEFAULT_API_DOMAINS];
    if (names.length === 0) throw new UsageError('--domains lists no domain', 'api-domains');
    return wechatPlan(
      'api-domains',
      {
        op: 'api-domains',
        domains: names.map((n) => parseHostPort('api-domains', n)),
        resolve: resolveOverrides('api-domains', values.resolve),
        resolvers: values.resolver ? resolverChoices('api-domains', values.resolver) : ['system'],
      },
      values,
      surface,
    );
  },
};

export const WECHAT_COMMANDS: readonly Command[] = [
  token,
  ip,
  quota,
  rid,
  callbackCheck,
  apiDomains,
];
