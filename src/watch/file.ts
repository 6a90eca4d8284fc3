/**
 * The `watches` section (of the WX_CONFIG file, or a file of its own named by WX_WATCHES_FILE):
 * watches as code, certificates (`host:`) and the other kinds (`url:`, `dns:`, `wechat:`,
 * file-kinds.ts). Every problem names its key (`watches[2].to[0]`).
 */
import { z } from 'zod';
import { ConfigError } from '../config/error.js';
import { readConfigFile } from '../config/file.js';
import type { Env } from '../config/index.js';
import { formatPath } from '../config/path.js';
import { LANGS, type Lang, PLATFORM_LANG } from '../model/index.js';
import type { CertPin } from '../probes/cert/index.js';
import { normaliseSpkiPin } from '../probes/cert/spki.js';
import { parseResolveOverride } from '../probes/net/resolve-override.js';
import { formatHostPort, parseHostPort } from '../probes/net/target.js';
import { parseDestination } from './destinations.js';
import { dnsEntry, httpEntry, regionList, regionsOf, wechatEntry } from './file-kinds.js';
import { dnsWatchId, httpWatchId, watchId, wechatWatchId } from './id.js';
import type { WatchSpec } from './service.js';
import { DEFAULT_DAYS, type Destination } from './types.js';

const destination = z
  .string({ error: 'expected slack:C…, wecom-chat:ID or wecom-robot:NAME' })
  .transform((v, ctx) => {
    const d = parseDestination(v);
    if (typeof d === 'string') {
      ctx.addIssue({ code: 'custom', message: d });
      return z.NEVER;
    }
    return d;
  });

const day = z
  .number({ error: 'expected whole days' })
  .int({ error: 'expected whole days' })
  .min(1, { error: 'expected at least 1 day' })
  .max(3650, { error: 'expected at most 3650 days' });

const spkiPin = z
  .string({ error: 'expected an SPKI SHA-256 (base64 or hex)' })
  .transform((v, ctx) => {
    const key = normaliseSpkiPin(v);
    if (key) return key;
    ctx.addIssue({
      code: 'custom',
      message: `expected an SPKI SHA-256 (base64 as pin-sha256, or 64 hex digits), got ${JSON.stringify(v)}`,
    });
    return z.NEVER;
  });

const pin = z
  .strictObject({
    issuers: z
      .array(z.string({ error: 'expected a CA name' }).trim().min(1), {
        error: 'expected a list of CA names (CN or O)',
      })
      .min(1)
      .optional(),
    spki: z
      .array(spkiPin, { error: 'expected a list of SPKI SHA-256 fingerprints' })
      .min(1)
      .optional(),
  })
  .refine((p) => p.issuers !== undefined || p.spki !== undefined, {
    error: 'expected issuers, spki or both',
  });

const certEntry = z
  .strictObject({
    host: z.string({ error: 'expected host[:port]' }),
    resolve: z.string({ error: 'expected HOST:PORT:ADDR' }).optional(),
    to: z.array(destination, { error: 'expected a list of destinations' }).min(1, {
      error: 'expected at least one destination',
    }),
    days: z.array(day, { error: 'expected a list of days' }).min(1).optional(),
    lang: z.enum(LANGS, { error: 'expected en or zh-CN' }).optional(),
    pin: pin.optional(),
    regions: regionList.optional(),
  })
  .transform((e, ctx) => {
    let hp: { host: string; port: number };
    try {
      hp = parseHostPort(e.host);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message, path: ['host'] });
      return z.NEVER;
    }
    let connectTo: string | undefined;
    if (e.resolve !== undefined) {
      try {
        const o = parseResolveOverride(e.resolve);
        if (o.host !== hp.host || o.port !== hp.port) {
          throw new Error(
            `names ${formatHostPort(o.host, o.port)}, not ${formatHostPort(hp.host, hp.port)}`,
          );
        }
        connectTo = o.address;
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message, path: ['resolve'] });
        return z.NEVER;
      }
    }
    return {
      kind: 'cert' as const,
      ...hp,
      connectTo,
      to: e.to as Destination[],
      days: e.days,
      lang: e.lang,
      pin: e.pin as CertPin | undefined,
      ...regionsOf(e.regions),
    };
  });

