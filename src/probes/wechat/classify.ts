/** A platform answer with an errcode → the finding a person acts on. */

import { finding } from '../findings.js';
import type { Finding } from '../types.js';
import { errcodeFor } from './errcodes.js';
import { ipOf } from './errmsg.js';
import type { AppPlatform, WechatApp } from './types.js';

const WHITELIST_PLACE: Record<AppPlatform, string> = {
  wechat:
    'the Official Account / Mini Program console: 开发 › 基本配置 › IP白名单 (Development › Basic configuration › IP whitelist)',
  wecom: 'the WeCom admin console: 应用管理 › the app › 企业可信IP (Trusted IPs)',
};

export function whitelistPlace(platform: AppPlatform): string {
  return WHITELIST_PLACE[platform];
}

export function whitelistHint(platform: AppPlatform, ip: string | null): string {
  return `Add ${ip ?? 'your server’s egress IP'} to ${WHITELIST_PLACE[platform]}; check NAT/proxy and IPv6 egress, and that this is the right ${platform === 'wechat' ? 'AppID' : 'CorpID'}.`;
}

/**
 * Classifies a non-zero errcode. `tokenCall`: the answer came from the token endpoint, where
 * 40001 means the secret is wrong rather than the token.
 */
export function classifyErrcode(
  app: Pick<WechatApp, 'platform' | 'alias' | 'id'>,
  errcode: number,
  errmsg: string,
  tokenCall: boolean,
): Finding {
  const said = `${errcode} ${JSON.stringify(errmsg)}`;
  const who = `${app.alias} (${app.platform === 'wechat' ? 'appid' : 'corpid'} ${app.id})`;
  const wecom = app.platform === 'wecom';
  if (errcode === 40013)
    return finding('WX_INVALID_APPID', `${who}: the platform rejected the id: ${said}`);
  if (
    (!wecom && errcode === 40125) ||
    (tokenCall && errcode === 40001) ||
    (wecom && tokenCall && errcode === 40091)
  ) {
    return finding('WX_INVALID_SECRET', `${who}: the platform rejected the secret: ${said}`);
  }
  if (
    (!wecom && errcode === 40164) ||
    (wecom && errcode === 60020) ||
    (!wecom && errcode === 61004)
  ) {
    const ip = ipOf(errmsg);
    return finding(
      'WX_IP_NOT_WHITELISTED',
      `${who}: calls from ${ip ?? 'this server'} are not in the IP whitelist: ${said}`,
      { hint: whitelistHint(app.platform, ip) },
    );
  }
  if (errcode === 45009)
    return finding('WX_QUOTA_EXCEEDED', `${who}: API call limit reached: ${said}`);
  if (errcode === 45011) return finding('WX_RATE_LIMITED', `${who}: minute limit reached: ${said}`);
  if (errcode === -1) return finding('WX_SYSTEM_BUSY', `${who}: the platform was busy: ${said}`);
  if ((!wecom && errcode === 48001) || (wecom && errcode === 48002)) {
    return finding('WX_API_UNAUTHORIZED', `${who}: not authorised for this API: ${said}`);
  }
  if (errcode === 40014 || errcode === 42001 || errcode === 40001) {
    return finding('WX_TOKEN_REJECTED', `${who}: a fresh access_token was still refused: ${said}`);
  }
  const entry = errcodeFor(errcode, app.platform);
  return finding(
    'WX_API_ERROR',
    `${who}: ${said}${entry ? ` — ${entry.meaning.en} (${entry.meaning['zh-CN']})` : ''}`,
    {
      hint: entry
        ? `${entry.remedy.en} (\`wx errcode ${errcode}\` for more)`
        : `\`wx errcode ${errcode}\`; quote the rid to the platform's support.`,
    },
  );
}
