/**
 * Name resolution for connections through the resolvers a person named (`wx check --resolver`),
 * so cert and http see the same DNS as the dns part: asked in order, the first that answers
 * decides (an NXDOMAIN is an answer); one that times out or fails hands over to the next.
 */
import { systemLookup } from '../net/dial.js';
import { refusal } from '../net/guard.js';
import type { LookupFn, ProbeContext } from '../types.js';
import { normaliseDnsName } from './name.js';
import { queryResolver } from './query.js';
import { followChain, toRecord } from './records.js';
import { formatResolver, isValidSpec } from './resolvers.js';
import type { RecordType, ResolverChoice, ResolverSpec } from './types.js';

type Addresses = Awaited<ReturnType<LookupFn>>;

/** The probe's context with `lookup` going through `resolvers` (unchanged when there are none). */
export function withResolvers(
  ctx: ProbeContext,
  resolvers: readonly ResolverChoice[] | undefined,
): ProbeContext {
  if (!resolvers || resolvers.length === 0) return ctx;
  return { ...ctx, lookup: resolverLookup(resolvers, ctx) };
}

export function resolverLookup(resolvers: readonly ResolverChoice[], ctx: ProbeContext): LookupFn {
  return async (hostname) => {
    const failures: string[] = [];
    for (const choice of resolvers) {
      if (choice === 'system') {
        try {
          return await systemLookup(hostname);
        } catch (err) {
          failures.push(`system (${(err as NodeJS.ErrnoException).code ?? 'failed'})`);
          continue;
        }
      }
      const outcome = await ask(choice, hostname, ctx);
      if ('addresses' in outcome) return outcome.addresses;
      if (outcome.final) throw new Error(outcome.why);
      failures.push(outcome.why);
    }
    throw new Error(failures.join('; ') || 'no resolver to ask');
  };
}

type Outcome = { addresses: Addresses } | { final: boolean; why: string };

async function ask(server: ResolverSpec, hostname: string, ctx: ProbeContext): Promise<Outcome> {
  const label = isValidSpec(server) ? formatResolver(server) : JSON.stringify(server);
  if (!isValidSpec(server)) return { final: false, why: `${label} (not an IP address and port)` };
  const refused = refusal(ctx.policy, server.address);
  if (refused) return { final: false, why: `${label} (refused by address guard: ${refused})` };
  const name = normaliseDnsName(hostname);
  const [a, aaaa] = await Promise.all(
    (['A', 'AAAA'] as RecordType[]).map((type) =>
      queryResolver(server, { name, type }, ctx.signal),
    ),
  );
  const addresses: Addresses = [];
  for (const [wire, type, family] of [
    [a, 'A', 4],
    [aaaa, 'AAAA', 6],
  ] as const) {
    if (wire?.kind !== 'response' || wire.rcode !== 'NOERROR') continue;
    const records = wire.answers.filter((x) => x.type !== 'OPT').map(toRecord);
    for (const r of followChain(records, name, type).final)
      addresses.push({ address: r.data, family });
  }
  if (addresses.length > 0) return { addresses };
  const rcode = a?.kind === 'response' ? a.rcode : null;
  if (rcode === 'NXDOMAIN') return { final: true, why: `${label} answered NXDOMAIN` };
  if (rcode === 'NOERROR') return { final: true, why: `${label} answered no address` };
  const why = a?.kind === 'timeout' ? 'no answer' : a?.kind === 'unreachable' ? a.error : rcode;
  return { final: false, why: `${label} (${why})` };
}
