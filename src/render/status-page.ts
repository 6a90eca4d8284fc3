/**
 * The status page as one HTML document: no external asset, no build step. A small inline script
 * fetches the JSON every few seconds and rebuilds the table body from it with text nodes only
 * (server-controlled text never becomes markup); without script, the page reloads itself.
 * The inline style and script are allowed by their hashes (STATUS_CSP), nothing else runs.
 */
import { createHash } from 'node:crypto';
import { messages } from '../i18n/index.js';
import { LANGS, type Lang } from '../model/index.js';
import type { StatusRowView, StatusView } from './status-view.js';

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** Chat text marks values with backticks: on the page they are `<code>` (as SCRIPT's `spans`). */
export function codeSpans(text: string): string {
  const parts = text.split('`');
  return parts
    .map((part, i) => {
      if (i % 2 === 0) return escapeHtml(part);
      if (i < parts.length - 1) return `<code>${escapeHtml(part)}</code>`;
      return escapeHtml(`\`${part}`);
    })
    .join('');
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
main{max-width:1200px;margin:0 auto;padding:16px}
h1{font-size:20px;margin:0 0 4px}
header p{margin:2px 0;color:#57606a}
nav{float:right}nav a{margin-left:8px}
#updated.failed{color:#cf222e;font-weight:600}
table{border-collapse:collapse;width:100%;background:#fff;margin-top:12px}
th,td{border-bottom:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eaeef2;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
code{font:13px ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
.state{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;white-space:nowrap}
.state.state-ok{background:#dafbe1;color:#116329}.state.state-warn{background:#fff8c5;color:#7d4e00}
.state.state-fail{background:#ffebe9;color:#a40e26}.state.state-error{background:#fbefff;color:#6e2a8c}
.state.state-pending{background:#eaeef2;color:#57606a}
tr.critical td{background:#fff5f5}
.detail,.note,.muted{color:#57606a;font-size:12px}
.headline{font-weight:600}
`;

/** Rebuilds the rows from status.json exactly as rowHtml writes them (a test compares both). */
const SCRIPT = `
(function () {
  var table = document.getElementById('watches');
  var body = table.tBodies[0];
  var updated = document.getElementById('updated');
  var every = Math.max(1, Number(table.getAttribute('data-refresh'))) * 1000;
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function cell(cls) { return el('td', cls); }
  function spans(cls, text) {
    var e = el('div', cls), parts = String(text).split('\x60');
    for (var i = 0; i < parts.length; i++) {
      if (i % 2 === 0) e.appendChild(document.createTextNode(parts[i]));
      else if (i < parts.length - 1) e.appendChild(el('code', '', parts[i]));
      else e.appendChild(document.createTextNode('\x60' + parts[i]));
    }
    return e;
  }
  function row(r) {
    var tr = el('tr', 'state-' + r.state + (r.incident && r.incident.critical ? ' critical' : ''));
    tr.setAttribute('data-ref', r.ref);
    tr.appendChild(el('td', '', r.kindText));
    var target = cell(''); target.appendChild(el('code', '', r.target)); tr.appendChild(target);
    var state = cell(''); state.appendChild(el('span', 'state state-' + r.state, r.stateText));
    if (r.muted) { state.appendChild(document.createTextNode(' ')); state.appendChild(el('span', 'muted', table.getAttribute('data-muted'))); }
    tr.appendChild(state);
    var inc = cell('');
    if (r.incident) {
      inc.appendChild(spans('headline', r.incident.headline));
      inc.appendChild(spans('detail', r.incident.detail));
      if (r.incident.note) inc.appendChild(spans('note', r.incident.note));
    } else inc.textContent = '-';
    tr.appendChild(inc);
    tr.appendChild(el('td', 'num', r.daysText));
    tr.appendChild(el('td', '', r.checkedText));
    tr.appendChild(el('td', '', r.regionText));
    return tr;
  }
  function render(v) {
    var rows = document.createDocumentFragment();
    if (v.rows.length === 0) {
      var tr = el('tr'); var td = el('td', 'none', table.getAttribute('data-none'));
      td.colSpan = 7; tr.appendChild(td); rows.appendChild(tr);
    }
    for (var i = 0; i < v.rows.length; i++) rows.appendChild(row(v.rows[i]));
    body.replaceChildren(rows);
    document.getElementById('summary').textContent = v.summary;
    updated.textContent = v.updatedText;
    updated.className = '';
    table.setAttribute('data-refreshed', String(Number(table.getAttribute('data-refreshed') || 0) + 1));
  }
  function refresh() {
    fetch(table.getAttribute('data-src'), { headers: { accept: 'application/json' }, cache: 'no-store' })
      .then(function (res) { if (!res.ok) throw new Error(String(res.status)); return res.json(); })
      .then(render)
      .catch(function () { updated.textContent = updated.getAttribute('data-failed'); updated.className = 'failed'; })
      .then(function () { setTimeout(refresh, every); });
  }
  setTimeout(refresh, every);
})();
`;

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

/** Only the page's own style and script; data only from the same origin; no frames, no forms. */
export const STATUS_CSP = [
  "default-src 'none'",
  `style-src ${sha256(STYLE)}`,
  `script-src ${sha256(SCRIPT)}`,
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function rowHtml(r: StatusRowView, words: { muted: string }): string {
  const cls = `state-${r.state}${r.incident?.critical ? ' critical' : ''}`;
  const muted = r.muted ? ` <span class="muted">${escapeHtml(words.muted)}</span>` : '';
  const i = r.incident;
  const incident = i
    ? `<div class="headline">${codeSpans(i.headline)}</div><div class="detail">${codeSpans(i.detail)}</div>${
        i.note ? `<div class="note">${codeSpans(i.note)}</div>` : ''
      }`
    : '-';
  return [
    `<tr class="${cls}" data-ref="${escapeHtml(r.ref)}">`,
    `<td>${escapeHtml(r.kindText)}</td>`,
    `<td><code>${escapeHtml(r.target)}</code></td>`,
    `<td><span class="state state-${r.state}">${escapeHtml(r.stateText)}</span>${muted}</td>`,
    `<td>${incident}</td>`,
    `<td class="num">${escapeHtml(r.daysText)}</td>`,
    `<td>${escapeHtml(r.checkedText)}</td>`,
    `<td>${escapeHtml(r.regionText)}</td>`,
    '</tr>',
  ].join('');
}

export interface StatusPageOptions {
  /** The query string to keep on links and on the JSON fetch (`token`, `refresh`), without `lang`. */
  query: URLSearchParams;
  /** Seconds between refreshes. */
  refreshSeconds: number;
}

const LANG_NAMES: Record<Lang, string> = { en: 'English', 'zh-CN': '中文' };

/** `status/incidents` with the page's `?token=` and `?lang=`, as that list carries them on. */
function recordsHref(query: URLSearchParams, lang: Lang): string {
  const q = new URLSearchParams();
  const token = query.get('token');
  if (token !== null) q.set('token', token);
  q.set('lang', lang);
  return `status/incidents?${q.toString()}`;
}

function withLang(query: URLSearchParams, lang: Lang): string {
  const q = new URLSearchParams(query);
  q.set('lang', lang);
  return `?${q.toString()}`;
}

export function statusPageHtml(view: StatusView, opts: StatusPageOptions): string {
  const w = messages(view.lang).statusPage;
  const c = w.columns;
  const head = [c.kind, c.target, c.state, c.incident, c.daysLeft, c.checked, c.region]
    .map((h) => `<th scope="col">${escapeHtml(h)}</th>`)
    .join('');
  const rows =
    view.rows.length === 0
      ? `<tr><td class="none" colspan="7">${escapeHtml(w.none)}</td></tr>`
      : view.rows.map((r) => rowHtml(r, w)).join('');
  const langs = LANGS.filter((l) => l !== view.lang)
    .map(
      (l) =>
        `<a href="${escapeHtml(withLang(opts.query, l))}" hreflang="${l}">${LANG_NAMES[l]}</a>`,
    )
    .join('');
  const records = `<a id="records" href="${escapeHtml(recordsHref(opts.query, view.lang))}">${escapeHtml(w.records)}</a>`;
  const src = `status.json${withLang(opts.query, view.lang)}`;
  // A reload without script: the same page, a little less often than the script refreshes.
  const reload = Math.max(opts.refreshSeconds, 10);
  return `<!doctype html>
<html lang="${view.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(view.title)}</title>
<style>${STYLE}</style>
<noscript><meta http-equiv="refresh" content="${reload}"></noscript>
</head>
<body>
<main>
<header>
<nav>${records}${langs}</nav>
<h1>${escapeHtml(view.title)}</h1>
<p id="summary">${escapeHtml(view.summary)}</p>
<p id="updated" data-failed="${escapeHtml(w.refreshFailed)}">${escapeHtml(view.updatedText)}</p>
</header>
<table id="watches" data-src="${escapeHtml(src)}" data-refresh="${opts.refreshSeconds}" data-muted="${escapeHtml(w.muted)}" data-none="${escapeHtml(w.none)}">
<thead><tr>${head}</tr></thead>
<tbody>${rows}</tbody>
</table>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
