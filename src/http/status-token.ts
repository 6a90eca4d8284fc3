/**
 * Who may read the status pages (`/status`, `/status.json`, and what is served under `/status/`).
 * With WX_STATUS_TOKEN set: whoever presents it, as `Authorization: Bearer <token>` or
 * `?token=<token>`, compared in constant time; this is how the page goes behind a reverse proxy
 * (the proxy authenticates people and adds the header). Without it: only a client on loopback
 * that came directly, not through a proxy on the same machine (no forwarding header), so a fresh
 * install never shows its watches to the network by accident.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { Secret } from '../config/secret.js';
import { messages } from '../i18n/index.js';
import type { Lang } from '../model/index.js';
import { requestLang } from './request-lang.js';

export type StatusAccess = 'allowed' | 'unauthorized' | 'loopback-only';

const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'x-forwarded-host'];

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Equal-length digests: the comparison takes the same time whatever was presented. */
function sameToken(presented: string, expected: Secret): boolean {
  return timingSafeEqual(digest(presented), digest(expected.reveal()));
}

function presentedTokens(req: IncomingMessage, url: URL): string[] {
  const out: string[] = [];
  const auth = /^\s*bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (auth?.[1]) out.push(auth[1]);
  const query = url.searchParams.get('token');
  if (query) out.push(query);
  return out;
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase();
  const v4 = a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return a === '::1';
}

export function statusAccess(req: IncomingMessage, url: URL, token: Secret | null): StatusAccess {
  if (token) {
    const presented = presentedTokens(req, url);
    // Every presented token is compared, so the time taken does not say which one was wrong.
    const ok = presented.map((p) => sameToken(p, token)).some(Boolean);
    return ok ? 'allowed' : 'unauthorized';
  }
  const forwarded = FORWARDING_HEADERS.some((h) => req.headers[h] !== undefined);
  return isLoopback(req.socket.remoteAddress) && !forwarded ? 'allowed' : 'loopback-only';
}

/** Whether the request may read what is under /status (for routes that answer refusals their own way). */
export function statusAllowed(req: IncomingMessage, token: Secret | null): boolean {
  return statusAccess(req, new URL(req.url ?? '/', 'http://localhost'), token) === 'allowed';
}

/**
 * Answers 401 (token missing or wrong) or 403 (no token configured, not a direct local client)
 * and returns false; returns true when the request may be served.
 */
export function admitStatus(
  req: IncomingMessage,
  res: ServerResponse,
  opts: { token: Secret | null; lang: Lang },
): boolean {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const access = statusAccess(req, url, opts.token);
  if (access === 'allowed') return true;
  const words = messages(requestLang(req, url, opts.lang)).statusPage;
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  };
  if (access === 'unauthorized') headers['www-authenticate'] = 'Bearer realm="wxdoctor status"';
  res.writeHead(access === 'unauthorized' ? 401 : 403, headers);
  res.end(`${access === 'unauthorized' ? words.unauthorized : words.loopbackOnly}\n`);
  return false;
}
