/**
 * Reads and validates the config once at start-up, from env and an optional YAML file
 * (WX_CONFIG). Precedence: `--role` on the command line, then env, then the file, then
 * defaults; REDIS_URL and a file's Sentinel or Cluster section are refused together. Every
 * problem names the key to fix.
 */
import { argvOverrides, envOverrides, type Override } from './env.js';
import { ConfigError } from './error.js';
import { readConfigFile } from './file.js';
import { describeIssue, nameOf } from './issues.js';
import { setPath } from './path.js';
import { platformProblems } from './platforms.js';
import { hasHashTag, toRedis } from './redis.js';
import { type Settings, settingsSchema } from './schema.js';
import { toSlack, toWechat, toWecom } from './sections.js';
import type { Config, Env } from './types.js';

/** Reads and validates the config; throws ConfigError naming every bad or missing key. */
export function loadConfig(env: Env = process.env, argv: readonly string[] = []): Config {
  const configFile = env.WX_CONFIG?.trim() || null;
  const raw = configFile ? readConfigFile(configFile, env) : {};
  const overrides = [...envOverrides(env), ...argvOverrides(argv)];
  const conflicts: string[] = [];
  for (const o of overrides) {
    if (o.source === 'REDIS_URL') {
      const topology = fileTopology(raw.redis);
      if (topology) conflicts.push(redisConflict(topology, configFile));
      // REDIS_URL wins over the file's redis.url, like every variable over its key.
      raw.redis = { url: o.value };
    } else setPath(raw, o.path, o.value);
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError([
      ...conflicts,
      ...parsed.error.issues.flatMap((iss) => describeIssue(iss, overrides)),
    ]);
  }
  const ownFile = env.WX_WATCHES_FILE?.trim() || null;
  const watches = { file: ownFile ?? (raw.watches !== undefined ? configFile : null) };
  return toConfig(parsed.data, overrides, configFile, watches, conflicts);
}

/** The file's Sentinel or Cluster section, which a REDIS_URL must not silently replace. */
function fileTopology(redis: unknown): 'sentinel' | 'cluster' | undefined {
  if (typeof redis !== 'object' || redis === null) return undefined;
  if ('cluster' in redis) return 'cluster';
  if ('sentinel' in redis) return 'sentinel';
  return undefined;
}

function redisConflict(topology: 'sentinel' | 'cluster', configFile: string | null): string {
  return `REDIS_URL and redis.${topology} (${configFile}): both set, give one; unset or empty REDIS_URL (in the environment or .env) to use the file's ${topology === 'cluster' ? 'Cluster' : 'Sentinel'}`;
}

function toConfig(
  s: Settings,
  overrides: readonly Override[],
  configFile: string | null,
  watches: Config['watches'],
  conflicts: readonly string[],
): Config {
  const redis = toRedis(s.redis);
  const slack = toSlack(s.slack);
  const clustered = redis.kind === 'cluster';
  const queuePrefix = s.queue.prefix ?? (clustered ? '{wx}' : 'wx');
  const wecom = toWecom(s.wecom);
  const wechat = toWechat(s.wechat);

  const problems = [...conflicts, ...platformProblems(s.role, { slack, wecom }, s.wecom)];
  if (clustered && !hasHashTag(queuePrefix)) {
    problems.push(
      `${nameOf(['queue', 'prefix'], overrides)}: must contain a hash tag such as {wx} under Redis Cluster, so each queue's keys share one slot (got ${JSON.stringify(queuePrefix)})`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    role: s.role,
    port: s.port,
    logLevel: s.logLevel,
    lang: s.lang ?? null,
    redis,
    queuePrefix,
    slack,
    wecom,
    wechat,
    rateLimitPerMinute: s.commands.rateLimitPerMinute,
    admins: s.commands.admins,
    probe: {
      allow: s.probe.allow,
      concurrency: s.probe.concurrency,
      watchConcurrency: s.probe.watchConcurrency,
      timeoutMs: s.probe.timeoutMs,
      watchConnectTimeoutMs: s.probe.watchConnectTimeoutMs,
    },
    notify: { concurrency: s.notify.concurrency },
    worker: { region: s.worker.region, resolvers: s.worker.resolvers },
    chatWatches: s.chatWatches,
    status: { token: s.status.token ?? null },
    incidentRecords: {
      keepDays: s.incidentRecords.keepDays,
      publicUrl: s.incidentRecords.publicUrl ?? null,
    },
    configFile,
    watches,
  };
}
