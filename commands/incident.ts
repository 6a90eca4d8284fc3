import { watchId } from '../src/watch/id.js';
import { parseCommand } from './options.js';
import { parseHostPort } from './target.js';
import { type Parser, type Plan, type Surface, UsageError } from './types.js';

/** `#W12` (the latest incident), `#W12.3` (its third), or `W12 3`. */
const REF = /^#?[Ww](\d{1,12})(?:\.(\d{1,6}))?$/;

function number(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^#?\d{1,6}$/.test(raw)) {
    throw new UsageError(`expected the incident number, got ${JSON.stringify(raw)}`, 'incident');
  }
  return Number(raw.replace('#', ''));
}

export const incident: Parser = {
  parse(args: string[], surface: Surface): Plan {
    const [sub, ...rest] = args;
    const { positionals } = parseCommand('incident', rest, {}, surface);
    if (surface === 'cli') {
      throw new UsageError(
        'incident records live in the bot (Redis): use /wx incident in chat',
        'incident',
      );
    }
    if (sub !== 'report') {
      throw new UsageError(
        sub === undefined
          ? 'missing subcommand: report'
          : `unknown subcommand ${JSON.stringify(sub)}`,
        'incident',
      );
    }
    const [first, second, ...extra] = positionals;
    if (extra.length > 0)
      throw new UsageError(`unexpected ${JSON.stringify(extra[0])}`, 'incident');
    if (first === undefined)
      throw new UsageError('missing the watch reference, e.g. #W12', 'incident');
    const ref = REF.exec(first);
    if (ref) {
      const n = ref[2] !== undefined ? Number(ref[2]) : number(second);
      if (ref[2] !== undefined && second !== undefined) {
        throw new UsageError(`unexpected ${JSON.stringify(second)}`, 'incident');
      }
      return {
        kind: 'watch',
        op: {
          op: 'report',
          ref: `W${Number(ref[1])}`,
          ...(n !== undefined ? { incident: n } : {}),
        },
        json: false,
      };
    }
    const { host, port } = parseHostPort('incident', first);
    const n = number(second);
    return {
      kind: 'watch',
      op: { op: 'report', id: watchId(host, port), ...(n !== undefined ? { incident: n } : {}) },
      json: false,
    };
  },
};
