import type { SectionWords } from '../../i18n/section-words.js';
import type { HttpDetail } from '../../probes/http/index.js';
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
  // Header names are the server's words: they stay as sent.
  for (const [name, value] of Object.entries(d.headers)) facts.push([name, value ?? '-']);
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
