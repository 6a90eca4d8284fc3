/** `wx token|ip|quota|rid|callback-check|api-domains`: WeChat/WeCom API diagnostics. */
import type { CallbackAction, CallbackOperator, WechatSpec } from '../src/probes/wechat/types.js';
import { DEFAULT_API_DOMAINS } from '../src/probes/wechat/types.js';
import { resolverChoices } from './dns.js';
import { APP_FLAGS, DOMAIN_FLAGS } from './flags.js';
import { parseCommand, resolveOverrides, runSettings } from './options.js';
import { parseHostPort } from './target.js';
import { type Parser, type Plan, type Surface, UsageError } from './types.js';

const ALIAS = /^[A-Za-z0-9_.@-]+$/;

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

/** The parser of a command on one app (its help is in commands/table.ts): `<alias>` and more positionals. */
function appCommand(def: {
  name: string;
  args: string;
  positionals: [min: number, max: number];
  spec(alias: string, rest: string[]): WechatSpec;
}): Parser {
  return {
    parse(args, surface) {
      const { values, positionals } = parseCommand(def.name, args, APP_FLAGS, surface);
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
  args: '<alias>',
  positionals: [0, 0],
  spec: (a) => ({ op: 'token', alias: a }),
});

export const ip = appCommand({
  name: 'ip',
  args: '<alias>',
  positionals: [0, 0],
  spec: (a) => ({ op: 'ip', alias: a }),
});

export const quota = appCommand({
  name: 'quota',
  args: '<alias> <cgi_path>',
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
  args: '<alias> <rid>',
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
  args: '<alias> [dns|ping|all] [CHINANET|UNICOM|CAP|DEFAULT]',
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

const DOMAIN_OPTIONS = DOMAIN_FLAGS;

export const apiDomains: Parser = {
  parse(args: string[], surface: Surface): Plan {
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