const KIND_KEYS = ['host', 'url', 'dns', 'wechat'] as const;

const BY_KEY = {
  host: certEntry,
  url: httpEntry(destination),
  dns: dnsEntry(destination),
  wechat: wechatEntry(destination),
};

/** An entry is of the kind its target key says: `host` (cert), `url`, `dns` or `wechat`. */
const entry = z.unknown().transform((v, ctx) => {
  const keys =
    v !== null && typeof v === 'object' ? KIND_KEYS.filter((k) => k in (v as object)) : [];
  if (keys.length > 1) {
    ctx.addIssue({
      code: 'custom',
      message: `expected one of host, url, dns or wechat, got ${keys.join(' and ')}`,
    });
    return z.NEVER;
  }
  const parsed = BY_KEY[keys[0] ?? 'host'].safeParse(v);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  }
  return z.NEVER;
});

export const watchesSchema = z.array(entry, { error: 'expected a list of watches' });

export type WatchEntry = z.output<typeof entry>;

/** A watch's language: its own, else WX_LANG, else its first destination's platform default. */
function langOf(e: WatchEntry, lang: Lang | null): Lang {
  return e.lang ?? lang ?? PLATFORM_LANG[e.to[0]?.platform ?? 'slack'];
}

/** Entries → watch specs; a target named twice is an error (the file is authoritative for it). */
export function toSpecs(entries: WatchEntry[], lang: Lang | null, key = 'watches'): WatchSpec[] {
  const seen = new Map<string, number>();
  return entries.map((e, i) => {
    const id = idOf(e);
    const first = seen.get(id);
    if (first !== undefined) {
      throw ConfigError.of(
        `${key}[${i}].${e.kind === 'cert' ? 'host' : e.kind === 'http' ? 'url' : e.kind}`,
        `${id} is already watched by ${key}[${first}]`,
      );
    }
    seen.set(id, i);
    if (e.kind !== 'cert') {
      const { lang: entryLang, ...rest } = e;
      return { ...rest, id, source: 'file' as const, lang: langOf(e, lang) };
    }
    return {
      id,
      host: e.host,
      port: e.port,
      ...(e.connectTo ? { connectTo: e.connectTo } : {}),
      days: [...new Set(e.days ?? DEFAULT_DAYS)].sort((a, b) => b - a),
      to: e.to,
      source: 'file' as const,
      lang: langOf(e, lang),
      ...(e.pin ? { pin: e.pin } : {}),
      ...regionsOf(e.regions),
    };
  });
}

function idOf(e: WatchEntry): string {
  switch (e.kind) {
    case 'http':
      return httpWatchId(e.url);
    case 'dns':
      return dnsWatchId(e.name);
    case 'wechat':
      return wechatWatchId(e.alias);
    default:
      return watchId(e.host, e.port);
  }
}

/** Reads a file's `watches:` section (an absent section is no watches). */
export function readWatchesFile(path: string, env: Env, lang: Lang | null = null): WatchSpec[] {
  let raw: Record<string, unknown>;
  try {
    raw = readConfigFile(path, env);
  } catch (err) {
    // The reader names WX_CONFIG; this file may be WX_WATCHES_FILE's.
    if (err instanceof ConfigError) {
      // "WX_CONFIG: /x.yml is not valid YAML" names the file already ("/x.yml: /x.yml …" did twice).
      throw new ConfigError(
        err.problems.map((p) => p.replace(/^WX_CONFIG: /, p.includes(path) ? '' : `${path}: `)),
      );
    }
    throw err;
  }
  return parseWatches(raw.watches ?? [], lang);
}

export function parseWatches(raw: unknown, lang: Lang | null): WatchSpec[] {
  const parsed = watchesSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((iss) => `${formatPath(['watches', ...iss.path])}: ${iss.message}`),
    );
  }
  return toSpecs(parsed.data, lang);
}

/** The watches of the configured file (none when the config names no file). */
export function loadWatches(
  config: { watches: { file: string | null }; lang: Lang | null },
  env: Env = process.env,
): WatchSpec[] {
  const { file } = config.watches;
  return file ? readWatchesFile(file, env, config.lang) : [];
}
