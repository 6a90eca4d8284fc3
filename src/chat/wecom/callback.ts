/**
 * The WeCom callback endpoint. GET: URL verification, checked like a message (freshness,
 * signature, decryption), answered with the decrypted echostr as plain text only when that is an
 * echo token (ECHO): otherwise the endpoint would decrypt any ciphertext signed with our Token, such
 * as a captured message's `Encrypt`, for whoever asks.
 * POST: an encrypted message, checked in order — body size, freshness, signature, decryption
 * (receiveid, lengths, padding), format — then deduplicated and handed on. Refusals are 4xx with
 * nothing enqueued; an accepted message always gets a 200 within WeCom's 5 s, empty or carrying
 * a passive encrypted reply. Nothing here answers 500 or lets an error escape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { within } from '../../http/within.js';
import type { Log } from '../../model/log.js';
import { clipBytes } from '../../render/wecom-markdown.js';
import { firstOrUnsure } from '../seen.js';
import { CallbackCryptoError, type Signed, type WecomCrypto } from './crypto.js';
import {
  type Format,
  type InboundMessage,
  PayloadError,
  readEnvelope,
  readMessage,
  replyEnvelope,
  textReply,
  withoutLinks,
} from './payload.js';
import { parseQuery, RequestError, readBody } from './request.js';
import type { SeenCallbacks } from './seen.js';

export type TextMessage = Extract<InboundMessage, { kind: 'text' }>;

export interface CallbackOptions {
  crypto: WecomCrypto;
  corpId: string;
  seen: SeenCallbacks;
  /** An accepted, first-seen text message; resolves with text to answer at once, if any. */
  onText(message: TextMessage): Promise<string | undefined>;
  log: Log;
  /**
   * The plaintext of a passive reply carrying `text` (default: the app's text message back to the
   * sender, in the request's format; the AI bot answers with a finished stream instead).
   */
  replyPlain?: (message: TextMessage, text: string, format: Format) => string;
  /** Byte limit of a passive reply's text (default MAX_REPLY_BYTES). */
  maxReplyBytes?: number;
  /** Milliseconds since the epoch (tests move it). */
  now?: () => number;
  /** Default 64 KiB: WeCom's messages are a few KiB at most. */
  bodyLimitBytes?: number;
  /** Accepted distance of `timestamp` from now, either way (default 300 s). */
  freshnessSeconds?: number;
  bodyTimeoutMs?: number;
  /** After this, an accepted message is answered with an empty 200 whatever is still running. */
  answerWithinMs?: number;
  /** Budget of the dedupe claim. */
  redisTimeoutMs?: number;
}

/** WeCom text messages: "最长不超过2048个字节". */
export const MAX_REPLY_BYTES = 2048;

/**
 * What a verification's echostr may decrypt to: WeCom sends a random number (`1288432023552776189`
 * in its samples); letters and `_.=+/-` are allowed for tokens of another shape, up to 128
 * characters. Nothing WeCom or we encrypt as a message (XML or JSON) can pass.
 */
const ECHO = /^[A-Za-z0-9_.=+/-]{1,128}$/;

/** A request refused as stale (freshness) or as not what it claims (403). */
class RefusedError extends Error {}

