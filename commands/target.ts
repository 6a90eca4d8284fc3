/** The library's target parsers, with their errors as usage errors of the command. */
import * as target from '../src/probes/net/target.js';

export { formatHostPort } from '../src/probes/net/target.js';

import { UsageError } from './types.js';

function asUsage<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof target.TargetError) throw new UsageError(err.message, command);
    throw err;
  }
}

/** A host name or IP literal, normalised (lower case, no trailing dot, brackets removed). */
export function parseHost(command: string, raw: string): string {
  return asUsage(command, () => target.parseHost(raw));
}

/** `host`, `host:port`, `[v6]:port`, or a URL (its host and port). */
export function parseHostPort(
  command: string,
  raw: string,
  defaultPort = 443,
): { host: string; port: number } {
  return asUsage(command, () => target.parseHostPort(raw, defaultPort));
}
