import type { CertPin } from '../src/probes/cert/index.js';
import { normaliseSpkiPin } from '../src/probes/cert/spki.js';
import type { ResolverChoice } from '../src/probes/dns/index.js';
import type { ProbeRequest } from '../src/probes/index.js';
import { overrideFor, type ResolveOverride } from '../src/probes/net/resolve-override.js';
import { resolverChoices } from './dns.js';
import { CERT_FLAGS } from './flags.js';
import { integer, parseCommand, resolveOverrides, runSettings, targets } from './options.js';
import { parseHost, parseHostPort } from './target.js';
import { type Parser, type Plan, type Surface, UsageError } from './types.js';

export { CERT_OPTIONS } from './flags.js';

const OPTIONS = CERT_FLAGS;

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

export const cert: Parser = {
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
