/**
 * Watch ids, unique across kinds and stable: `host:port` (cert, as before other kinds existed, so
 * stored watches keep their ids and state), `http:<url>`, `dns:<name>`, `wechat:<alias>`.
 */
import { normaliseDnsName } from '../probes/dns/name.js';
import { parseHttpUrl } from '../probes/http/url.js';
import { formatHostPort, parseHostPort } from '../probes/net/target.js';

/** `host:port`, the id of a certificate watch. */
export function watchId(host: string, port: number): string {
  return formatHostPort(host, port).toLowerCase();
}

export function httpWatchId(url: string): string {
  return `http:${url}`;
}

export function dnsWatchId(name: string): string {
  return `dns:${name}`;
}

export function wechatWatchId(alias: string): string {
  return `wechat:${alias}`;
}

/** Longest URL a watch takes: its id travels in button values and message ids. */
export const MAX_WATCH_URL = 1000;

const ALIAS = /^[A-Za-z0-9_.@-]{1,64}$/;

/** What a person names a watch by, parsed. */
export type WatchTarget =
  | { kind: 'cert'; host: string; port: number }
  | { kind: 'http'; url: string }
  | { kind: 'dns'; name: string }
  | { kind: 'wechat'; alias: string };

/** An absolute http(s) URL as stored (`new URL().href`); throws an Error saying what is wrong. */
export function watchUrl(raw: string): string {
  if (!/^https?:\/\//i.test(raw.trim())) {
    throw new Error(`expected an http:// or https:// URL, got ${JSON.stringify(raw)}`);
  }
  const href = parseHttpUrl(raw).href;
  if (href.length > MAX_WATCH_URL) {
    throw new Error(`URL too long: ${href.length} characters, at most ${MAX_WATCH_URL}`);
  }
  return href;
}

export function watchAlias(raw: string): string {
  if (!ALIAS.test(raw)) throw new Error(`not an app alias: ${JSON.stringify(raw)}`);
  return raw;
}

/**
 * `https://…` (or `http:https://…`, the id), `dns:NAME`, `wechat:ALIAS`, else `host[:port]`.
 * Throws an Error that says what is wrong.
 */
export function parseWatchTarget(raw: string): WatchTarget {
  const text = raw.trim();
  const lower = text.toLowerCase();
  if (lower.startsWith('http:http') && /^http:https?:\/\//i.test(text)) {
    return { kind: 'http', url: watchUrl(text.slice('http:'.length)) };
  }
  if (/^https?:\/\//i.test(text)) return { kind: 'http', url: watchUrl(text) };
  if (lower.startsWith('dns:')) return { kind: 'dns', name: normaliseDnsName(text.slice(4)) };
  if (lower.startsWith('wechat:')) return { kind: 'wechat', alias: watchAlias(text.slice(7)) };
  const { host, port } = parseHostPort(text);
  return { kind: 'cert', host, port };
}

export function targetId(t: WatchTarget): string {
  switch (t.kind) {
    case 'http':
      return httpWatchId(t.url);
    case 'dns':
      return dnsWatchId(t.name);
    case 'wechat':
      return wechatWatchId(t.alias);
    default:
      return watchId(t.host, t.port);
  }
}
