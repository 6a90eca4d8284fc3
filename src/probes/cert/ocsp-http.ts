/**
 * OCSP over HTTP (RFC 6960 appendix A): one POST, connected through dial() so the address guard
 * judges the address actually connected to, bounded in time (ctx.signal) and in size.
 */
import { Client } from 'undici';
import { DialError, dial } from '../net/dial.js';
import type { ProbeContext } from '../types.js';

/** Real responses are a few KiB; anything much larger is not an OCSP response. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export type Exchange = { ok: true; body: Buffer } | { ok: false; reason: string };

export async function postOcspRequest(
  url: URL,
  request: Buffer,
  ctx: ProbeContext,
): Promise<Exchange> {
  const where = `OCSP responder ${url.href}`;
  const client = new Client(url.origin, {
    connect: (opts, callback) => {
      dial({ host: opts.hostname, port: Number(opts.port) || 80 }, ctx).then(
        (dialed) => callback(null, dialed.socket),
        (err: Error) => callback(err, null),
      );
    },
  });
  try {
    const res = await client.request({
      method: 'POST',
      path: `${url.pathname || '/'}${url.search}`,
      headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
      body: request,
      signal: ctx.signal,
    });
    if (res.statusCode !== 200) {
      res.body.resume();
      return { ok: false, reason: `${where} answered HTTP ${res.statusCode}` };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_RESPONSE_BYTES) {
        res.body.destroy();
        return { ok: false, reason: `${where} sent more than ${MAX_RESPONSE_BYTES} bytes` };
      }
      chunks.push(chunk as Buffer);
    }
    return { ok: true, body: Buffer.concat(chunks) };
  } catch (err) {
    return { ok: false, reason: failure(where, err, ctx) };
  } finally {
    client.destroy().catch(() => {});
  }
}

function failure(where: string, err: unknown, ctx: ProbeContext): string {
  if (err instanceof DialError && err.code === 'ADDRESS_BLOCKED') {
    return `${where} blocked by the address guard: ${err.message}`;
  }
  if (ctx.signal.aborted || (err instanceof DialError && err.code === 'CONNECT_TIMEOUT')) {
    return `${where} did not answer before the deadline`;
  }
  if (err instanceof DialError) return `${where} unreachable: ${err.message}`;
  const e = err as NodeJS.ErrnoException;
  return `${where} unreachable: ${e?.code ?? e?.message ?? String(err)}`;
}
