import type { HttpDetail } from '../../probes/http/index.js';
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
  for (const [name, value] of Object.entries(d.headers)) facts.push([name, value ?? '-']);
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
