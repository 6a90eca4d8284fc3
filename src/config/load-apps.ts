/** The apps to diagnose alone, for the `wx` CLI. */
import { envOverrides } from './env.js';
import { ConfigError } from './error.js';
import { readConfigFile } from './file.js';
import { describeIssue } from './issues.js';
import { setPath } from './path.js';
import { settingsSchema } from './schema.js';
import { toWechat, wecomApiUrl } from './sections.js';
import type { AppsConfig, Env } from './types.js';

/** Only the apps are needed from it; the chat platform settings the bot needs are not. */
const APP_ENV_KEYS = new Set(['WECHAT_API_URL', 'WECOM_API_URL']);

/**
 * The apps of the WX_CONFIG file (and WECHAT_API_URL / WECOM_API_URL), for the `wx` CLI, which
 * needs none of the chat platform settings loadConfig insists on.
 */
export function loadApps(env: Env = process.env): AppsConfig {
  const configFile = env.WX_CONFIG?.trim() || null;
  const raw = configFile ? readConfigFile(configFile, env) : {};
  const overrides = envOverrides(env).filter((o) => APP_ENV_KEYS.has(o.source));
  for (const o of overrides) setPath(raw, o.path, o.value);
  const problems: string[] = [];
  const wechat = settingsSchema.shape.wechat.safeParse(raw.wechat);
  const wecom = settingsSchema.shape.wecom.safeParse(raw.wecom);
  for (const [section, parsed] of [
    ['wechat', wechat],
    ['wecom', wecom],
  ] as const) {
    if (!parsed.success) {
      problems.push(
        ...parsed.error.issues.flatMap((iss) =>
          describeIssue({ ...iss, path: [section, ...iss.path] } as typeof iss, overrides),
        ),
      );
    }
  }
  if (!wechat.success || !wecom.success) throw new ConfigError(problems);
  return {
    wechat: toWechat(wechat.data),
    wecom: { apiUrl: wecomApiUrl(wecom.data), apps: wecom.data.apps },
  };
}
