import type { CertPin } from '../src/probes/cert/index.js';
import { normaliseSpkiPin } from '../src/probes/cert/spki.js';
import type { ResolverChoice } from '../src/probes/dns/index.js';
import type { ProbeRequest } from '../src/probes/index.js';
import { overrideFor, type ResolveOverride } from '../src/probes/net/resolve-override.js';
import { resolverChoices } from './dns.js';
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
import { type Command, type Plan, type Surface, UsageError } from './types.js';

export const CERT_OPTIONS = {
  servername: { type: 'string' },
  resolve: { type: 'string', multiple: true },
  ...CA_OPTION,
  'warn-days': { type: 'string' },
  'pin-issuer': { type: 'string', multiple: true },
  'pin-spki': { type: 'string', multiple: true },
  resolver: { type: 'string', multiple: true },
} as const;

const OPTIONS = { ...COMMON_OPTIONS, ...BATCH_OPTIONS, ...CERT_OPTIONS } as const;

export interface CertOptions {
  servername?: string;
  resolve: ResolveOverride[];
  warnDays: number;
  pin?: CertPin;
  /** The resolver of the CAA lookup. */
  resolver?: ResolverChoice;
}

export function certOptions(
  command: string,
  v: {
    servername?: string;
    resolve?: string[];
    'warn-days'?: string;
    'pin-issuer'?: string[];
    'pin-spki'?: string[];
    resolver?: string[];
  },
): CertOptions {
  const pin = pinOptions(command, v['pin-issuer'], v['pin-spki']);
  // The first resolver named answers the CAA question (check and dns may ask several).
  const resolver = v.resolver?.length ? resolverChoices(command, v.resolver)[0] : undefined;
  return {
    ...(v.servername ? { servername: parseHost(command, v.servername) } : {}),
    resolve: resolveOverrides(command, v.resolve),
    warnDays: integer(command, 'warn-days', v['warn-days'], 30, 0, 3650),
    ...(pin ? { pin } : {}),
    ...(resolver ? { resolver } : {}),
  };
}

/** `--pin-issuer A --pin-issuer "B, C"` and `--pin-spki` → a pin, or undefined for none. */
function pinOptions(
  command: string,
  issuersRaw: string[] | undefined,
  spkiRaw: string[] | undefined,
): CertPin | undefined {
  const split = (raw: string[] | undefined) =>
    (raw ?? [])
      .flatMap((r) => r.split(','))
      .map((r) => r.trim())
      .filter(Boolean);
  const issuers = split(issuersRaw);
  const spki = split(spkiRaw).map((k) => {
    const key = normaliseSpkiPin(k);
    if (!key) {
      throw new UsageError(
        `--pin-spki wants a SHA-256 of a public key (base64, as pin-sha256, or 64 hex digits), got ${JSON.stringify(k)}`,
        command,
      );
    }
    return key;
  });
  if (issuers.length === 0 && spki.length === 0) return undefined;
  return { ...(issuers.length ? { issuers } : {}), ...(spki.length ? { spki } : {}) };
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
      ...(o.pin ? { pin: o.pin } : {}),
      ...(o.resolver ? { resolver: o.resolver } : {}),
    },
  };
}

export const cert: Command = {
  name: 'cert',
  flags: OPTIONS,
  summary:
    'Check the certificate chain a server sends: expiry, host, trust, order, revocation, legacy TLS',
  usage:
    'wx cert <host[:port]> [--servername NAME] [--resolve HOST:PORT:ADDR] [--ca FILE] [--pin-issuer NAME]... [--pin-spki SHA256]... [--resolver IP[:PORT]] [--timeout MS] [--warn-days N] [--json]',
  options: [
    '--servername NAME   SNI name to send and check the certificate against (default: the host)',
    '--resolve H:P:ADDR  connect to ADDR for H:P, as curl --resolve (SNI and checks still use H)',
    '--ca FILE           also trust the roots in this PEM bundle (NODE_EXTRA_CA_CERTS works too)',
    '--warn-days N       warn when the leaf expires within N days (default 30)',
    '--pin-issuer NAME   fail unless a certificate on the path is issued by this CA (CN or O);',
    '                    repeat or comma-separate for several',
    '--pin-spki SHA256   fail unless a key on the path has this SPKI SHA-256 (base64 or hex)',
    "--resolver IP[:P]   resolver for the CAA lookup (default: this machine's)",
    ...COMMON_HELP,
    ...BATCH_HELP,
  ],
  examples: [
    'wx cert api.example.com',
    'wx cert api.example.com:8443 --warn-days 14',
    'wx cert api.example.com --resolve api.example.com:443:203.0.113.7',
    'wx cert --file hosts.txt --json',
    'wx cert api.example.com --pin-issuer "Let\'s Encrypt"',
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
