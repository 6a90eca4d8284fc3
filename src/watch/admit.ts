/**
 * The address guard at `watch add`: a chat-added watch whose target the guard would refuse is
 * refused at once, with the reason, instead of being accepted and then saying nothing forever.
 * The probe still applies the guard at every connection (a name may change what it resolves to).
 */

import { systemLookup } from '../probes/net/dial.js';
import { type NetworkPolicy, normaliseIp, refusal } from '../probes/net/guard.js';
import type { LookupFn } from '../probes/types.js';

/** Why the guard refuses a target: an address typed (named), or a name that maps only to private ones (not named). */
export type AddressRefusal = { kind: 'address'; why: string } | { kind: 'name'; host: string };

export interface AdmitOptions {
  /** CIDRs let through (WX_PROBE_ALLOW). */
  allow: string[];
  /** Name resolution (default: the system resolver, as the probe uses). */
  lookup?: LookupFn;
  /** How long the lookup may take; a name that does not resolve in time is let through. */
  timeoutMs: number;
}

export type Admit = (target: {
  host: string;
  port: number;
  connectTo?: string;
}) => Promise<AddressRefusal | null>;

export function createAdmit(opts: AdmitOptions): Admit {
  const policy: NetworkPolicy = { denyPrivate: true, allow: opts.allow };
  const lookup = opts.lookup ?? systemLookup;
  return async ({ host, connectTo }) => {
    const literal = normaliseIp(connectTo ?? host);
    if (literal) {
      const why = refusal(policy, literal);
      return why ? { kind: 'address', why } : null;
    }
    const addresses = await within(lookup(host), opts.timeoutMs);
    // Not resolvable now: the checks will say so (unreachable), as for any other server.
    if (!addresses || addresses.length === 0) return null;
    return addresses.some((a) => refusal(policy, a.address) === null)
      ? null
      : { kind: 'name', host };
  };
}

/** The value, or null on failure or after `ms`. */
async function within<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([p.catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}
