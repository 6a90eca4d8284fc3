/** The app registry the `wechat` probe resolves aliases through (worker and CLI). */
import type { AppRegistry, TokenCache, WechatApp } from '../probes/wechat/types.js';
import type { AppsConfig } from './types.js';

export function appRegistry(config: AppsConfig, tokens: TokenCache): AppRegistry {
  const apps = new Map<string, WechatApp>();
  for (const [alias, a] of Object.entries(config.wecom.apps)) {
    apps.set(alias, {
      alias,
      platform: 'wecom',
      apiUrl: config.wecom.apiUrl,
      id: a.corpId,
      secret: a.secret,
      tokens,
    });
  }
  // An alias configured for both names the WeChat app: the probe's main audience.
  for (const [alias, a] of Object.entries(config.wechat.apps)) {
    apps.set(alias, {
      alias,
      platform: 'wechat',
      apiUrl: config.wechat.apiUrl,
      id: a.appid,
      secret: a.secret,
      tokens,
    });
  }
  return {
    get: (alias) => apps.get(alias),
    aliases: () => [...apps.keys()].sort(),
  };
}
