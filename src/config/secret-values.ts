import { Secret, type UnsetSecret } from './secret.js';
import type { Config } from './types.js';

/** Every configured secret value, for the logger's last-line scrub. */
export function secretValues(config: Config): string[] {
  const r = config.redis;
  const secrets: Array<Secret | UnsetSecret | null> = [
    config.slack.signingSecret,
    config.slack.botToken,
    config.slack.appToken,
    config.wecom.token,
    config.wecom.aesKey,
    config.wecom.secret,
    config.wecom.aibot?.token ?? null,
    config.wecom.aibot?.aesKey ?? null,
    ...Object.values(config.wecom.robots),
    ...Object.values(config.wecom.apps).map((a) => a.secret),
    ...Object.values(config.wechat.apps).map((a) => a.secret),
    config.status.token,
    ...(r.kind === 'standalone' ? [] : [r.password]),
    ...(r.kind === 'sentinel' ? [r.sentinelPassword] : []),
  ];
  // An app secret whose reference is not set has no value to scrub.
  const values = secrets.flatMap((s) => (s instanceof Secret ? [s.reveal()] : []));
  if (r.kind === 'standalone') {
    const password = new URL(r.url.reveal()).password;
    if (password) values.push(decodeURIComponent(password), password);
  }
  return [...new Set(values)];
}
