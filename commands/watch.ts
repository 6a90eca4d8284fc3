import type { WatchOp } from '../src/model/watch-op.js';
import { originOf } from '../src/probes/http/url.js';
import { parseResolveOverride } from '../src/probes/net/resolve-override.js';
import { parseWatchTarget, targetId, type WatchTarget } from '../src/watch/id.js';
import { WATCH_FLAGS } from './flags.js';
import { parseCommand, regionsFrom } from './options.js';
import { formatHostPort, parseHostPort } from './target.js';
import { type Parser, type Plan, type Surface, UsageError } from './types.js';

const OPTIONS = WATCH_FLAGS;

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const MAX_MUTE_MS = 90 * 86_400_000;

/** `7d`, `12h`, `30m`, `2w` → ms. */
export function duration(command: string, raw: string): number {
  const m = /^(\d{1,4})([mhdw])$/.exec(raw.trim());
  const ms = m ? Number(m[1]) * (UNITS[m[2] as string] ?? 0) : 0;
  if (!m || ms <= 0 || ms > MAX_MUTE_MS) {
    throw new UsageError(
      `expected a duration such as 30m, 12h, 7d (at most 90d), got ${JSON.stringify(raw)}`,
      command,
    );
  }
  return ms;
}

export function parseDays(command: string, raw: string): number[] {
  const days = raw.split(',').map((s) => s.trim());
  if (days.length === 0 || days.some((d) => !/^\d{1,4}$/.test(d) || Number(d) < 1)) {
    throw new UsageError(
      `--days wants whole days such as 30,14,7, got ${JSON.stringify(raw)}`,
      command,
    );
  }
  return [...new Set(days.map(Number))].sort((a, b) => b - a);
}

const TARGETS = 'host[:port], https://URL, dns:NAME or wechat:ALIAS';

function parsedTarget(command: string, raw: string | undefined): WatchTarget {
  if (raw === undefined) throw new UsageError(`missing ${TARGETS}`, command);
  try {
    const t = parseWatchTarget(raw);
    // The command layer's own parser words host:port problems as every other command does.
    if (t.kind === 'cert') return { kind: 'cert', ...parseHostPort(command, raw) };
    return t;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError((err as Error).message, command);
  }
}

function target(command: string, raw: string | undefined): string {
  return targetId(parsedTarget(command, raw));
}

function whole(command: string, raw: string | undefined, what: string): number {
  if (raw === undefined || !/^#?\d{1,6}$/.test(raw)) {
    throw new UsageError(`expected the ${what} number, got ${JSON.stringify(raw ?? '')}`, command);
  }
  return Number(raw.replace('#', ''));
}

export const watch: Parser = {
  parse(args: string[], surface: Surface): Plan {
    const [sub, ...rest] = args;
    const { values, positionals } = parseCommand('watch', rest, OPTIONS, surface);
    const chatOnly = sub !== 'list' || values.file === undefined;
    if (surface === 'cli' && chatOnly) {
      throw new UsageError(
        'watches live in the bot (Redis): use /wx watch in chat, or `wx watch list --file watches.yml` here',
        'watch',
      );
    }
    const op = parseOp(sub, positionals, values);
    return {
      kind: 'watch',
      op,
      ...(values.file ? { file: values.file } : {}),
      json: values.json === true,
    };
  },
};

function parseOp(
  sub: string | undefined,
  positionals: string[],
  values: { to?: string[]; days?: string; resolve?: string; from?: string },
): WatchOp {
  const [first, second, ...extra] = positionals;
  const only = (n: number) => {
    if (positionals.length > n) {
      throw new UsageError(`unexpected ${JSON.stringify(positionals[n])}`, 'watch');
    }
  };
  if (sub !== 'add' && (values.to || values.days || values.resolve)) {
    throw new UsageError('--to, --days and --resolve go with `watch add`', 'watch');
  }
  if (sub !== 'add' && values.from !== undefined) {
    throw new UsageError('--from goes with `watch add`', 'watch');
  }
  switch (sub) {
    case 'add': {
      only(1);
      const t = parsedTarget('watch', first);
      if (t.kind !== 'cert' && values.days) {
        throw new UsageError('--days goes with certificate watches (host[:port])', 'watch');
      }
      if ((t.kind === 'dns' || t.kind === 'wechat') && values.resolve) {
        throw new UsageError('--resolve goes with host[:port] and URL watches', 'watch');
      }
      // Region names here; whether they are live (and what `all` is) is checked at intake.
      const from = regionsFrom('watch', values.from);
      const to = values.to ?? [];
      const regions = from ? { regions: from } : {};
      if (t.kind === 'dns') return { op: 'add', kind: 'dns', name: t.name, to, ...regions };
      if (t.kind === 'wechat') {
        return { op: 'add', kind: 'wechat', alias: t.alias, to, ...regions };
      }
      const { host, port } =
        t.kind === 'http' ? originOf(new URL(t.url)) : { host: t.host, port: t.port };
      let connectTo: string | undefined;
      if (values.resolve) {
        let o: ReturnType<typeof parseResolveOverride>;
        try {
          o = parseResolveOverride(values.resolve);
        } catch (err) {
          throw new UsageError((err as Error).message, 'watch');
        }
        if (o.host !== host || o.port !== port) {
          throw new UsageError(
            `--resolve names ${formatHostPort(o.host, o.port)}, not ${formatHostPort(host, port)}`,
            'watch',
          );
        }
        connectTo = o.address;
      }
      if (t.kind === 'http') {
        return {
          op: 'add',
          kind: 'http',
          url: t.url,
          ...(connectTo ? { connectTo } : {}),
          to,
          ...regions,
        };
      }
      return {
        op: 'add',
        host,
        port,
        ...(connectTo ? { connectTo } : {}),
        to,
        ...(values.days ? { days: parseDays('watch', values.days) } : {}),
        ...regions,
      };
    }
    case 'rm':
    case 'remove':
      only(1);
      return { op: 'rm', id: target('watch', first) };
    case 'list':
    case 'ls':
      only(0);
      return { op: 'list' };
    case 'mute':
      only(2);
      if (second === undefined) throw new UsageError('missing how long, e.g. 7d', 'watch');
      return { op: 'mute', id: target('watch', first), ms: duration('watch', second) };
    case 'check':
    case 'recheck':
      only(1);
      return { op: 'check', id: target('watch', first) };
    case 'ack':
      only(2);
      return {
        op: 'ack',
        id: target('watch', first),
        incident: whole('watch', second, 'incident'),
      };
    case 'snooze': {
      if (extra.length > 1) only(3);
      const [n, howLong] = [second, extra[0]];
      return {
        op: 'snooze',
        id: target('watch', first),
        incident: whole('watch', n, 'incident'),
        ms: duration('watch', howLong ?? '1d'),
      };
    }
    default:
      throw new UsageError(
        sub === undefined
          ? 'missing subcommand: add, rm, list, mute, check, ack or snooze'
          : `unknown subcommand ${JSON.stringify(sub)}`,
        'watch',
      );
  }
}
