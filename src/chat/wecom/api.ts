/**
 * A small client of the WeCom server API (`<apiUrl>/cgi-bin/...`) over undici: one JSON call with
 * a deadline, the answer's errcode/errmsg parsed (hint, the IP WeCom saw), and gettoken as a
 * TokenSource for the shared token manager.
 *
 * Credentials travel in query strings (access_token, corpsecret, a robot's key), so no URL ever
 * leaves this module: errors name the path only, and network errors are rebuilt without their
 * cause (undici's may quote the request).
 */
import { request } from 'undici';
import { fromIpOf, hintOf } from '../../probes/wechat/errmsg.js';
import { fingerprint, type IssuedToken, type TokenSource } from '../../tokens/token-manager.js';

/** Every WeCom answer: `errcode` 0 is success; other fields depend on the call. */
export interface WecomAnswer {
  errcode: number;
  errmsg: string;
  [field: string]: unknown;
}

/** What WeCom's errmsg carries besides the words (reference §3.8). */
export interface ErrmsgParts {
  /** `hint: [...]`: the request id WeCom support asks for. */
  hint?: string;
  /** `from ip: X`: the egress address WeCom saw (the one to trust on 60020). */
  fromIp?: string;
}

export function parseErrmsg(errmsg: string): ErrmsgParts {
  const hint = hintOf(errmsg);
  const fromIp = fromIpOf(errmsg);
  return { ...(hint ? { hint } : {}), ...(fromIp ? { fromIp } : {}) };
}

/** The first clause of errmsg, without hint, IP and the devtool link: short enough for a log line. */
export function errmsgWords(errmsg: string): string {
  return errmsg.split(/,\s*(?:hint|from ip|more info)\b/)[0]?.trim() ?? '';
}

/** WeCom answered, with an errcode other than 0. */
export class WecomApiError extends Error {
  readonly hint?: string;
  readonly fromIp?: string;
  constructor(
    /** `/cgi-bin/message/send`: never the URL with its query. */
    readonly path: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`wecom ${path}: errcode ${errcode} (${errmsgWords(errmsg)})`);
    this.name = 'WecomApiError';
    const parts = parseErrmsg(errmsg);
    if (parts.hint) this.hint = parts.hint;
    if (parts.fromIp) this.fromIp = parts.fromIp;
  }
}

/** The call did not get a WeCom answer (network, timeout, HTTP status, not JSON): worth retrying. */
export class WecomTransportError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`wecom ${path}: ${reason}`);
    this.name = 'WecomTransportError';
  }
}

export interface WecomApiOptions {
  /** Origin without `/cgi-bin` (config.wecom.apiUrl). */
  apiUrl: string;
  /** Budget of one call, connect to last byte (default 10 s). */
  timeoutMs?: number;
}

export class WecomApi {
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(opts: WecomApiOptions) {
    this.base = opts.apiUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  /** GET `/cgi-bin/<api>`; the answer whatever its errcode. */
  get(api: string, query: Record<string, string>, signal?: AbortSignal): Promise<WecomAnswer> {
    return this.call('GET', api, query, undefined, signal);
  }

  /** POST JSON to `/cgi-bin/<api>`; the answer whatever its errcode. */
  post(
    api: string,
    query: Record<string, string>,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<WecomAnswer> {
    return this.call('POST', api, query, JSON.stringify(body), signal);
  }

  /** gettoken for one app; throws WecomApiError when WeCom refuses. */
  async gettoken(corpId: string, secret: string, signal?: AbortSignal): Promise<IssuedToken> {
    const answer = await this.get('gettoken', { corpid: corpId, corpsecret: secret }, signal);
    const path = '/cgi-bin/gettoken';
    if (answer.errcode !== 0) throw new WecomApiError(path, answer.errcode, answer.errmsg);
    const token = answer.access_token;
    const expiresIn = Number(answer.expires_in);
    if (typeof token !== 'string' || token === '' || !(expiresIn > 0)) {
      throw new WecomTransportError(path, 'answer without access_token/expires_in');
    }
    return { token, expiresInS: expiresIn };
  }

  private async call(
    method: 'GET' | 'POST',
    api: string,
    query: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<WecomAnswer> {
    const path = `/cgi-bin/${api}`;
    const url = `${this.base}${path}?${new URLSearchParams(query)}`;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let status: number;
    let text: string;
    try {
      const res = await request(url, {
        method,
        ...(body !== undefined
          ? { body, headers: { 'content-type': 'application/json; charset=utf-8' } }
          : {}),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      const e = err as { name?: string; code?: string };
      const reason = timeout.aborted ? `no answer within ${this.timeoutMs} ms` : (e.code ?? e.name);
      throw new WecomTransportError(path, `network error (${reason ?? 'unknown'})`);
    }
    if (status !== 200) throw new WecomTransportError(path, `HTTP ${status}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new WecomTransportError(path, 'answer is not JSON');
    }
    const answer = parsed as Partial<WecomAnswer> | null;
    if (!answer || typeof answer !== 'object') {
      throw new WecomTransportError(path, 'answer is not a JSON object');
    }
    // gettoken and some sends omit errcode on success.
    const errcode = typeof answer.errcode === 'number' ? answer.errcode : 0;
    const errmsg = typeof answer.errmsg === 'string' ? answer.errmsg : '';
    return { ...answer, errcode, errmsg };
  }
}

/** One app's gettoken for the token manager. The cache id names the secret by fingerprint only. */
export function wecomTokenSource(api: WecomApi, corpId: string, secret: string): TokenSource {
  return {
    id: `wecom:${corpId}:${fingerprint(secret)}`,
    fetch: (signal) => api.gettoken(corpId, secret, signal),
  };
}

/** errcodes that mean "this access_token is no good": refresh once and call again. */
export const TOKEN_REJECTED: ReadonlySet<number> = new Set([40014, 42001, 40001]);
