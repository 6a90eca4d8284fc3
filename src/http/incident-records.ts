/**
 * The post-incident records over HTTP, next to the status page: `GET /status/incidents` (a list,
 * HTML; `/status/incidents.md` the same as Markdown) and `GET /status/incidents/<id>.md` (one
 * record). Behind the status page's authorization; a record's own signed link (WeCom's message)
 * opens that record alone. Everything from servers and people is escaped.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { recordWords } from '../i18n/records.js';
import { LANGS, type Lang } from '../model/index.js';
import {
  MARKDOWN,
  type Markup,
  recordCause,
  renderRecordMarkdown,
} from '../render/incident-record.js';
import { when } from '../render/when.js';
import type { IncidentRecords, StoredRecord } from '../store/incident-records.js';
import type { RecordLinks } from '../store/record-links.js';
import type { Route } from './routes.js';

export interface IncidentRecordRouteDeps {
  records: IncidentRecords;
  /** The status page's check (WX_STATUS_TOKEN, bearer or `?token=`); true when it is open. */
  authorized: (req: IncomingMessage) => boolean;
  /** Verifies a record's own link (`?sig=`); without it only `authorized` opens a record. */
  links?: Pick<RecordLinks, 'verify'> | null;
  /** Default language; `?lang=zh-CN` or `?lang=en` picks another. */
  lang?: Lang;
  /** Records listed (newest first); default 200. */
  limit?: number;
  now?: () => number;
}

const FILE = /^\/status\/incidents\/(W\d{1,12}\.\d{1,6})\.md$/;

const HTML: Markup = {
  code: (t) => `<code>${escHtml(t.replace(/\s+/g, ' '))}</code>`,
  text: escHtml,
  bold: (m) => `<strong>${m}</strong>`,
};

export function incidentRecordRoutes(deps: IncidentRecordRouteDeps): Route[] {
  const now = deps.now ?? Date.now;
  const limit = deps.limit ?? 200;
  const langOf = (url: URL): Lang => {
    const asked = url.searchParams.get('lang');
    return LANGS.find((l) => l === asked) ?? deps.lang ?? 'en';
  };
  const list = (format: 'html' | 'md') => (req: IncomingMessage, res: ServerResponse) => {
    if (!deps.authorized(req)) return refuse(res);
    const url = urlOf(req);
    const lang = langOf(url);
    deps.records.list(limit, now()).then(
      (rows) =>
        format === 'html'
          ? send(res, 200, 'text/html', listHtml(rows, lang, carried(url)))
          : send(res, 200, 'text/markdown', listMarkdown(rows, lang, carried(url))),
      () => send(res, 503, 'text/plain', 'records unavailable (Redis)\n'),
    );
  };
  const one = (req: IncomingMessage, res: ServerResponse) => {
    const url = urlOf(req);
    const id = FILE.exec(url.pathname)?.[1];
    if (!id) return send(res, 404, 'text/plain', 'not found\n');
    const signed = deps.links?.verify(id, url.searchParams.get('sig')) === true;
    if (!signed && !deps.authorized(req)) return refuse(res);
    deps.records.get(id).then(
      (stored) =>
        stored
          ? send(res, 200, 'text/markdown', renderRecordMarkdown(stored.record, langOf(url)))
          : send(res, 404, 'text/plain', 'no such record (records are kept for a limited time)\n'),
      () => send(res, 503, 'text/plain', 'records unavailable (Redis)\n'),
    );
  };
  return [
    { path: '/status/incidents', method: ['GET'], handler: list('html') },
    { path: '/status/incidents.md', method: ['GET'], handler: list('md') },
    { path: '/status/incidents/:file', method: ['GET'], handler: one },
  ];
}

/** The `?token=` and `?lang=` a list was opened with, carried on to its records' links. */
function carried(url: URL): string {
  const kept = new URLSearchParams();
  for (const key of ['token', 'lang']) {
    const value = url.searchParams.get(key);
    if (value !== null) kept.set(key, value);
  }
  const query = kept.toString();
  return query ? `?${query}` : '';
}

function urlOf(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', 'http://localhost');
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(body);
}

function refuse(res: ServerResponse): void {
  res.setHeader('www-authenticate', 'Bearer');
  send(res, 401, 'text/plain', 'unauthorized\n');
}

function escHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

function closedText(s: StoredRecord, lang: Lang): string {
  const w = recordWords(lang);
  return s.record.closedAt ? when(s.record.closedAt) : w.stillOpen;
}

function listHtml(rows: StoredRecord[], lang: Lang, query: string): string {
  const w = recordWords(lang);
  const head = ['#', w.target, w.opened, w.closed, w.duration, w.rootCause];
  const body = rows.map((s) => {
    const r = s.record;
    const cells = [
      `<a href="${escHtml(`incidents/${encodeURIComponent(r.id)}.md${query}`)}">#${escHtml(r.id)}</a>`,
      HTML.code(r.target),
      escHtml(when(r.openedAt)),
      escHtml(closedText(s, lang)),
      escHtml(w.span(r.durationMs)),
      recordCause(r, lang, HTML).sentence,
    ];
    return `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  const table = rows.length
    ? `<table><thead><tr>${head.map((h) => `<th>${escHtml(h)}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`
    : `<p>${escHtml(w.listEmpty)}</p>`;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escHtml(w.listTitle)}</title></head><body><h1>${escHtml(w.listTitle)}</h1>${table}</body></html>\n`;
}

function listMarkdown(rows: StoredRecord[], lang: Lang, query: string): string {
  const w = recordWords(lang);
  const m = MARKDOWN;
  const lines = [`# ${m.text(w.listTitle)}`, ''];
  if (rows.length === 0) lines.push(m.text(w.listEmpty));
  for (const s of rows) {
    const r = s.record;
    lines.push(
      `- [#${r.id}](<incidents/${encodeURIComponent(r.id)}.md${query.replace(/[<>\s]/g, encodeURIComponent)}>) ${m.code(r.target)} · ${m.text(when(r.openedAt))} → ${m.text(closedText(s, lang))} (${m.text(w.span(r.durationMs))}) — ${recordCause(r, lang, m).sentence}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
