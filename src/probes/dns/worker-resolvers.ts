/**
 * A worker's own resolvers (WX_RESOLVERS: a region's resolver) in place of the system's, for every
 * probe it runs: cert and http resolve through them, the dns probe asks them where it would ask
 * "system", and a dns question left at the default list (system and the public resolvers) asks
 * them alone, since a region's view is what its worker is there to show. Resolvers a person
 * named (`--resolver`) are kept. Pure.
 */
import type { ProbeRequest } from '../probers.js';
import { DEFAULT_RESOLVERS } from './resolvers.js';
import type { ResolverChoice, ResolverSpec } from './types.js';

export function withWorkerResolvers(
  req: ProbeRequest,
  mine: readonly ResolverSpec[],
): ProbeRequest {
  if (mine.length === 0) return req;
  switch (req.probe) {
    case 'cert':
      return req.spec.resolvers?.length
        ? req
        : { ...req, spec: { ...req.spec, resolvers: [...mine] } };
    case 'http':
      return req.spec.resolvers?.length
        ? req
        : { ...req, spec: { ...req.spec, resolvers: [...mine] } };
    case 'dns':
      return { ...req, spec: { ...req.spec, resolvers: replaced(req.spec.resolvers, mine) } };
    case 'wechat':
      return req.spec.op === 'api-domains'
        ? { ...req, spec: { ...req.spec, resolvers: replaced(req.spec.resolvers, mine) } }
        : req;
  }
}

function replaced(
  list: readonly ResolverChoice[],
  mine: readonly ResolverSpec[],
): ResolverChoice[] {
  if (isDefault(list)) return [...mine];
  return list.flatMap((c) => (c === 'system' ? [...mine] : [c]));
}

function isDefault(list: readonly ResolverChoice[]): boolean {
  return (
    list.length === DEFAULT_RESOLVERS.length &&
    list.every((c, i) => {
      const d = DEFAULT_RESOLVERS[i];
      return (
        c === d ||
        (typeof c === 'object' &&
          typeof d === 'object' &&
          c.address === d.address &&
          c.port === d.port)
      );
    })
  );
}
