/**
 * GET /status (an HTML page) and GET /status.json (the same data): every watch with its state,
 * open incidents first, in the language asked for (`?lang=`, then Accept-Language). Both behind
 * admitStatus (status-token.ts). `?refresh=N` sets the page's refresh period in seconds.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Secret } from '../config/secret.js';
import { messages } from '../i18n/index.js';
import type { Lang } from '../model/index.js';
import { STATUS_CSP, statusPageHtml } from '../render/status-page.js';
import { type StatusView, statusView } from '../render/status-view.js';
import { statusEntries } from '../watch/status.js';
import type { StoredWatch } from '../watch/store.js';
import { requestLang } from './request-lang.js';
import { admitStatus } from './status-token.js';
import { within } from './within.js';

export interface StatusSources {
  /** Every watch with its state (WatchStore.all). */
  watches(): Promise<StoredWatch[]>;
  /** WX_STATUS_TOKEN, or null: loopback clients only. */
  token: Secret | null;
  /** When neither `?lang=` nor Accept-Language names one of ours. */
  lang: Lang;
  now?: () => number;
  /** Default seconds between the page's refreshes (30). */
  refreshSeconds?: number;
  /** How long reading the watches may take before a 503 (default 3000 ms). */
  timeoutMs?: number;
}

const COMMON_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function refreshOf(url: URL, fallback: number): number {
  const asked = Number(url.searchParams.get('refresh'));
  return Number.isInteger(asked) && asked >= 1 ? Math.min(asked, 3600) : fallback;
}

/** Reads the watches and answers with `send`, or 503 when Redis does not answer in time. */
function serve(
  sources: StatusSources,
  send: (res: ServerResponse, view: StatusView, url: URL) => void,
) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (!admitStatus(req, res, sources)) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const lang = requestLang(req, url, sources.lang);
    within(sources.watches(), sources.timeoutMs ?? 3000, 'reading the watches').then(
      (watches) => {
        const now = (sources.now ?? Date.now)();
        send(res, statusView(statusEntries(watches, now), lang, now), url);
      },
      () => {
        res.writeHead(503, { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
        res.end(`${messages(lang).statusPage.unavailable}\n`);
      },
    );
  };
}

export function statusPageHandler(sources: StatusSources) {
  return serve(sources, (res, view, url) => {
    const query = new URLSearchParams(url.searchParams);
    query.delete('lang');
    const html = statusPageHtml(view, {
      query,
      refreshSeconds: refreshOf(url, sources.refreshSeconds ?? 30),
    });
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': STATUS_CSP,
      'x-frame-options': 'DENY',
    });
    res.end(html);
  });
}

export function statusJsonHandler(sources: StatusSources) {
  return serve(sources, (res, view) => {
    res.writeHead(200, { ...COMMON_HEADERS, 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(view));
  });
}
