import { parseHttpUrl } from '../src/probes/http/url.js';
import type { ProbeRequest } from '../src/probes/index.js';
import type { ResolveOverride } from '../src/probes/net/resolve-override.js';
import {
  BATCH_HELP,
  BATCH_OPTIONS,
  CA_OPTION,
  COMMON_HELP,
  COMMON_OPTIONS,
  parseCommand,
  resolveOverrides,
  runSettings,
  targets,
} from './options.js';
import { type Command, type Plan, type Surface, UsageError } from './types.js';

const OPTIONS = {
  ...COMMON_OPTIONS,
  ...BATCH_OPTIONS,
  resolve: { type: 'string', multiple: true },
  ...CA_OPTION,
} as const;

export function httpRequest(
  command: string,
  target: string,
  resolve: ResolveOverride[],
): ProbeRequest {
  let url: URL;
  try {
    url = parseHttpUrl(target);
  } catch (err) {
    throw new UsageError((err as Error).message, command);
  }
  return { probe: 'http', spec: { url: url.href, resolve } };
}

export const http: Command = {
  name: 'http',
  flags: OPTIONS,
  summary:
    'Fetch a URL: status, redirects, phase timings (dns, connect, tls, ttfb, total), HSTS and cache headers',
  usage: 'wx http <url> [--resolve HOST:PORT:ADDR] [--ca FILE] [--timeout MS] [--json]',
  options: [
    '--resolve H:P:ADDR  connect to ADDR for H:P, as curl --resolve (Host, SNI and checks still use H)',
    '--ca FILE           also trust the roots in this PEM bundle (NODE_EXTRA_CA_CERTS works too)',
    ...COMMON_HELP,
    ...BATCH_HELP,
  ],
  examples: [
    'wx http https://api.example.com/healthz',
    'wx http https://api.example.com/ --resolve api.example.com:443:203.0.113.7',
  ],
  parse(args: string[], surface: Surface): Plan {
    const { values, positionals } = parseCommand('http', args, OPTIONS, surface);
    const resolve = resolveOverrides('http', values.resolve);
    return {
      kind: 'probes',
      command: 'http',
      ...targets('http', positionals, values, (t) => httpRequest('http', t, resolve)),
      run: runSettings('http', values, surface),
      json: values.json === true,
    };
  },
};
