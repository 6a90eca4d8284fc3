/**
 * The http, dns and wechat entries of the watches file, next to the certificate ones (`host:`):
 * `- url: https://…` (status, body, maxMs, resolve), `- dns: NAME` (type, resolvers, expect),
 * `- wechat: ALIAS` or `- wechat: api-domains` (domains).
 */
import { z } from 'zod';
import { isRegionName, LANGS, REGION_RULE } from '../model/index.js';
import { normaliseDnsName } from '../probes/dns/name.js';
import { parseResolver } from '../probes/dns/resolvers.js';
import { isRecordType, type RecordType } from '../probes/dns/types.js';
import { originOf } from '../probes/http/url.js';
import { parseResolveOverride } from '../probes/net/resolve-override.js';
import { formatHostPort, parseHostPort } from '../probes/net/target.js';
import { watchAlias, watchUrl } from './id.js';
import { API_DOMAINS } from './types.js';

/**
 * `regions: [north, east]`: the regions a watch is checked from, sorted and once each. Names need
 * not be live when the file is read (a region's workers may come later): a region without a live
 * worker is REGION_NO_ANSWER at each check.
 */
export const regionList = z
  .array(
    z
      .string({ error: 'expected a region name' })
      .refine(isRegionName, { error: `expected a region name (${REGION_RULE})` }),
    { error: 'expected a list of region names' },
  )
  .min(1, { error: 'expected at least one region' })
  .transform((names) => [...new Set(names)].sort());

/** `{ regions }` when the entry lists some, else nothing (ids and state of other watches unchanged). */
export function regionsOf(regions: string[] | undefined): { regions?: string[] } {
  return regions ? { regions } : {};
}

/** Every entry names its destinations and may set its language and its regions. */
export function common<D extends z.ZodType>(destination: D) {
  return {
    to: z.array(destination, { error: 'expected a list of destinations' }).min(1, {
      error: 'expected at least one destination',
    }),
    lang: z.enum(LANGS, { error: 'expected en or zh-CN' }).optional(),
    regions: regionList.optional(),
  };
}

/** What a function that may throw an Error says, as a zod issue. */
function checked<T>(fn: (v: string) => T, message?: (err: Error) => string) {
  return (v: string, ctx: z.RefinementCtx): T => {
    try {
      return fn(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: message?.(err as Error) ?? (err as Error).message });
      return z.NEVER;
    }
  };
}

const STATUS_RANGE = /^([1-5]\d\d)(?:\s*-\s*([1-5]\d\d))?$/;

/** `200`, `200-399`, or `[200, 399]`: an inclusive range of final statuses. */
const status = z
  .union([z.string(), z.number(), z.array(z.number()).length(2)], {
    error: 'expected a status such as 200, or a range such as 200-399',
  })
  .transform((v, ctx): [number, number] => {
    const text = Array.isArray(v) ? `${v[0]}-${v[1]}` : String(v);
    const m = STATUS_RANGE.exec(text.trim());
    const min = Number(m?.[1]);
    const max = Number(m?.[2] ?? m?.[1]);
    if (!m || min > max) {
      ctx.addIssue({
        code: 'custom',
        message: `expected a status such as 200, or a range such as 200-399, got ${JSON.stringify(v)}`,
      });
      return z.NEVER;
    }
    return [min, max];
  });

export function httpEntry<D extends z.ZodType>(destination: D) {
  return z
    .strictObject({
      url: z.string({ error: 'expected an http:// or https:// URL' }).transform(checked(watchUrl)),
      status: status.optional(),
      body: z.string({ error: 'expected the text the body must contain' }).min(1).optional(),
      maxMs: z
        .number({ error: 'expected milliseconds' })
        .int({ error: 'expected whole milliseconds' })
        .min(1)
        .max(600_000)
        .optional(),
      resolve: z.string({ error: 'expected HOST:PORT:ADDR' }).optional(),
      ...common(destination),
    })
    .transform((e, ctx) => {
      let connectTo: string | undefined;
      if (e.resolve !== undefined) {
        const o = checked(parseResolveOverride)(e.resolve, ctx);
        const origin = originOf(new URL(e.url));
        if (o.host !== origin.host || o.port !== origin.port) {
          ctx.addIssue({
            code: 'custom',
            path: ['resolve'],
            message: `names ${formatHostPort(o.host, o.port)}, not ${formatHostPort(origin.host, origin.port)}`,
          });
          return z.NEVER;
        }
        connectTo = o.address;
      }
      return {
        kind: 'http' as const,
        url: e.url,
        status: e.status ?? ([200, 299] as [number, number]),
        ...(e.body !== undefined ? { body: e.body } : {}),
        ...(e.maxMs !== undefined ? { maxMs: e.maxMs } : {}),
        ...(connectTo ? { connectTo } : {}),
        to: e.to as z.output<D>[],
        lang: e.lang,
        ...regionsOf(e.regions),
      };
    });
}

export function dnsEntry<D extends z.ZodType>(destination: D) {
  return z
    .strictObject({
      dns: z.string({ error: 'expected a DNS name' }).transform(checked(normaliseDnsName)),
      type: z
        .string({ error: 'expected A, AAAA, CNAME, TXT, CAA, NS or MX' })
        .refine(isRecordType, { error: 'expected A, AAAA, CNAME, TXT, CAA, NS or MX' })
        .optional(),
      resolvers: z
        .array(z.string({ error: 'expected IP[:PORT]' }).transform(checked(parseResolver)), {
          error: 'expected a list of resolvers (IP[:PORT])',
        })
        .min(1)
        .optional(),
      expect: z
        .array(z.string({ error: 'expected record data' }).min(1), {
          error: 'expected a list of answers',
        })
        .min(1)
        .optional(),
      ...common(destination),
    })
    .transform((e) => ({
      kind: 'dns' as const,
      name: e.dns,
      type: (e.type ?? 'A') as RecordType,
      resolvers: e.resolvers ?? [],
      ...(e.expect ? { expect: e.expect } : {}),
      to: e.to as z.output<D>[],
      lang: e.lang,
      ...regionsOf(e.regions),
    }));
}

export function wechatEntry<D extends z.ZodType>(destination: D) {
  return z
    .strictObject({
      wechat: z
        .string({ error: 'expected an app alias (wechat.apps, wecom.apps) or api-domains' })
        .transform(checked(watchAlias)),
      domains: z
        .array(
          z.string({ error: 'expected host[:port]' }).transform(checked((v) => parseHostPort(v))),
          { error: 'expected a list of domains' },
        )
        .min(1)
        .optional(),
      ...common(destination),
    })
    .superRefine((e, ctx) => {
      if (e.domains && e.wechat !== API_DOMAINS) {
        ctx.addIssue({
          code: 'custom',
          path: ['domains'],
          message: `goes with \`wechat: ${API_DOMAINS}\``,
        });
      }
    })
    .transform((e) => ({
      kind: 'wechat' as const,
      alias: e.wechat,
      ...(e.domains ? { domains: e.domains } : {}),
      to: e.to as z.output<D>[],
      lang: e.lang,
      ...regionsOf(e.regions),
    }));
}
