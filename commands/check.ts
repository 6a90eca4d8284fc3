import { isIP } from 'node:net';
import type { ResolverChoice } from '../src/probes/dns/index.js';
import type { ProbeRequest } from '../src/probes/index.js';
import { overrideFor } from '../src/probes/net/resolve-override.js';
import { certOptions, certRequest } from './cert.js';
import { dnsRequest, resolverChoices } from './dns.js';
import { CHECK_FLAGS } from './flags.js';
import { httpRequest } from './http.js';
import { parseCommand, runSettings, singleTarget } from './options.js';
import { formatHostPort, parseHostPort } from './target.js';
import { type Parser, type Plan, type Surface, UsageError } from './types.js';

const OPTIONS = CHECK_FLAGS;

export const check: Parser = {
  parse(args: string[], surface: Surface): Plan {
    const { values, positionals } = parseCommand('check', args, OPTIONS, surface);
    const target = singleTarget('check', positionals, false) ?? '';
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
      throw new UsageError(
        'check takes a host (api.example.com or api.example.com:8443), not a URL',
        'check',
      );
    }
    const { host, port } = parseHostPort('check', target);
    const o = certOptions('check', values);
    const authority = formatHostPort(host, port, 443);
    // --resolver is the DNS of the whole check: cert and http resolve through it too.
    const resolvers = values.resolver?.length
      ? resolverChoices('check', values.resolver)
      : undefined;
    const pinnedTo = overrideFor(o.resolve, host, port);
    const withResolvers = <R extends ProbeRequest>(r: R): R =>
      resolvers ? { ...r, spec: { ...r.spec, resolvers } } : r;
    return {
      kind: 'probes',
      command: 'check',
      combine: { title: authority },
      requests: [
        withResolvers(certRequest('check', authority, o)),
        // An IP literal has nothing to resolve.
        ...(isIP(host) ? [] : [dnsPart(host, resolvers, pinnedTo)]),
        withResolvers(httpRequest('check', `https://${authority}/`, o.resolve)),
      ],
      run: runSettings('check', values, surface),
      json: values.json === true,
    };
  },
};

/** The dns part: the check's resolvers (default: system + public ones); pinned by --resolve. */
function dnsPart(
  host: string,
  resolvers: ResolverChoice[] | undefined,
  pinnedTo: string | undefined,
): ProbeRequest {
  const req = dnsRequest('check', host, 'A', resolvers ?? resolverChoices('check', undefined));
  return pinnedTo && req.probe === 'dns' ? { ...req, spec: { ...req.spec, pinnedTo } } : req;
}
