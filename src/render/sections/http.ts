import type { SectionWords } from '../../i18n/section-words.js';
import type { HttpCache, HttpDetail } from '../../probes/http/index.js';
import type { Section } from '../report.js';

export function httpSections(
  d: HttpDetail,
  w: SectionWords,
): { summary: string; sections: Section[] } {
  const l = w.label;
  const t = d.timings;
  const summary =
    d.status === null
      ? w.httpNoResponse(d.finalUrl)
      : w.httpAnswered(`${d.status} ${d.statusText ?? ''}`.trim(), t.totalMs, d.redirects.length);
  const facts: Array<[string, string]> = [
    [l('final URL'), d.finalUrl],
    [l('status'), d.status === null ? '-' : `${d.status} ${d.statusText ?? ''}`.trim()],
    [l('HTTP version'), d.httpVersion ?? '-'],
    [l('address'), d.address ?? '-'],
  ];
  if (d.tls) facts.push([l('TLS'), `${d.tls.protocol} ${d.tls.cipher}`]);
  // Header names are the server's words: they stay as sent. Cache-Control is shown with the
  // other cache headers below.
  for (const [name, value] of Object.entries(d.headers)) {
    if (name === 'cache-control' && d.cache) continue;
    facts.push([name, value ?? '-']);
  }
  facts.push([l('body bytes'), String(d.bodyBytes)]);
  const sections: Section[] = [
    { title: l('Response'), facts },
    {
      title: l('Timings (ms)'),
      table: [
        [l('resolve'), l('connect'), l('tls'), l('processing'), l('transfer'), l('total')],
        [t.resolveMs, t.connectMs, t.tlsMs, t.processingMs, t.transferMs, t.totalMs].map(String),
      ],
    },
  ];
  const cache = d.cache ? cacheFacts(d.cache) : [];
  if (cache.length > 0) sections.push({ title: l('Cache'), facts: cache });
  if (d.redirects.length > 0) {
    sections.push({
      title: l('Redirects'),
      table: [
        [l('status'), l('from'), l('to')],
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
