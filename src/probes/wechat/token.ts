/**
 * Getting an access_token. WeChat: stable_token with force_refresh false, which never
 * invalidates the token production fetched (cgi-bin/token would). WeCom: gettoken.
 */
import type { TokenSource } from '../../tokens/token-manager.js';
import { fingerprint } from '../../tokens/token-manager.js';
import type { ProbeContext } from '../types.js';
import { type ApiAnswer, callApi } from './client.js';
import type { ApiCall, WechatApp } from './types.js';

export function tokenEndpoint(app: WechatApp): string {
  return app.platform === 'wechat' ? '/cgi-bin/stable_token' : '/cgi-bin/gettoken';
}

export function requestToken(app: WechatApp, ctx: ProbeContext): Promise<ApiAnswer> {
  const secret = app.secret.reveal();
  return app.platform === 'wechat'
    ? callApi(
        {
          apiUrl: app.apiUrl,
          path: '/cgi-bin/stable_token',
          method: 'POST',
          json: { grant_type: 'client_credential', appid: app.id, secret, force_refresh: false },
        },
        ctx,
      )
    : callApi(
        {
          apiUrl: app.apiUrl,
          path: '/cgi-bin/gettoken',
          method: 'GET',
          query: { corpid: app.id, corpsecret: secret },
        },
        ctx,
      );
}

export function issuedOf(answer: ApiAnswer): { token: string; expiresInS: number } | null {
  if (!answer.ok || answer.errcode !== 0) return null;
  const token = answer.body.access_token;
  if (typeof token !== 'string' || token === '') return null;
  const expires = answer.body.expires_in;
  return { token, expiresInS: typeof expires === 'number' ? expires : 7200 };
}

/** Thrown by the token source so the operation reports why no token came. */
export class TokenUnavailable extends Error {
  constructor(readonly answer: ApiAnswer) {
    super('no access_token');
    this.name = 'TokenUnavailable';
  }
}

/** The manager's source for this app. Its id names appid and secret by fingerprint only. */
export function tokenSource(
  app: WechatApp,
  ctx: ProbeContext,
  onCall: (call: ApiCall) => void = () => {},
): TokenSource {
  return {
    id: `${app.platform}:${app.id}:${fingerprint(app.secret.reveal())}`,
    async fetch(signal) {
      const both = AbortSignal.any([signal, ctx.signal]);
      const answer = await requestToken(app, { ...ctx, signal: both });
      onCall(answer.call);
      const issued = issuedOf(answer);
      if (!issued) throw new TokenUnavailable(answer);
      return issued;
    },
  };
}

/** Errcodes that mean "this token is stale": refresh once and call again. */
export function tokenExpired(answer: ApiAnswer): boolean {
  return answer.ok && [40001, 40014, 42001].includes(answer.errcode);
}
