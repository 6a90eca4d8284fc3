/** A platform answer with an errcode → the finding a person acts on. */
import { finding } from '../findings.js';
import type { Finding, ProbeContext } from '../types.js';
import type { ApiAnswer } from './client.js';
import { type ErrcodeKind, errcodeFor, errcodeKind } from './errcodes.js';
import type { AppPlatform, WechatApp } from './types.js';
import { who } from './who.js';

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

/** The table's kind, with the two rules the probe has always applied on top of it. */
function kindOf(
  platform: AppPlatform,
  errcode: number,
  tokenCall: boolean,
): ErrcodeKind | undefined {
  const kind = errcodeKind(errcode, platform, tokenCall);
  // WeCom sends the secret to gettoken only: a secret error anywhere else is a plain API error.
  if (kind === 'bad-secret' && platform === 'wecom' && !tokenCall) return undefined;
  // The minute limit means the same whichever platform answers it (the table lists it for WeChat).
  return kind ?? (errcode === 45011 ? 'minute-limit' : undefined);
}

/** What classifying reads of an answer: errcode, errmsg and the IP errmsg named. */
type Refusal = Pick<Extract<ApiAnswer, { ok: true }>, 'errcode' | 'errmsg' | 'ip'>;

/**
 * Classifies a non-zero errcode by its kind in the errcode table. `tokenCall`: the answer came
 * from the token endpoint, where 40001 means the secret is wrong rather than the token.
 */
export function classifyErrcode(
  app: Pick<WechatApp, 'platform' | 'alias' | 'id'>,
  { errcode, errmsg, ip }: Refusal,
  tokenCall: boolean,
  gloss?: ProbeContext['errcodeGloss'],
): Finding {
  const said = `${errcode} ${JSON.stringify(errmsg)}`;
  const name = who(app);
  switch (kindOf(app.platform, errcode, tokenCall)) {
    case 'bad-id':
      return finding('WX_INVALID_APPID', `${name}: the platform rejected the id: ${said}`);
    case 'bad-secret':
      return finding('WX_INVALID_SECRET', `${name}: the platform rejected the secret: ${said}`);
    case 'ip-blocked':
      return finding(
        'WX_IP_NOT_WHITELISTED',
        `${name}: calls from ${ip ?? 'this server'} are not in the IP whitelist: ${said}`,
        { hint: whitelistHint(app.platform, ip) },
      );
    case 'quota':
      return finding('WX_QUOTA_EXCEEDED', `${name}: API call limit reached: ${said}`);
    case 'minute-limit':
      return finding('WX_RATE_LIMITED', `${name}: minute limit reached: ${said}`);
    case 'busy':
      return finding('WX_SYSTEM_BUSY', `${name}: the platform was busy: ${said}`);
    case 'unauthorised':
      return finding('WX_API_UNAUTHORIZED', `${name}: not authorised for this API: ${said}`);
    case 'token':
      return finding(
        'WX_TOKEN_REJECTED',
        `${name}: a fresh access_token was still refused: ${said}`,
      );
  }
  const entry = errcodeFor(errcode, app.platform);
  const glossed = entry && gloss?.(entry);
  return finding(
    'WX_API_ERROR',
    `${name}: ${said}${entry ? ` — ${entry.meaning}${glossed ? ` (${glossed})` : ''}` : ''}`,
    {
      hint: entry
        ? `${entry.remedy} (\`wx errcode ${errcode}\` for more)`
        : `\`wx errcode ${errcode}\`; quote the rid to the platform's support.`,
    },
  );
}
