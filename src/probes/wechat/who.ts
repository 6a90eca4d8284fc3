import type { WechatApp } from './types.js';

/** `oa (appid wx…)`: how findings name an app. */
export function who(app: Pick<WechatApp, 'alias' | 'platform' | 'id'>): string {
  return `${app.alias} (${app.platform === 'wechat' ? 'appid' : 'corpid'} ${app.id})`;
}
