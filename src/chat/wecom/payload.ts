/**
 * What a callback carries, in either of WeCom's formats: the envelope (`Encrypt` and friends, in
 * XML or JSON) and, once decrypted, the message. Nothing here trusts its input; anything
 * unexpected is a PayloadError (a 400).
 */
import { cdata, isRecord, parseWecomXml, textField } from './xml.js';

export type Format = 'xml' | 'json';

export class PayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadError';
  }
}

/** The body of a POST: the ciphertext the signature covers. */
export function readEnvelope(body: string): { format: Format; encrypted: string } {
  const format = formatOf(body);
  const fields = parseFields(body, format);
  const encrypted = pick(fields, 'Encrypt', 'encrypt');
  if (!encrypted) throw new PayloadError('no Encrypt field');
  return { format, encrypted };
}

/** A decrypted callback, reduced to what the bot acts on. */
export type InboundMessage =
  | {
      kind: 'text';
      from: string;
      createTime: string;
      msgId: string;
      content: string;
      /** Set when the message came from a group chat (AI-bot style JSON). */
      chatId?: string;
      /** AI bot only: where the one answer allowed after the callback goes (a capability). */
      responseUrl?: string;
    }
  | { kind: 'event'; from: string; createTime: string; event: string }
  /** Images, voice, locations…: acknowledged and ignored. */
  | { kind: 'other'; from: string; createTime: string; msgId?: string };

/**
 * The decrypted message: the self-built app's fields (`FromUserName`, `MsgType`, `Content`…, in
 * XML or JSON) or the AI-bot JSON shape (`from.userid`, `msgtype`, `text.content`, `chatid`).
 */
export function readMessage(plain: string, format: Format): InboundMessage {
  const fields = parseFields(plain, formatOf(plain, format), 'message');
  const from = pick(fields, 'FromUserName') ?? nested(fields, 'from', 'userid');
  if (!from) throw new PayloadError('no sender');
  const createTime = pick(fields, 'CreateTime', 'create_time') ?? '';
  const msgType = pick(fields, 'MsgType', 'msgtype');
  const msgId = pick(fields, 'MsgId', 'msgid');
  if (msgType === 'event') {
    return { kind: 'event', from, createTime, event: pick(fields, 'Event') ?? '' };
  }
  const content = pick(fields, 'Content') ?? nested(fields, 'text', 'content');
  if (msgType === 'text' && content !== undefined && msgId) {
    const chatId = pick(fields, 'chatid', 'ChatId');
    const responseUrl = pick(fields, 'response_url');
    return {
      kind: 'text',
      from,
      createTime,
      msgId,
      content,
      ...(chatId ? { chatId } : {}),
      ...(responseUrl ? { responseUrl } : {}),
    };
  }
  return { kind: 'other', from, createTime, ...(msgId ? { msgId } : {}) };
}

/**
 * Text-message content without a live link: WeCom renders `<a href=…>` in a text message (its one
 * piece of markup there), so the `<` of an A tag, which only a person's typed text quoted back can
 * bring, becomes a look-alike.
 */
export function withoutLinks(text: string): string {
  return text.replace(/<(?=\/?a[\s>/])/gi, '＜');
}

/** The plaintext of a passive text reply, in the request's format. */
export function textReply(
  format: Format,
  r: { to: string; from: string; createTime: number; content: string },
): string {
  if (format === 'json') {
    return JSON.stringify({
      ToUserName: r.to,
      FromUserName: r.from,
      CreateTime: r.createTime,
      MsgType: 'text',
      Content: r.content,
    });
  }
  return (
    `<xml><ToUserName>${cdata(r.to)}</ToUserName><FromUserName>${cdata(r.from)}</FromUserName>` +
    `<CreateTime>${r.createTime}</CreateTime><MsgType>${cdata('text')}</MsgType>` +
    `<Content>${cdata(r.content)}</Content></xml>`
  );
}

/**
 * The plaintext of an AI bot's passive reply: one stream message, finished at once (so WeCom
 * sends no 流式消息刷新 callbacks), carrying markdown.
 */
export function streamReply(r: { id: string; content: string }): string {
  return JSON.stringify({
    msgtype: 'stream',
    stream: { id: r.id, finish: true, content: r.content },
  });
}

/** The encrypted envelope around a passive reply (official AES_TEXT_RESPONSE_TEMPLATE / JSON). */
export function replyEnvelope(
  format: Format,
  e: { encrypted: string; signature: string; timestamp: string; nonce: string },
): string {
  if (format === 'json') {
    return JSON.stringify({
      encrypt: e.encrypted,
      msgsignature: e.signature,
      timestamp: e.timestamp,
      nonce: e.nonce,
    });
  }
  return (
    `<xml><Encrypt>${cdata(e.encrypted)}</Encrypt><MsgSignature>${cdata(e.signature)}</MsgSignature>` +
    `<TimeStamp>${e.timestamp}</TimeStamp><Nonce>${cdata(e.nonce)}</Nonce></xml>`
  );
}

function formatOf(text: string, fallback?: Format): Format {
  const first = text.trimStart()[0];
  if (first === '<') return 'xml';
  if (first === '{') return 'json';
  if (fallback) return fallback;
  throw new PayloadError('neither XML nor JSON');
}

function parseFields(
  text: string,
  format: Format,
  part: 'envelope' | 'message' = 'envelope',
): Record<string, unknown> {
  if (format === 'xml') {
    try {
      return parseWecomXml(text, part);
    } catch (err) {
      throw new PayloadError((err as Error).message);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PayloadError('malformed JSON');
  }
  if (!isRecord(value)) throw new PayloadError('JSON body is not an object');
  return value;
}

/** The first of `names` present as text (JSON numbers count: msgid, CreateTime). */
function pick(fields: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const v = textField(fields, name);
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

function nested(fields: Record<string, unknown>, outer: string, inner: string): string | undefined {
  const o = Object.hasOwn(fields, outer) ? fields[outer] : undefined;
  return isRecord(o) ? pick(o, inner) : undefined;
}
