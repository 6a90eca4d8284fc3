import { commonName as cn, EMPTY_DN } from '../../probes/cert/dn.js';
import type { CertDetail } from '../../probes/cert/index.js';
import { formatHostPort } from '../../probes/net/target.js';
import type { Section } from '../report.js';

function date(iso: string): string {
  return iso.slice(0, 10);
}

export function certSections(d: CertDetail): { summary: string; sections: Section[] } {
  const leaf = d.chain[0];
  const summary = leaf
    ? `valid for ${leaf.daysLeft} more days (until ${date(leaf.notAfter)})${
        d.path?.anchor ? `, chain to ${cn(d.path.anchor)}` : ''
      }${d.protocol ? `, ${d.protocol}` : ''}`
    : 'no certificate received';
  const connection: Array<[string, string]> = [
    ['address', d.address ? formatHostPort(d.address, d.port) : '-'],
    ['SNI', d.servername ?? '(none: IP literal)'],
    ['checked name', d.checkedName],
    ['protocol', d.protocol ? `${d.protocol} ${d.cipher ?? ''}`.trim() : '-'],
    ['key exchange', keyExchangeText(d.keyExchange)],
    [
      'legacy TLS',
      d.legacy.status === 'accepted'
        ? `accepted: ${d.legacy.accepted.join(', ')}`
        : d.legacy.status,
    ],
    [
      'revocation',
      `${d.revocation.status}${d.revocation.source ? ` (${d.revocation.source})` : ''}${
        d.revocation.reason ? `: ${d.revocation.reason}` : ''
      }`,
    ],
    ['OCSP stapled', d.ocspStapled ? 'yes' : 'no'],
    [
      'timings',
      `dns ${d.timings.dnsMs ?? '-'} ms, connect ${d.timings.connectMs ?? '-'} ms, tls ${d.timings.tlsMs ?? '-'} ms`,
    ],
  ];
  const sections: Section[] = [{ title: 'Connection', facts: connection }];
  if (d.chain.length > 0) {
    sections.push({
      title: `Chain as ${d.chainSource === 'as-sent' ? 'sent by the server' : 'rebuilt by the TLS library'} (${d.chain.length})`,
      table: [
        ['#', 'role', 'subject', 'issuer', 'expires', 'days', 'key', 'signature'],
        ...d.chain.map((c) => [
          String(c.index),
          c.onPath === false && c.role !== 'unrelated' ? `${c.role} (off the path)` : c.role,
          cn(c.subject),
          cn(c.issuer),
          date(c.notAfter),
          String(c.daysLeft),
          `${c.keyType}${c.keyBits ? ` ${c.keyBits}` : ''}`,
          c.signatureAlgorithm,
        ]),
      ],
    });
  }
  if (leaf) {
    sections.push({
      title: 'Leaf',
      facts: [
        ['subject', leaf.subject || EMPTY_DN],
        ['SANs', leaf.sans.join(', ') || '-'],
        ['valid', `${leaf.notBefore} → ${leaf.notAfter}`],
        ['serial', leaf.serial],
        ['SHA-256', leaf.fingerprint256],
      ],
    });
  }
  if (d.path && d.path.steps.length > 0) {
    sections.push({
      title: `Verification path (${d.path.outcome})`,
      table: [
        ['from', 'subject', 'expires', 'days'],
        ...d.path.steps.map((s) => [
          s.source === 'sent' ? `sent #${s.index}` : 'trust store',
          cn(s.subject),
          date(s.notAfter),
          String(s.daysLeft),
        ]),
      ],
    });
  }
  return { summary, sections };
}

function keyExchangeText(k: CertDetail['keyExchange']): string {
  if (!k) return '-';
  const what = [k.kind, k.group, k.bits ? `${k.bits} bits` : null].filter(Boolean).join(' ');
  return k.source === 'weak-offer' ? `${what} (to a ClientHello offering weak suites only)` : what;
}
