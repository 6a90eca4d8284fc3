import { normaliseIp } from './guard.js';

/** curl's `--resolve HOST:PORT:ADDR`: connections to HOST:PORT go to ADDR instead. */
export interface ResolveOverride {
  host: string;
  port: number;
  address: string;
}

export function parseResolveOverride(text: string): ResolveOverride {
  // HOST may be a bracketed IPv6 literal; ADDR may be one, bracketed or not: after HOST, split on
  // the first two colons.
  const m = /^(\[[^\]]+\]|[^:[]+):(\d{1,5}):(.+)$/.exec(text.trim());
  const port = m ? Number(m[2]) : Number.NaN;
  const address = m?.[3] ? normaliseIp(m[3]) : null;
  if (!m?.[1] || !address || port < 1 || port > 65535) {
    throw new Error(
      `--resolve wants HOST:PORT:ADDR (for example api.example.com:443:203.0.113.7), got ${JSON.stringify(text)}`,
    );
  }
  return { host: m[1].replace(/^\[(.*)\]$/, '$1').toLowerCase(), port, address };
}

/** The address to connect to for host:port, if an override applies (host and port must both match). */
export function overrideFor(
  overrides: readonly ResolveOverride[],
  host: string,
  port: number,
): string | undefined {
  const h = host.toLowerCase();
  return overrides.find((o) => o.host === h && o.port === port)?.address;
}
