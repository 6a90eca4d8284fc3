/** `details #W12`: everything of a result the chat answer left out, from where results are kept. */
import { parseRef } from '../src/store/short-refs.js';
import { type Parser, type Plan, type Surface, UsageError } from './types.js';

export const details: Parser = {
  parse(args: string[], surface: Surface): Plan {
    if (surface === 'cli') {
      throw new UsageError(
        'details is for chat results; in a terminal, `wx check` prints every detail already',
        'details',
      );
    }
    const ref = args.length === 1 ? parseRef(args[0] ?? '') : null;
    if (!ref) {
      throw new UsageError('details takes one reference, as shown on a result: #W12', 'details');
    }
    return { kind: 'details', ref };
  },
};
