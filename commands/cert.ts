import type { ProbeRequest } from '../src/probes/index.js';
import { overrideFor, type ResolveOverride } from '../src/probes/net/resolve-override.js';
import {
  BATCH_HELP,
  BATCH_OPTIONS,
  CA_OPTION,
  COMMON_HELP,
  COMMON_OPTIONS,
  integer,
  parseCommand,
  resolveOverrides,
  runSettings,
  targets,
} from './options.js';
import { parseHost, parseHostPort } from './target.js';
import type { Command, Plan, Surface } from './types.js';

export const CERT_OPTIONS = {
  servername: { type: 'string' },
  resolve: { type: 'string', multiple: true },
  ...CA_OPTION,
  'warn-days': { type: 'string' },
} as const;

const OPTIONS = { ...COMMON_OPTIONS, ...BATCH_OPTIONS, ...CERT_OPTIONS } as const;

export interface CertOptions {
  servername?: string;
  resolve: ResolveOverride[];
  warnDays: number;
}

export function certOptions(
  command: string,
  v: { servername?: string; resolve?: string[]; 'warn-days'?: string },
): CertOptions {
  return {
    ...(v.servername ? { servername: parseHost(command, v.servername) } : {}),
    resolve: resolveOverrides(command, v.resolve),
    warnDays: integer(command, 'warn-days', v['warn-days'], 30, 0, 3650),
  };
}

export function certRequest(command: string, target: string, o: CertOptions): ProbeRequest {
  const { host, port } = parseHostPort(command, target);
  const connectTo = overrideFor(o.resolve, host, port);
  return {
    probe: 'cert',
    spec: {
      host,
      port,
      warnDays: o.warnDays,
      ...(o.servername ? { servername: o.servername } : {}),
      ...(connectTo ? { connectTo } : {}),
    },
  };
}

export const cert: Command = {
  name: 'cert',
  flags: OPTIONS,
  summary:
    'Check the certificate chain a server sends: expiry, host, trust, order, revocation, legacy TLS',
  usage:
    'wx cert <host[:port]> [--servername NAME] [--resolve HOST:PORT:ADDR] [--ca FILE] [--timeout MS] [--warn-days N] [--json]',
  options: [
    '--servername NAME   SNI name to send and check the certificate against (default: the host)',
    '--resolve H:P:ADDR  connect to ADDR for H:P, as curl --resolve (SNI and checks still use H)',
    '--ca FILE           also trust the roots in this PEM bundle (NODE_EXTRA_CA_CERTS works too)',
    '--warn-days N       warn when the leaf expires within N days (default 30)',
    ...COMMON_HELP,
    ...BATCH_HELP,
  ],
  examples: [
    'wx cert api.example.com',
    'wx cert api.example.com:8443 --warn-days 14',
    'wx cert api.example.com --resolve api.example.com:443:203.0.113.7',
    'wx cert --file hosts.txt --json',
  ],
  parse(args: string[], surface: Surface): Plan {
    const { values, positionals } = parseCommand('cert', args, OPTIONS, surface);
    const o = certOptions('cert', values);
    return {
      kind: 'probes',
      command: 'cert',
      ...targets('cert', positionals, values, (t) => certRequest('cert', t, o)),
      run: runSettings('cert', values, surface),
      json: values.json === true,
    };
  },
};
