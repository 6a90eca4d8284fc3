/** `wx errcode <code>`: meaning and remedy of a WeChat/WeCom errcode (src/render/errcode.ts). */
import { type Command, type Plan, UsageError } from './types.js';

export const errcode: Command = {
  name: 'errcode',
  summary: 'Meaning and remedy of a WeChat/WeCom errcode, in Chinese and English',
  usage: 'wx errcode <code>',
  options: [],
  examples: ['wx errcode 40164', 'wx errcode 60020', 'wx errcode 40001'],
  parse(args): Plan {
    if (args.length !== 1) throw new UsageError('errcode takes one code', 'errcode');
    const raw = (args[0] ?? '').trim();
    if (!/^-?\d{1,9}$/.test(raw)) {
      throw new UsageError(`not an errcode: ${JSON.stringify(raw)}`, 'errcode');
    }
    return { kind: 'errcode', code: Number(raw) };
  },
};
