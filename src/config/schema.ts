/**
 * The shape of the settings before they become a Config: the WX_CONFIG file's layout, with env
 * values laid over it. Strings are accepted wherever a number or boolean is expected, since env
 * values and `${NAME}` substitutions are always text.
 */
import { z } from 'zod';
import { DEFAULT_REGION, isRegionName, LANGS, REGION_RULE } from '../model/index.js';
import { parseResolver } from '../probes/dns/resolvers.js';
import { parseAllowList } from '../probes/net/guard.js';
import { Secret, UnsetSecret } from './secret.js';

export const ROLES = ['bot', 'worker', 'all'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (iss) =>
      `expected one of ${values.join(', ')}, got ${JSON.stringify(iss.input ?? null)}`,
  });
}

function whole(min: number, max: number) {
  const range = `a whole number from ${min} to ${max}`;
  return z.preprocess(
    (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z
      .number({ error: (iss) => `expected ${range}, got ${JSON.stringify(iss.input ?? null)}` })
      .int({ error: `expected ${range}` })
      .min(min, { error: (iss) => `expected ${range}, got ${iss.input}` })
      .max(max, { error: (iss) => `expected ${range}, got ${iss.input}` }),
  );
}

const flag = z.preprocess(
  (v) => (v === 'true' ? true : v === 'false' ? false : v),
  z.boolean({ error: 'expected true or false' }),
);

/** Never echoes the value in an error. */
function secret(prefix?: string) {
  return z
    .string({ error: 'expected a string' })
    .min(1, { error: 'must not be empty' })
    .refine((v) => !prefix || v.startsWith(prefix), {
      error: `expected a value starting with ${prefix}`,
    })
    .transform((v) => new Secret(v));
}

/** An app's secret: a value, or an unset `${NAME}` reference that disables that app only. */
function appSecret() {
  const value = secret();
  // Not a union: a wrong value keeps secret()'s own words ("must not be empty").
  return z.unknown().transform((v, ctx): Secret | UnsetSecret => {
    if (v instanceof UnsetSecret) return v;
    const parsed = value.safeParse(v);
    if (parsed.success) return parsed.data;
    for (const iss of parsed.error.issues) ctx.addIssue({ code: 'custom', message: iss.message });
    return z.NEVER;
  });
}

/**
 * A Slack token: the prefix, then letters, digits and dashes only. A placeholder such as the
 * README's `xoxb-…` would otherwise fail far from here, as an HTTP header that is not a ByteString.
 */
function slackToken(prefix: 'xoxb-' | 'xapp-', what: string) {
  return z.string({ error: 'expected a string' }).transform((v, ctx) => {
    if (!v.startsWith(prefix)) {
      ctx.addIssue({ code: 'custom', message: `expected a value starting with ${prefix}` });
      return z.NEVER;
    }
    if (!/^[A-Za-z0-9-]+$/.test(v.slice(prefix.length))) {
      ctx.addIssue({
        code: 'custom',
        message: `expected ${prefix} followed by letters, digits and dashes only (the ${what} as Slack shows it, not a placeholder)`,
      });
      return z.NEVER;
    }
    return new Secret(v);
  });
}

/** Slack's signing secret: hex digits (32 of them today). */
const signingSecret = z
  .string({ error: 'expected a string' })
  .regex(/^[0-9a-fA-F]{16,}$/, {
    error: "expected hex digits (the app's Signing Secret under Basic Information)",
  })
  .transform((v) => new Secret(v));

function url(schemes: readonly string[]) {
  const expected = `a ${schemes.map((s) => `${s}//`).join(' or ')} URL`;
  return z.string({ error: `expected ${expected}` }).refine(
    (v) => {
      try {
        return schemes.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    // The URL may carry a password: say what is wrong, not what it was.
    { error: `expected ${expected}` },
  );
}

/** A list, from YAML or as comma-separated text (env): blank items are dropped. */
function commaList<T extends z.ZodType>(item: T, error: string) {
  return z.preprocess(splitCommas, z.array(item, { error }));
}

function splitCommas(v: unknown): unknown {
  return typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
    : v;
}

/** Chat users with rights beyond their own conversation: `slack:U0123` or `wecom:zhangsan`. */
const adminList = commaList(
  z.string().regex(/^(slack|wecom):[^\s:,]+$/, { error: 'expected slack:USERID or wecom:USERID' }),
  'expected a list of slack:USERID / wecom:USERID',
);

/** Watch destinations any chat user may send a watch's notices to (same spelling as the watches file). */
const destinationList = commaList(
  z
    .string()
    .regex(/^(?:slack:[CGD][A-Z0-9]{2,}|wecom-(?:chat|user|robot):[A-Za-z0-9_@.-]{1,64})$/, {
      error: 'expected slack:C…, wecom-chat:ID, wecom-user:ID or wecom-robot:NAME',
    }),
  'expected a list of destinations',
);

/** A list (YAML sequence, or comma-separated text from env) of CIDRs or single addresses. */
const cidrList = commaList(
  z.string({ error: 'expected a CIDR' }),
  'expected a list of CIDRs',
).transform((entries, ctx) => {
  try {
    return parseAllowList(entries);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

/** A worker's resolvers (WX_RESOLVERS): `IP[:PORT]`, comma-separated in env. */
const resolverList = commaList(
  z.string({ error: 'expected IP[:PORT]' }),
  'expected a list of IP[:PORT]',
).transform((entries, ctx) => {
  try {
    return entries.map(parseResolver);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

const regionName = z
  .string({ error: `expected a region name: ${REGION_RULE}` })
  .refine(isRegionName, {
    error: (iss) => `expected ${REGION_RULE}, got ${JSON.stringify(iss.input)}`,
  });

const port = whole(0, 65535);
const hostPort = z.strictObject({ host: z.string().min(1, { error: 'expected a host' }), port });

const redisSchema = z
  .strictObject({
    url: url(['redis:', 'rediss:']).optional(),
    sentinel: z
      .strictObject({
        sentinels: z.array(hostPort).min(1, { error: 'expected at least one {host, port}' }),
        name: z.string().min(1, { error: 'expected the master group name' }),
        username: z.string().optional(),
        password: secret().optional(),
        sentinelPassword: secret().optional(),
        db: whole(0, 1_000_000).optional(),
        tls: flag.optional(),
      })
      .optional(),
    cluster: z
      .strictObject({
        nodes: z.array(hostPort).min(1, { error: 'expected at least one {host, port}' }),
        username: z.string().optional(),
        password: secret().optional(),
        tls: flag.optional(),
      })
      .optional(),
  })
  .refine((r) => [r.url, r.sentinel, r.cluster].filter((v) => v !== undefined).length === 1, {
    error: 'give exactly one of url, sentinel, cluster',
  });

/** WeCom ids (corpid, userid, chatid, robot and app aliases): no spaces, no separators of ours. */
const wecomName = z
  .string()
  .regex(/^[A-Za-z0-9_.@-]+$/, { error: 'expected letters, digits, _ . @ -' });

/** EncodingAESKey: 43 characters of [A-Za-z0-9] (base64 of 32 bytes without the `=`). */
const aesKey = z
  .string({ error: 'expected a string' })
  .regex(/^[A-Za-z0-9]{43}$/, { error: 'expected 43 letters and digits (the EncodingAESKey)' })
  .transform((v) => new Secret(v));

/** A group robot: its webhook key, or the whole webhook URL it was copied as. */
const robotKey = z.string({ error: 'expected a webhook key or URL' }).transform((v, ctx) => {
  let key = v.trim();
  if (/^https?:\/\//.test(key)) key = new URL(key).searchParams.get('key') ?? '';
  if (!/^[A-Za-z0-9-]{8,}$/.test(key)) {
    ctx.addIssue({ code: 'custom', message: 'expected a webhook key or a webhook/send?key=… URL' });
    return z.NEVER;
  }
  return new Secret(key);
});

/** `ops=KEY,dev=https://…?key=KEY` (env) or a YAML mapping. */
const robots = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? Object.fromEntries(
          v
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '')
            .map((s) => {
              const at = s.indexOf('=');
              return at < 0 ? [s, ''] : [s.slice(0, at).trim(), s.slice(at + 1).trim()];
            }),
        )
      : v,
  z.record(wecomName, robotKey, { error: 'expected name: key pairs' }),
);

const channelId = z.string().regex(/^[A-Z0-9]+$/, { error: 'expected a Slack id such as C0123' });

export const settingsSchema = z.strictObject({
  role: oneOf(ROLES).default('all'),
  port: port.default(3000),
  logLevel: oneOf(LOG_LEVELS).default('info'),
  /** Unset: each platform's own default (PLATFORM_LANG: WeCom zh-CN, Slack en). */
  lang: oneOf(LANGS).optional(),
  redis: redisSchema.optional(),
  queue: z
    .strictObject({
      prefix: z
        .string({ error: 'expected text (in YAML, quote a hash tag: "{wx}")' })
        .regex(/^\S+$/, { error: 'expected a non-empty prefix without spaces' })
        .optional(),
    })
    .prefault({}),
  slack: z
    .strictObject({
      signingSecret: signingSecret.optional(),
      botToken: slackToken('xoxb-', 'bot token').optional(),
      appToken: slackToken('xapp-', 'app-level token').optional(),
      apiUrl: url(['http:', 'https:']).optional(),
      langByWorkspace: z.record(channelId, oneOf(LANGS)).default({}),
      langByChannel: z.record(channelId, oneOf(LANGS)).default({}),
    })
    .prefault({}),
  wecom: z
    .strictObject({
      corpId: wecomName.optional(),
      /** The callback Token (signature key). */
      token: secret().optional(),
      aesKey: aesKey.optional(),
      agentId: whole(1, 2_147_483_647).optional(),
      secret: secret().optional(),
      apiUrl: url(['http:', 'https:']).optional(),
      callbackPath: z
        .string()
        .regex(/^\/[\w./-]*$/, { error: 'expected a path such as /wecom/callback' })
        .default('/wecom/callback'),
      robots: robots.default({}),
      /** A 智能机器人 (AI bot) in URL-callback mode: group @-mentions and its 1:1 chats. */
      aibot: z
        .strictObject({
          token: secret().optional(),
          aesKey: aesKey.optional(),
          path: z
            .string()
            .regex(/^\/[\w./-]*$/, { error: 'expected a path such as /wecom/aibot' })
            .default('/wecom/aibot'),
        })
        .prefault({}),
      /** Apps to diagnose by alias (`wx token <alias>`); never typed in chat. */
      apps: z
        .record(wecomName, z.strictObject({ corpId: wecomName, secret: appSecret() }))
        .default({}),
    })
    .prefault({}),
  wechat: z
    .strictObject({
      apiUrl: url(['http:', 'https:']).optional(),
      apps: z
        .record(wecomName, z.strictObject({ appid: wecomName, secret: appSecret() }))
        .default({}),
    })
    .prefault({}),
  commands: z
    .strictObject({
      rateLimitPerMinute: whole(1, 10_000).default(20),
      admins: adminList.default([]),
    })
    .prefault({}),
  probe: z
    .strictObject({
      allow: cidrList.default([]),
      concurrency: whole(1, 1024).default(64),
      watchConcurrency: whole(1, 4096).default(512),
      timeoutMs: whole(100, 120_000).default(10_000),
      watchConnectTimeoutMs: whole(100, 120_000).default(3000),
    })
    .prefault({}),
  notify: z.strictObject({ concurrency: whole(1, 256).default(8) }).prefault({}),
  /** Where this worker runs: its region's probe queue and its own resolvers. */
  worker: z
    .strictObject({
      region: regionName.default(DEFAULT_REGION),
      resolvers: resolverList.default([]),
    })
    .prefault({}),
  /** What chat users may do with watches (the watches file is the operator's and is not bound). */
  chatWatches: z
    .strictObject({
      destinations: destinationList.default([]),
      maxPerConversation: whole(1, 100_000).default(50),
      maxTotal: whole(1, 1_000_000).default(10_000),
    })
    .prefault({}),
  /** The status page (`/status`, `/status.json`): src/http/status-token.ts guards it. */
  status: z
    .strictObject({
      token: z
        .string({ error: 'expected a string' })
        .min(16, { error: 'expected at least 16 characters (e.g. `openssl rand -hex 32`)' })
        .regex(/^[\x21-\x7e]+$/, { error: 'expected printable ASCII without spaces' })
        .transform((v) => new Secret(v))
        .optional(),
    })
    .prefault({}),
  /** Post-incident records (`/wx incident report`, /status/incidents). */
  incidentRecords: z
    .strictObject({
      /** Days a record is kept in Redis after its incident closed. */
      keepDays: whole(1, 3650).default(90),
      /** The bot's public URL: WeCom gets a link to the record's Markdown under it. */
      publicUrl: url(['http:', 'https:']).optional(),
    })
    .prefault({}),
  /** Certificate watches as code (or in the file named by WX_WATCHES_FILE): src/watch/file.ts reads them. */
  watches: z.unknown().optional(),
});

export type Settings = z.output<typeof settingsSchema>;
export type RedisSettings = NonNullable<Settings['redis']>;
