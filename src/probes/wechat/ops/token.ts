/** `wx token`: the app gets a token, without invalidating the one production uses. */
import { finding } from '../../findings.js';
import type { Finding, ProbeContext } from '../../types.js';
import { answerFindings } from '../authed.js';
import type { Handled } from '../handled.js';
import { fingerprint } from '../scrub.js';
import { issuedOf, requestToken, tokenEndpoint } from '../token.js';
import type { WechatApp, WechatDetail } from '../types.js';
import { who } from '../who.js';

export async function token(
  app: WechatApp,
  detail: WechatDetail,
  ctx: ProbeContext,
  seen: Handled,
): Promise<Finding[]> {
  const answer = await requestToken(app, ctx);
  detail.calls.push(answer.call);
  const issued = issuedOf(answer);
  if (issued) seen.tokens.add(issued.token);
  if (!issued) {
    const found = answerFindings(app, answer, true, ctx);
    return found.length > 0
      ? found
      : [
          finding(
            'WX_BAD_RESPONSE',
            `${tokenEndpoint(app)} answered errcode 0 without an access_token`,
          ),
        ];
  }
  detail.token = {
    endpoint: tokenEndpoint(app),
    fingerprint: fingerprint(issued.token),
    expiresInS: issued.expiresInS,
  };
  const safe =
    app.platform === 'wechat'
      ? 'stable_token (force_refresh false) does not invalidate the token production uses'
      : 'gettoken returns the same token while it is valid, so production’s token stays valid';
  return [
    finding(
      'WX_TOKEN_OK',
      `${who(app)}: ${tokenEndpoint(app)} issued a token (fingerprint ${detail.token.fingerprint}, expires in ${issued.expiresInS} s); ${safe}`,
    ),
  ];
}
