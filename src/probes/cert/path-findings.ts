/** Where the path ends, in findings: self-signed leaf, untrusted root, missing issuer. */
import type { X509Certificate } from 'node:crypto';
import { finding } from '../findings.js';
import type { Finding } from '../types.js';
import type { Element } from './chain.js';
import { EMPTY_DN, oneLineDn, shortName } from './dn.js';
import type { PathEnd } from './path.js';

export function pathEndFinding(end: PathEnd, last: Element): Finding | null {
  // A SAN-only leaf has no name of its own: "the leaf" reads better than "(empty subject)".
  const lastName =
    last.info.facts.subject === '' && last.role === 'leaf'
      ? 'the leaf'
      : shortName(last.info.facts.subject);
  switch (end.kind) {
    case 'trusted':
      return null;
    case 'self-signed':
      return finding(
        'CERT_SELF_SIGNED',
        `${last.label} is self-signed and not in the trust store; no client trusts it unless told to`,
        { args: { cert: shortName(last.info.facts.subject) } },
      );
    case 'untrusted-root':
      return finding(
        'CERT_UNTRUSTED',
        `the chain ends at the self-signed root ${last.info.facts.subject || EMPTY_DN}${sentAs(last)}, which is not in the trust store`,
        {
          hint: `Use a certificate from a publicly trusted CA; if ${lastName} is your private root, pass it with --ca.`,
          args: { root: last.info.facts.subject || EMPTY_DN },
        },
      );
    case 'incomplete':
      return incompleteFinding(end, last, lastName);
  }
}

function incompleteFinding(
  end: Extract<PathEnd, { kind: 'incomplete' }>,
  last: Element,
  lastName: string,
): Finding {
  const missing = oneLineDn(end.missingIssuer) || '(an empty issuer name)';
  const missingName = shortName(missing);
  const url = caIssuersUrl(last.info.cert);
  const parts = [
    `${last.label} is issued by ${missing}, which the server does not send and the trust store does not hold`,
  ];
  for (const m of end.nameMatches) {
    const where = m.index === null ? 'the trust store holds' : `the server sends (#${m.index})`;
    parts.push(
      `${where} a certificate named ${missingName} whose key did not sign ${lastName}: an old or re-keyed CA certificate`,
    );
  }
  parts.push(
    url
      ? `its AIA caIssuers URL is ${url}; browsers may fetch it from there and hide the problem, but WeChat's servers and most API clients do not`
      : `${lastName} has no AIA caIssuers URL, so not even browsers can find the issuer`,
  );
  const fetch = url ? ` (download it from ${url})` : '';
  return finding('CHAIN_INCOMPLETE', parts.join('; '), {
    hint: `Serve ${missingName}${fetch} after ${lastName}: nginx ssl_certificate fullchain.pem, not cert.pem. If ${missingName} is a private root, pass it with --ca instead.`,
    args: {
      cert: shortName(last.info.facts.subject),
      missing: missingName,
      ...(url ? { url } : {}),
    },
    variant: url ? 'aia' : 'no-aia',
  });
}

function sentAs(el: Element): string {
  return el.index === null ? ' (from the trust store)' : ` (sent as #${el.index})`;
}

/** The first "CA Issuers - URI:" of the AIA extension, as Node prints it. */
export function caIssuersUrl(cert: X509Certificate): string | null {
  const m = /^CA Issuers - URI:(.+)$/m.exec(cert.infoAccess ?? '');
  if (!m?.[1]) return null;
  const raw = m[1].trim();
  return raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
}
