/** The chat platform sections of the settings as typed config (defaults filled in). */
import type { Settings } from './schema.js';
import type { SlackConfig, WechatConfig, WecomConfig } from './types.js';

const DEFAULT_WECOM_API_URL = 'https://qyapi.weixin.qq.com';
const DEFAULT_WECHAT_API_URL = 'https://api.weixin.qq.com';

export function toSlack(s: Settings['slack']): SlackConfig {
  return {
    mode: s.appToken ? 'socket' : 'http',
    signingSecret: s.signingSecret ?? null,
    botToken: s.botToken ?? null,
    appToken: s.appToken ?? null,
    apiUrl: s.apiUrl ?? null,
    langByWorkspace: s.langByWorkspace,
    langByChannel: s.langByChannel,
  };
}

export function toWecom(s: Settings['wecom']): WecomConfig {
  return {
    enabled: s.corpId !== undefined,
    corpId: s.corpId ?? null,
    token: s.token ?? null,
    aesKey: s.aesKey ?? null,
    agentId: s.agentId ?? null,
    secret: s.secret ?? null,
    apiUrl: wecomApiUrl(s),
    callbackPath: s.callbackPath,
    robots: s.robots,
    aibot:
      s.aibot.token && s.aibot.aesKey
        ? { token: s.aibot.token, aesKey: s.aibot.aesKey, path: s.aibot.path }
        : null,
    apps: s.apps,
  };
}

export function wecomApiUrl(s: Pick<Settings['wecom'], 'apiUrl'>): string {
  return trimSlash(s.apiUrl ?? DEFAULT_WECOM_API_URL);
}

export function toWechat(s: Settings['wechat']): WechatConfig {
  return { apiUrl: trimSlash(s.apiUrl ?? DEFAULT_WECHAT_API_URL), apps: s.apps };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
