import { isIP } from 'node:net';
// The modules themselves, not the probe's index: parsing a command loads no probe code.
import { DEFAULT_RESOLVERS, parseResolver } from '../src/probes/dns/resolvers.js';
import { RECORD_TYPES, type RecordType, type ResolverChoice } from '../src/probes/dns/types.js';
import type { ProbeRequest } from '../src/probes/index.js';
import { DNS_FLAGS } from './flags.js';
import { parseCommand, runSettings, targets } from './options.js';
import { parseHost } from './target.js';
import { type Parser, type Plan, type Surface, UsageError } from './types.js';

export { DNS_OPTIONS } from './flags.js';

const OPTIONS = DNS_FLAGS;

export function resolverChoices(command: string, raw: string[] | undefined): ResolverChoice[] {
  if (!raw || raw.length === 0) return [...DEFAULT_RESOLVERS];
  try {
    return raw.map((r) => (r === 'system' ? 'system' : parseResolver(r)));
  } catch (err) {
    throw new UsageError(`--resolver: ${(err as Error).message}`, command);
  }
}

function recordType(raw: string | undefined): RecordType {
  if (raw === undefined) return 'A';
  const t = raw.toUpperCase() as RecordType;
  if (!RECORD_TYPES.includes(t))
    throw new UsageError(`--type must be one of ${RECORD_TYPES.join('|')}`, 'dns');
  return t;
}

export function dnsRequest(
  command: string,
  name: string,
  type: RecordType,
  resolvers: ResolverChoice[],
): ProbeRequest {
  const host = parseHost(command, name);
  if (isIP(host)) throw new UsageError(`dns takes a name, not an IP address (${host})`, command);
  return { probe: 'dns', spec: { name: host, type, resolvers } };
}

export const dns: Parser = {
  parse(args: string[], surface: Surface): Plan {
    const { values, positionals } = parseCommand('dns', args, OPTIONS, surface);
    const type = recordType(values.type);
    const resolvers = resolverChoices('dns', values.resolver);
    return {
      kind: 'probes',
      command: 'dns',
      ...targets('dns', positionals, values, (t) => dnsRequest('dns', t, type, resolvers)),
      run: runSettings('dns', values, surface),
      json: values.json === true,
    };
  },
};
