import type { SectionWords } from '../../i18n/section-words.js';
import type { DnsDetail } from '../../probes/dns/index.js';
import type { Section } from '../report.js';

export function dnsSections(
  d: DnsDetail,
  w: SectionWords,
): { summary: string; sections: Section[] } {
  const l = w.label;
  const answered = d.resolvers.filter((r) => r.rcode === 'NOERROR');
  const finals = new Set(answered.flatMap((r) => finalData(r.answers, d.type)));
  const summary =
    answered.length === 0
      ? w.dnsNoAnswer(`${d.name} ${d.type}`)
      : w.dnsAnswers(answered.length, d.resolvers.length, [...finals].join(', '));
  const table = [
    [l('resolver'), l('rcode'), l('answers'), l('ttl'), l('cname chain'), l('ms')],
    ...d.resolvers.map((r) => [
      r.resolver,
      r.rcode ?? r.error ?? '-',
      finalData(r.answers, d.type).join(' ') || '-',
      ttls(r.answers, d.type),
      r.cnameChain.join(' → ') || '-',
      `${r.timeMs}${r.transport === 'tcp' ? ' (tcp)' : ''}`,
    ]),
  ];
  return { summary, sections: [{ title: `${l('Resolvers')} (${d.name} ${d.type})`, table }] };
}

function finalData(answers: DnsDetail['resolvers'][number]['answers'], type: string): string[] {
  return answers.filter((a) => a.type === type).map((a) => a.data);
}

function ttls(answers: DnsDetail['resolvers'][number]['answers'], type: string): string {
  const values = [...new Set(answers.filter((a) => a.type === type).map((a) => a.ttl))];
  return values.length ? values.join(',') : '-';
}
