import { parseHttpUrl } from '../src/probes/http/url.js';
import type { ProbeRequest } from '../src/probes/index.js';
import type { ResolveOverride } from '../src/probes/net/resolve-override.js';
import { HTTP_FLAGS } from './flags.js';
import { parseCommand, resolveOverrides, runSettings, targets } from './options.js';
import { type Parser, type Plan, type Surface, UsageError } from './types.js';

const OPTIONS = HTTP_FLAGS;

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

export const http: Parser = {
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
