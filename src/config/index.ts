/**
 * One typed config for every process role, from env and an optional YAML file (WX_CONFIG),
 * validated once at start-up. What most of the house imports from config: loading, the config
 * types, role and secret helpers. Single-purpose modules are imported on their own: redis.js (the
 * connection target), apps.js (the app registry), version.js (version, User-Agent), and error.js,
 * file.js, path.js, which src/watch/file.ts reads its watches file with.
 */

export { isAdmin } from './admins.js';
export { ENV_KEYS } from './env.js';
export { ConfigError } from './error.js';
export { loadConfig } from './load.js';
export { loadApps } from './load-apps.js';
export { describeRedis, hasHashTag } from './redis.js';
export { runsFrontEnd, runsWorkers, slackEnabled } from './roles.js';
export { Secret } from './secret.js';
export { secretValues } from './secret-values.js';
export type {
  AppsConfig,
  ChatWatchLimits,
  Config,
  Env,
  SlackConfig,
  WecomConfig,
} from './types.js';