export function callbackHandler(opts: CallbackOptions) {
  const now = opts.now ?? Date.now;
  const limit = opts.bodyLimitBytes ?? 64 * 1024;
  const freshness = opts.freshnessSeconds ?? 300;
  const bodyTimeoutMs = opts.bodyTimeoutMs ?? 3000;
  const answerWithinMs = opts.answerWithinMs ?? 4000;
  const redisTimeoutMs = opts.redisTimeoutMs ?? 1500;
  const { crypto, log } = opts;

  const checkFresh = (signed: Signed) => {
    const skew = Math.abs(Math.floor(now() / 1000) - Number(signed.timestamp));
    if (!(skew <= freshness)) throw new RefusedError('timestamp outside the freshness window');
  };

  const verifyUrl = (q: Map<string, string>, signed: Signed, res: ServerResponse) => {
    const echostr = q.get('echostr');
    if (!echostr) throw new RequestError(400, 'missing echostr');
    checkFresh(signed);
    crypto.verify(signed, echostr);
    const echo = crypto.open(echostr);
    if (!ECHO.test(echo)) throw new RefusedError('echostr is not an echo token');
    // Exactly the plaintext: no quotes, BOM or newline.
    send(res, 200, 'text/plain; charset=utf-8', echo);
  };

  const receive = async (req: IncomingMessage, signed: Signed, res: ServerResponse) => {
    checkFresh(signed);
    const body = await readBody(req, limit, bodyTimeoutMs);
    const { format, encrypted } = readEnvelope(body);
    crypto.verify(signed, encrypted);
    const message = readMessage(crypto.open(encrypted), format);
    // Without Redis the command cannot queue anyway.
    const first = await firstOrUnsure(opts.seen.claim(message), redisTimeoutMs, 'dedupe', (err) =>
      log.warn({ err: err.message }, 'wecom dedupe unavailable'),
    );
    if (!first) {
      log.debug({ from: message.from }, 'wecom retry ignored');
      return send(res, 200);
    }
    if (message.kind !== 'text') return send(res, 200);
    const reply = await within(opts.onText(message), answerWithinMs, 'handling').catch(
      (err: Error) => {
        log.warn({ err: err.message }, 'wecom message not answered in time');
        return undefined;
      },
    );
    if (!reply) return send(res, 200);
    sendReply(res, format, message, reply);
  };

  const appReply = (message: TextMessage, text: string, format: Format) =>
    textReply(format, {
      to: message.from,
      from: opts.corpId,
      createTime: Math.floor(now() / 1000),
      content: withoutLinks(text),
    });
  const replyPlain = opts.replyPlain ?? appReply;
  const maxReplyBytes = opts.maxReplyBytes ?? MAX_REPLY_BYTES;

  const sendReply = (res: ServerResponse, format: Format, message: TextMessage, text: string) => {
    const seconds = Math.floor(now() / 1000);
    const plain = replyPlain(message, clipBytes(text, maxReplyBytes), format);
    const sealed = crypto.seal(plain, String(seconds));
    const type = format === 'json' ? 'application/json' : 'application/xml';
    send(res, 200, `${type}; charset=utf-8`, replyEnvelope(format, sealed));
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    const handle = async () => {
      const q = parseQuery(req.url ?? '');
      const signed = signedParams(q);
      if (req.method === 'GET') verifyUrl(q, signed, res);
      else await receive(req, signed, res);
    };
    handle().catch((err: unknown) => {
      const status = statusOf(err);
      if (status === 400 && !isExpected(err)) log.error({ err }, 'wecom callback failed');
      else log.info({ status, reason: (err as Error).message }, 'wecom callback refused');
      send(res, status, 'text/plain; charset=utf-8', `${REASONS[status]}\n`);
    });
  };
}

function signedParams(q: Map<string, string>): Signed {
  const signature = q.get('msg_signature');
  const timestamp = q.get('timestamp');
  const nonce = q.get('nonce');
  if (!signature || !timestamp || !nonce) {
    throw new RequestError(400, 'missing msg_signature, timestamp or nonce');
  }
  if (!/^\d{1,12}$/.test(timestamp)) throw new RequestError(400, 'timestamp is not a number');
  return { signature, timestamp, nonce };
}

type Status = 400 | 401 | 403 | 408 | 413;

const REASONS: Record<Status, string> = {
  400: 'bad request',
  401: 'bad signature',
  403: 'refused',
  408: 'request timeout',
  413: 'payload too large',
};

function statusOf(err: unknown): Status {
  if (err instanceof RequestError) return err.status;
  if (err instanceof RefusedError) return 403;
  if (err instanceof CallbackCryptoError) {
    return err.reason === 'signature' ? 401 : err.reason === 'receiver' ? 403 : 400;
  }
  return 400;
}

function isExpected(err: unknown): boolean {
  return (
    err instanceof RequestError ||
    err instanceof PayloadError ||
    err instanceof CallbackCryptoError ||
    err instanceof RefusedError
  );
}

function send(res: ServerResponse, status: number, type?: string, body = ''): void {
  if (res.headersSent) return;
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (type) headers['content-type'] = type;
  // A refused request's body may be unread (too large, too slow, refused before reading): the
  // connection ends with the answer instead of waiting for it.
  if (status >= 400) headers.connection = 'close';
  res.writeHead(status, headers).end(body);
}
