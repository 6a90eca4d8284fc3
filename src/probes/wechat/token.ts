/**
 * Getting an access_token. WeChat: stable_token with force_refresh false, which never
 * invalidates the token production fetched (cgi-bin/token would). WeCom: gettoken.
 */
import { startDeadline } from '../deadline.js';
import type { ProbeContext } from '../types.js';
import { type ApiAnswer, type ApiRequest, callApi } from './client.js';
import { tokenInvalid } from './errcodes.js';
import { fingerprint } from './scrub.js';
import type { AppPlatform, IssuedToken, TokenSource, WechatApp } from './types.js';

/** Where each platform issues tokens. */
export const TOKEN_PATH = { wechat: '/cgi-bin/stable_token', wecom: '/cgi-bin/gettoken' } as const;

export function tokenEndpoint(app: Pick<WechatApp, 'platform'>): string {
  return TOKEN_PATH[app.platform];
}

/** The token call of an app, its secret in the body (WeChat) or the query (WeCom). */
export function tokenRequest(
  platform: AppPlatform,
  id: string,
  secret: string,
): Omit<ApiRequest, 'apiUrl'> {
  return platform === 'wechat'
    ? {
        path: TOKEN_PATH.wechat,
        method: 'POST',
        json: { grant_type: 'client_credential', appid: id, secret, force_refresh: false },
      }
    : { path: TOKEN_PATH.wecom, method: 'GET', query: { corpid: id, corpsecret: secret } };
}

export function requestToken(app: WechatApp, ctx: ProbeContext): Promise<ApiAnswer> {
  const req = tokenRequest(app.platform, app.id, app.secret.reveal());
  return callApi({ ...req, apiUrl: app.apiUrl }, ctx);
}

/** The token of a successful answer (`expires_in` 7200 when the answer leaves it out). */
export function issuedOf(answer: ApiAnswer): IssuedToken | null {
  if (!answer.ok || answer.errcode !== 0) return null;
  const token = answer.body.access_token;
  if (typeof token !== 'string' || token === '') return null;
  const expires = answer.body.expires_in;
  return { token, expiresInS: typeof expires === 'number' ? expires : 7200 };
}

/** The token cache's name for an app's token: appid/corpid, and the secret by fingerprint only. */
export function tokenSourceId(platform: AppPlatform, id: string, secret: string): string {
  return `${platform}:${id}:${fingerprint(secret)}`;
}

/** Thrown by the token source so the operation reports why no token came. */
export class TokenUnavailable extends Error {
  constructor(readonly answer: ApiAnswer) {
    super('no access_token');
    this.name = 'TokenUnavailable';
  }
}

/** The cache's source for this app; `onAnswer` sees every answer of the token endpoint. */
export function tokenSource(
  app: WechatApp,
  ctx: ProbeContext,
  onAnswer: (answer: ApiAnswer) => void = () => {},
): TokenSource {
  return {
    id: tokenSourceId(app.platform, app.id, app.secret.reveal()),
    async fetch(signal) {
      const both = startDeadline(null, signal, ctx.signal);
      let answer: ApiAnswer;
      try {
        answer = await requestToken(app, { ...ctx, signal: both.signal });
      } finally {
        both.clear();
      }
      onAnswer(answer);
      const issued = issuedOf(answer);
      if (!issued) throw new TokenUnavailable(answer);
      return issued;
    },
  };
}

/** The answer says "this token is stale": refresh once and call again. */
export function tokenExpired(answer: ApiAnswer): boolean {
  return answer.ok && tokenInvalid(answer.errcode);
}
