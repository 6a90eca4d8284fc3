import type { DnsDetail } from '../../probes/dns/index.js';
import type { Section } from '../report.js';

export function dnsSections(d: DnsDetail): { summary: string; sections: Section[] } {
  const answered = d.resolvers.filter((r) => r.rcode === 'NOERROR');
  const finals = new Set(answered.flatMap((r) => finalData(r.answers, d.type)));
  const summary =
    answered.length === 0
      ? `no resolver answered for ${d.name} ${d.type}`
      : `${answered.length}/${d.resolvers.length} resolvers answer ${[...finals].join(', ') || '(no records)'}`;
  const table = [
    ['resolver', 'rcode', 'answers', 'ttl', 'cname chain', 'ms'],
    ...d.resolvers.map((r) => [
      r.resolver,
      r.rcode ?? r.error ?? '-',
      finalData(r.answers, d.type).join(' ') || '-',
      ttls(r.answers, d.type),
      r.cnameChain.join(' → ') || '-',
      `${r.timeMs}${r.transport === 'tcp' ? ' (tcp)' : ''}`,
    ]),
  ];
  return { summary, sections: [{ title: `Resolvers (${d.name} ${d.type})`, table }] };
}

function finalData(answers: DnsDetail['resolvers'][number]['answers'], type: string): string[] {
  return answers.filter((a) => a.type === type).map((a) => a.data);
}

function ttls(answers: DnsDetail['resolvers'][number]['answers'], type: string): string {
  const values = [...new Set(answers.filter((a) => a.type === type).map((a) => a.ttl))];
  return values.length ? values.join(',') : '-';
}
