/**
 * One typed config for every process role, from env and an optional YAML file (WX_CONFIG),
 * validated once at start-up. This is the public entry: what other layers import from config.
 */
export { ENV_KEYS } from './env.js';
export { ConfigError } from './error.js';
export { loadConfig } from './load.js';
export { loadApps } from './load-apps.js';
export { DEFAULT_REDIS_URL, describeRedis, hasHashTag } from './redis.js';
export { runsFrontEnd, runsWorkers, slackEnabled } from './roles.js';
export { Secret } from './secret.js';
export { secretValues } from './secret-values.js';
export { DEFAULT_WECHAT_API_URL, DEFAULT_WECOM_API_URL } from './sections.js';
export type {
  AppsConfig,
  Config,
  Env,
  HostPort,
  LogLevel,
  RedisConfig,
  Role,
  SlackConfig,
  SlackMode,
  WechatConfig,
  WecomConfig,
} from './types.js';
