/**
 * WeCom delivery's view of the API client (src/probes/wechat/client.ts): a call either gives an
 * answer (whatever its errcode) or throws WecomTransportError, worth retrying; gettoken as a
 * TokenSource for the shared token manager, with WecomApiError when WeCom refuses.
 *
 * Credentials travel in query strings (access_token, corpsecret, a robot's key), so no URL ever
 * leaves this module: errors name the path only, and network errors are rebuilt without their
 * cause (undici's may quote the request).
 */
import { getGlobalDispatcher } from 'undici';
import { USER_AGENT } from '../../config/version.js';
import { startDeadline } from '../../probes/deadline.js';
import { type ApiRequest, callJson } from '../../probes/wechat/client.js';
import { type ErrmsgParts, errmsgWords } from '../../probes/wechat/errmsg.js';
import { tokenRequest, tokenSourceId } from '../../probes/wechat/token.js';
import type { IssuedToken, TokenSource } from '../../probes/wechat/types.js';

/**
 * Every WeCom answer: `errcode` 0 is success; other fields depend on the call. `rid` (WeCom's
 * `hint: [...]`) and `ip` (`from ip:`) are what the client parsed out of errmsg.
 */
export type WecomAnswer = {
  errcode: number;
  errmsg: string;
  [field: string]: unknown;
} & ErrmsgParts;

/** WeCom answered, with an errcode other than 0. */
export class WecomApiError extends Error {
  readonly errcode: number;
  readonly errmsg: string;
  /** `hint: [...]`: the request id WeCom support asks for. */
  readonly hint?: string;
  /** `from ip: X`: the egress address WeCom saw (the one to trust on 60020). */
  readonly fromIp?: string;
  constructor(
    /** `/cgi-bin/message/send`: never the URL with its query. */
    readonly path: string,
    answer: Pick<WecomAnswer, 'errcode' | 'errmsg' | 'rid' | 'ip'>,
  ) {
    super(`wecom ${path}: errcode ${answer.errcode} (${errmsgWords(answer.errmsg)})`);
    this.name = 'WecomApiError';
    this.errcode = answer.errcode;
    this.errmsg = answer.errmsg;
    if (answer.rid) this.hint = answer.rid;
    if (answer.ip) this.fromIp = answer.ip;
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
  private readonly apiUrl: string;
  private readonly timeoutMs: number;

  constructor(opts: WecomApiOptions) {
    this.apiUrl = opts.apiUrl;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  /** GET `/cgi-bin/<api>`; the answer whatever its errcode. */
  get(api: string, query: Record<string, string>, signal?: AbortSignal): Promise<WecomAnswer> {
    return this.call({ path: `/cgi-bin/${api}`, method: 'GET', query }, signal);
  }

  /** POST JSON to `/cgi-bin/<api>`; the answer whatever its errcode. */
  post(
    api: string,
    query: Record<string, string>,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<WecomAnswer> {
    return this.call({ path: `/cgi-bin/${api}`, method: 'POST', query, json: body }, signal);
  }

  /** gettoken for one app; throws WecomApiError when WeCom refuses. */
  async gettoken(corpId: string, secret: string, signal?: AbortSignal): Promise<IssuedToken> {
    const req = tokenRequest('wecom', corpId, secret);
    const answer = await this.call(req, signal);
    if (answer.errcode !== 0) throw new WecomApiError(req.path, answer);
    // Stricter than the probe's reading: delivery caches the token for its announced lifetime.
    const token = answer.access_token;
    const expiresIn = Number(answer.expires_in);
    if (typeof token !== 'string' || token === '' || !(expiresIn > 0)) {
      throw new WecomTransportError(req.path, 'answer without access_token/expires_in');
    }
    return { token, expiresInS: expiresIn };
  }

  private async call(
    req: Omit<ApiRequest, 'apiUrl'>,
    signal: AbortSignal | undefined,
  ): Promise<WecomAnswer> {
    const timeout = startDeadline(this.timeoutMs, signal);
    let out: Awaited<ReturnType<typeof callJson>>;
    try {
      out = await callJson(
        { ...req, apiUrl: this.apiUrl },
        {
          dispatcher: getGlobalDispatcher(),
          signal: timeout.signal,
          deadline: timeout.at,
          userAgent: USER_AGENT,
        },
      );
    } finally {
      timeout.clear();
    }
    if (out.kind === 'failed') {
      const e = out.error as { name?: string; code?: string };
      const reason = timeout.expired ? `no answer within ${this.timeoutMs} ms` : (e.code ?? e.name);
      throw new WecomTransportError(req.path, `network error (${reason ?? 'unknown'})`);
    }
    if (out.httpStatus !== 200) throw new WecomTransportError(req.path, `HTTP ${out.httpStatus}`);
    if (out.kind === 'not-json') {
      const what = out.json ? 'answer is not a JSON object' : 'answer is not JSON';
      throw new WecomTransportError(req.path, what);
    }
    const { errcode, errmsg, rid, ip } = out;
    return { ...out.body, errcode, errmsg, rid, ip };
  }
}

/** One app's gettoken for the token manager (the probe's source for the app shares its entry). */
export function wecomTokenSource(api: WecomApi, corpId: string, secret: string): TokenSource {
  return {
    id: tokenSourceId('wecom', corpId, secret),
    fetch: (signal) => api.gettoken(corpId, secret, signal),
  };
}
