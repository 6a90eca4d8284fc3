/**
 * Slack Web API failures named by the setting to check: a refused token by its variable
 * (`SLACK_BOT_TOKEN`, `SLACK_APP_TOKEN`), an unreachable or misbehaving API by `SLACK_API_URL`.
 * Never the token itself.
 */
import * as webApi from '@slack/web-api';

export type SlackTokenKey = 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN';
export type SlackKey = SlackTokenKey | 'SLACK_API_URL';

/** What went wrong, and the setting that most likely fixes it. */
export interface SlackProblem {
  key: SlackKey;
  cause: string;
}

/** Slack's public Web API base (the default of SLACK_API_URL). */
export const SLACK_API_DEFAULT = 'https://slack.com/api/';

/** ok:false answers that say "this token is wrong", not "this call is wrong". */
const TOKEN_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
  'missing_scope',
  'no_permission',
  'user_removed_from_team',
  'team_disabled',
]);

/** The key to check for a Web API failure, or undefined when it is about the call itself. */
export function slackProblem(
  err: unknown,
  tokenKey: SlackTokenKey,
  apiUrl: string = SLACK_API_DEFAULT,
): SlackProblem | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === webApi.ErrorCode.PlatformError) {
    const error = String((err as { data?: { error?: unknown } }).data?.error ?? '');
    return TOKEN_ERRORS.has(error)
      ? { key: tokenKey, cause: `Slack answered ${error}` }
      : undefined;
  }
  if (code === webApi.ErrorCode.RequestError) {
    const original = (err as { original?: unknown }).original;
    // fetch refuses a header that is not Latin-1: a token with a pasted placeholder or quote in it.
    if (/ByteString/.test(networkCause(original))) {
      return { key: tokenKey, cause: 'the token holds characters no HTTP header can carry' };
    }
    return { key: 'SLACK_API_URL', cause: `${apiUrl} unreachable: ${networkCause(original)}` };
  }
  if (code === webApi.ErrorCode.HTTPError) {
    const status = (err as { statusCode?: unknown }).statusCode;
    return { key: 'SLACK_API_URL', cause: `${apiUrl} answered HTTP ${String(status)}` };
  }
  return undefined;
}

/** `<what it was>: check KEY`, for a start-up error or a delivery failure's log line. */
export function describeProblem(p: SlackProblem): string {
  return `${p.cause}; check ${p.key}`;
}

/**
 * The error again, its message ending in the key to check (same class and code, so callers
 * classify it as before); errors that are about the call itself come back unchanged.
 */
export function nameTheKey<E>(err: E, tokenKey: SlackTokenKey, apiUrl?: string): E {
  const problem = slackProblem(err, tokenKey, apiUrl);
  if (!problem || !(err instanceof Error)) return err;
  err.message = `${err.message} (${describeProblem(problem)})`;
  return err;
}

/** `fetch failed` says nothing: the cause underneath (ECONNREFUSED 127.0.0.1:1, a timeout) does. */
function networkCause(original: unknown): string {
  let e = original as { message?: unknown; cause?: unknown; code?: unknown } | undefined;
  const parts: string[] = [];
  for (let depth = 0; e && depth < 4; depth++) {
    if (typeof e.message === 'string' && e.message !== '') parts.push(e.message);
    else if (typeof e.code === 'string') parts.push(e.code);
    e = e.cause as typeof e;
  }
  return parts.length > 0 ? [...new Set(parts)].join(': ') : 'network error';
}
