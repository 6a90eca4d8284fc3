/** `wx regions`: the regions with a live worker, their last beat and version (read from Redis). */
import { ALL_REGIONS, type LiveRegion } from '../src/model/index.js';
import { type Parser, type Plan, UsageError } from './types.js';

export const regions: Parser = {
  parse(args: string[]): Plan {
    if (args.length > 0) throw new UsageError('regions takes no arguments', 'regions');
    return { kind: 'regions' };
  },
};

/** `--from` against the live regions: `all` is all of them; a name not among them is a usage error. */
export function chosenRegions(
  command: string,
  from: string[],
  live: readonly LiveRegion[],
): string[] {
  const names = live.map((r) => r.region);
  const listed = `live regions: ${names.join(', ') || 'none'} (\`wx regions\`)`;
  if (from.includes(ALL_REGIONS)) {
    if (names.length === 0)
      throw new UsageError(`--from all: no region has a live worker`, command);
    return names;
  }
  const unknown = from.filter((n) => !names.includes(n));
  if (unknown.length > 0) {
    throw new UsageError(
      `--from: ${unknown.length > 1 ? 'no live regions' : 'no live region'} ${unknown.map((n) => JSON.stringify(n)).join(', ')}; ${listed}`,
      command,
    );
  }
  return from;
}
