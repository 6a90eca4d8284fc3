/** Answers that need a token: through the app's token cache, refreshed once on expiry codes. */
import { finding } from '../findings.js';
import type { Finding, ProbeContext } from '../types.js';
import { classifyErrcode } from './classify.js';
import type { ApiAnswer, ApiRequest } from './client.js';
import { callApi } from './client.js';
import { TokenUnavailable, tokenExpired, tokenSource } from './token.js';
import type { ApiCall, WechatApp } from './types.js';

/** Findings for an answer that is not a success: unreachable, not JSON, or an errcode. */
export function answerFindings(
  app: WechatApp,
  answer: ApiAnswer,
  tokenCall: boolean,
  ctx: ProbeContext,
): Finding[] {
  if (!answer.ok) {
    // It answered, just not as the platform does: not a reachability problem.
    if (answer.finding.code === 'WX_BAD_RESPONSE') return [answer.finding];
    return [
      finding(
        'WX_UNREACHABLE',
        `${app.apiUrl}${answer.call.path} did not answer: ${answer.finding.message}`,
      ),
      answer.finding,
    ];
  }
  if (answer.errcode === 0) return [];
  return [classifyErrcode(app, answer, tokenCall, ctx.errcodeGloss)];
}

export type Authed =
  | { answer: ApiAnswer & { ok: true } }
  | {
      findings: Finding[];
      /** The caller's IP the first answer to name one named (a whitelist refusal does). */
      ip: string | null;
    };

/**
 * Calls `req` with `access_token` in its query. Either a JSON answer (errcode may be non-zero)
 * or the findings that explain why there was none (no token, platform unreachable).
 */
export async function authedCall(
  app: WechatApp,
  req: Omit<ApiRequest, 'apiUrl'>,
  ctx: ProbeContext,
  calls: ApiCall[],
): Promise<Authed> {
  let ip: string | null = null;
  const record = (a: ApiAnswer) => {
    calls.push(a.call);
    if (a.ok) ip ??= a.ip;
  };
  let answer: ApiAnswer;
  try {
    answer = await app.tokens.use(
      tokenSource(app, ctx, record),
      async (token) => {
        const a = await callApi(
          { ...req, apiUrl: app.apiUrl, query: { ...req.query, access_token: token } },
          ctx,
        );
        record(a);
        return a;
      },
      tokenExpired,
    );
  } catch (err) {
    if (!(err instanceof TokenUnavailable)) throw err;
    return { findings: answerFindings(app, err.answer, true, ctx), ip };
  }
  if (!answer.ok) return { findings: answerFindings(app, answer, false, ctx), ip };
  return { answer };
}
