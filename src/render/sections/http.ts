import type { HttpCache, HttpDetail } from '../../probes/http/index.js';
import type { Section } from '../report.js';

export function httpSections(d: HttpDetail): { summary: string; sections: Section[] } {
  const t = d.timings;
  const summary =
    d.status === null
      ? `no response from ${d.finalUrl}`
      : `${d.status} ${d.statusText ?? ''} in ${t.totalMs} ms${d.redirects.length ? ` after ${d.redirects.length} redirect(s)` : ''}`;
  const facts: Array<[string, string]> = [
    ['final URL', d.finalUrl],
    ['status', d.status === null ? '-' : `${d.status} ${d.statusText ?? ''}`.trim()],
    ['HTTP version', d.httpVersion ?? '-'],
    ['address', d.address ?? '-'],
  ];
  if (d.tls) facts.push(['TLS', `${d.tls.protocol} ${d.tls.cipher}`]);
  for (const [name, value] of Object.entries(d.headers)) {
    // Shown with the other cache headers below.
    if (name === 'cache-control' && d.cache) continue;
    facts.push([name, value ?? '-']);
  }
  facts.push(['body bytes', String(d.bodyBytes)]);
  const sections: Section[] = [
    { title: 'Response', facts },
    {
      title: 'Timings (ms)',
      table: [
        ['resolve', 'connect', 'tls', 'processing', 'transfer', 'total'],
        [t.resolveMs, t.connectMs, t.tlsMs, t.processingMs, t.transferMs, t.totalMs].map(String),
      ],
    },
  ];
  const cache = d.cache ? cacheFacts(d.cache) : [];
  if (cache.length > 0) sections.push({ title: 'Cache', facts: cache });
  if (d.redirects.length > 0) {
    sections.push({
      title: 'Redirects',
      table: [
        ['status', 'from', 'to'],
        ...d.redirects.map((r) => [String(r.status), r.url, r.location]),
      ],
    });
  }
  return { summary, sections };
}

/**
 * The cache and CDN headers of the final response, standard ones first; none when only Date is
 * there (every server sends it, it says nothing about caching on its own).
 */
function cacheFacts(c: HttpCache): Array<[string, string]> {
  const facts: Array<[string, string | undefined]> = [
    ['cache-control', c.cacheControl],
    ['age', c.age === undefined ? undefined : `${c.age} s`],
    ['etag', c.etag],
    ['last-modified', c.lastModified],
    ['expires', c.expires],
    ['date', c.date],
    ['vary', c.vary],
    ['via', c.via],
    ...Object.entries(c.cdn),
  ];
  const shown = facts.filter((f): f is [string, string] => f[1] !== undefined);
  return shown.every(([name]) => name === 'date') ? [] : shown;
}
