import type { SectionWords } from '../../i18n/section-words.js';
import { commonName as cn, EMPTY_DN } from '../../probes/cert/dn.js';
import type { CertDetail } from '../../probes/cert/index.js';
import { formatHostPort } from '../../probes/net/target.js';
import type { Section } from '../report.js';

function date(iso: string): string {
  return iso.slice(0, 10);
}

export function certSections(
  d: CertDetail,
  w: SectionWords,
): { summary: string; sections: Section[] } {
  const l = w.label;
  const leaf = d.chain[0];
  const summary = !leaf
    ? w.noCertificate
    : leaf.daysLeft < 0
      ? w.certExpired(-leaf.daysLeft, date(leaf.notAfter))
      : w.certValid(
          leaf.daysLeft,
          date(leaf.notAfter),
          d.path?.anchor ? cn(d.path.anchor) : null,
          d.protocol ?? null,
        );
  const connection: Array<[string, string]> = [
    [l('address'), d.address ? formatHostPort(d.address, d.port) : '-'],
    [l('SNI'), d.servername ?? l('(none: IP literal)')],
    [l('checked name'), d.checkedName],
    [l('protocol'), d.protocol ? `${d.protocol} ${d.cipher ?? ''}`.trim() : '-'],
    [l('key exchange'), keyExchangeText(d.keyExchange, w)],
    [
      l('legacy TLS'),
      d.legacy.status === 'accepted'
        ? `${l('accepted')}: ${d.legacy.accepted.join(', ')}`
        : l(d.legacy.status),
    ],
    [
      l('revocation'),
      `${l(d.revocation.status)}${d.revocation.source ? ` (${d.revocation.source})` : ''}${
        d.revocation.reason && w.probeReasons ? `: ${d.revocation.reason}` : ''
      }`,
    ],
    [l('OCSP stapled'), d.ocspStapled ? l('yes') : l('no')],
    [
      l('timings'),
      [
        `${l('dns')} ${w.milliseconds(d.timings.dnsMs ?? '-')}`,
        `${l('connect')} ${w.milliseconds(d.timings.connectMs ?? '-')}`,
        `${l('tls')} ${w.milliseconds(d.timings.tlsMs ?? '-')}`,
      ].join(w.comma),
    ],
  ];
  const sections: Section[] = [{ title: l('Connection'), facts: connection }];
  if (d.chain.length > 0) {
    sections.push({
      title: `${l(d.chainSource === 'as-sent' ? 'Chain as sent by the server' : 'Chain as rebuilt by the TLS library')} (${d.chain.length})`,
      table: [
        [
          l('#'),
          l('role'),
          l('subject'),
          l('issuer'),
          l('expires'),
          l('days'),
          l('key'),
          l('signature'),
        ],
        ...d.chain.map((c) => [
          String(c.index),
          c.onPath === false && c.role !== 'unrelated'
            ? `${l(c.role)} (${l('off the path')})`
            : l(c.role),
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
      title: l('Leaf'),
      facts: [
        [l('subject'), leaf.subject || EMPTY_DN],
        [l('SANs'), leaf.sans.join(', ') || '-'],
        [l('valid'), `${leaf.notBefore} → ${leaf.notAfter}`],
        [l('serial'), leaf.serial],
        [l('SHA-256'), leaf.fingerprint256],
      ],
    });
  }
  if (d.path && d.path.steps.length > 0) {
    sections.push({
      title: `${l('Verification path')} (${d.path.outcome})`,
      table: [
        [l('from'), l('subject'), l('expires'), l('days')],
        ...d.path.steps.map((s) => [
          s.source === 'sent' ? `${l('sent')} #${s.index}` : l('trust store'),
          cn(s.subject),
          date(s.notAfter),
          String(s.daysLeft),
        ]),
      ],
    });
  }
  return { summary, sections };
}

function keyExchangeText(k: CertDetail['keyExchange'], w: SectionWords): string {
  if (!k) return '-';
  const what = [k.kind, k.group, k.bits ? w.bits(k.bits) : null].filter(Boolean).join(' ');
  return k.source === 'weak-offer'
    ? `${what} (${w.label('to a ClientHello offering weak suites only')})`
    : what;
}
