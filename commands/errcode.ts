/** `wx errcode <code>`: meaning and remedy of a WeChat/WeCom errcode (src/render/errcode.ts). */
import { type Parser, type Plan, UsageError } from './types.js';

export const errcode: Parser = {
  parse(args: string[]): Plan {
    if (args.length !== 1) throw new UsageError('errcode takes one code', 'errcode');
    const raw = (args[0] ?? '').trim();
    if (!/^-?\d{1,9}$/.test(raw)) {
      throw new UsageError(`not an errcode: ${JSON.stringify(raw)}`, 'errcode');
    }
    return { kind: 'errcode', code: Number(raw) };
  },
};
