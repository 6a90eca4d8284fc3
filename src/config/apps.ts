/** The app registry the `wechat` probe resolves aliases through (worker and CLI). */
import type { AppPlatform, AppRegistry, TokenCache, WechatApp } from '../probes/wechat/types.js';
import { Secret, type UnsetSecret } from './secret.js';
import type { AppSecret, AppsConfig } from './types.js';

/** An app that cannot be used: its secret references a variable that is not set. */
export interface UnusableApp {
  alias: string;
  platform: AppPlatform;
  /** Names the key and the variable: `wechat.apps.shop.secret: references ${SHOP_APPSECRET}, …`. */
  problem: string;
}

interface Entry {
  alias: string;
  platform: AppPlatform;
  apiUrl: string;
  id: string;
  secret: AppSecret;
}

/** Every configured app, WeCom first. */
function entries(config: AppsConfig): Entry[] {
  const { wecom, wechat } = config;
  return [
    ...Object.entries(wecom.apps).map(([alias, a]): Entry => {
      return { alias, platform: 'wecom', apiUrl: wecom.apiUrl, id: a.corpId, secret: a.secret };
    }),
    ...Object.entries(wechat.apps).map(([alias, a]): Entry => {
      return { alias, platform: 'wechat', apiUrl: wechat.apiUrl, id: a.appid, secret: a.secret };
    }),
  ];
}

/** One app per alias: one configured for both names the WeChat app (the probe's main audience). */
function byAlias(config: AppsConfig): Map<string, Entry> {
  return new Map(entries(config).map((e) => [e.alias, e]));
}

function unusableProblem(alias: string, secret: UnsetSecret): string {
  return `${secret.problem}; app ${JSON.stringify(alias)} cannot be used until it is`;
}

export function appRegistry(config: AppsConfig, tokens: TokenCache): AppRegistry {
  const apps = new Map<string, WechatApp>();
  for (const { secret, ...e } of byAlias(config).values()) {
    const unusable = secret instanceof Secret ? {} : { unusable: unusableProblem(e.alias, secret) };
    apps.set(e.alias, { ...e, secret, tokens, ...unusable });
  }
  const secrets = entries(config).flatMap((e) =>
    e.secret instanceof Secret ? [e.secret.reveal()] : [],
  );
  return {
    get: (alias) => apps.get(alias),
    aliases: () => [...apps.keys()].sort(),
    secrets: () => secrets,
  };
}

/** The apps whose secret is not set, for the start-up warning. */
export function unusableApps(config: AppsConfig): UnusableApp[] {
  return [...byAlias(config).values()].flatMap((e) =>
    e.secret instanceof Secret
      ? []
      : [{ alias: e.alias, platform: e.platform, problem: unusableProblem(e.alias, e.secret) }],
  );
}
