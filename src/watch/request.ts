/**
 * The probe a watch runs, by kind: cert (expiry and breakage), http (the URL with the watch's
 * expectations), dns (the name asked of the resolvers to compare), wechat (an app's token, which
 * says whether the secret and the egress IP's whitelist are still right; or api-domains).
 */

import { DEFAULT_RESOLVERS } from '../probes/dns/resolvers.js';
import type { ProbeRequest } from '../probes/index.js';
import { DEFAULT_API_DOMAINS } from '../probes/wechat/types.js';
import { API_DOMAINS, type Watch, type WatchSpecOf } from './types.js';

const DEFAULT_DOMAINS = DEFAULT_API_DOMAINS.map((host) => ({ host, port: 443 }));

export interface WatchRequestOptions {
  /** cert: also ask about TLS 1.0/1.1 (legacy-due.ts says when). */
  checkLegacy?: boolean;
}

export function watchRequest(
  watch: Watch | WatchSpecOf<Watch>,
  opts: WatchRequestOptions = {},
): ProbeRequest {
  switch (watch.kind) {
    case 'http': {
      const url = new URL(watch.url);
      const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
      const host = url.hostname.replace(/^\[|\]$/g, '');
      return {
        probe: 'http',
        spec: {
          url: watch.url,
          resolve: watch.connectTo ? [{ host, port, address: watch.connectTo }] : [],
          expect: {
            status: watch.status,
            ...(watch.body !== undefined ? { body: watch.body } : {}),
            ...(watch.maxMs !== undefined ? { maxMs: watch.maxMs } : {}),
          },
        },
      };
    }
    case 'dns':
      return {
        probe: 'dns',
        spec: {
          name: watch.name,
          type: watch.type,
          resolvers: watch.resolvers.length > 0 ? watch.resolvers : [...DEFAULT_RESOLVERS],
          ...(watch.expect ? { expect: watch.expect } : {}),
        },
      };
    case 'wechat':
      if (watch.alias === API_DOMAINS) {
        return {
          probe: 'wechat',
          spec: {
            op: 'api-domains',
            domains: watch.domains ?? DEFAULT_DOMAINS,
            resolve: [],
            resolvers: ['system'],
          },
        };
      }
      return { probe: 'wechat', spec: { op: 'token', alias: watch.alias } };
    default:
      return {
        probe: 'cert',
        spec: {
          host: watch.host,
          port: watch.port,
          warnDays: Math.max(...watch.days),
          ...(watch.connectTo ? { connectTo: watch.connectTo } : {}),
          // CAA is not what a watch warns about, and old protocol versions are asked about
          // only now and then: fewer round trips. The chain's order is not breakage either, and
          // reading the list as sent leaks memory in Node, sweep after sweep (handshake.ts).
          checkLegacy: opts.checkLegacy ?? false,
          checkCaa: false,
          checkOrder: false,
          ...(watch.pin ? { pin: watch.pin } : {}),
        },
      };
  }
}
