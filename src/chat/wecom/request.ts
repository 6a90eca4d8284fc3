/** The HTTP side of a callback request: its query (WeCom's way) and a bounded body. */
import type { IncomingMessage } from 'node:http';

export class RequestError extends Error {
  constructor(
    readonly status: 400 | 408 | 413,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/**
 * Query parameters decoded with decodeURIComponent: echostr is base64, and form-style decoding
 * (URLSearchParams) would turn its literal `+` into a space and break the signature.
 */
export function parseQuery(url: string): Map<string, string> {
  const at = url.indexOf('?');
  const params = new Map<string, string>();
  if (at < 0) return params;
  for (const part of url.slice(at + 1).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const [k, v] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(k);
      value = decodeURIComponent(v);
    } catch {
      throw new RequestError(400, 'malformed query');
    }
    if (params.has(key)) throw new RequestError(400, `repeated query parameter ${key}`);
    params.set(key, value);
  }
  return params;
}

/**
 * The body as UTF-8, at most `limit` bytes. Beyond it (announced or streamed) reading stops at
 * once with a 413; a body that does not arrive within `timeoutMs` is a 408.
 */
export function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<string> {
  const announced = Number(req.headers['content-length']);
  if (Number.isFinite(announced) && announced > limit) {
    return Promise.reject(new RequestError(413, `body over ${limit} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (err?: RequestError) => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if (err) {
        req.pause();
        reject(err);
      } else {
        resolve(Buffer.concat(chunks).toString('utf8'));
      }
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return done(new RequestError(413, `body over ${limit} bytes`));
      chunks.push(chunk);
    };
    const onEnd = () => done();
    const onError = () => done(new RequestError(400, 'request aborted'));
    const timer = setTimeout(() => done(new RequestError(408, 'body too slow')), timeoutMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
