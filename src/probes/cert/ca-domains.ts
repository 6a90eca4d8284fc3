/**
 * Which CAA domains (RFC 8659 issuer domain names) a CA answers to, by the names in its
 * certificates' issuer DN. Only CAs whose CAA domains they publish themselves; any other CA is
 * "unknown" and is never guessed. A CA listed with several domains is allowed by any of them.
 */
import { caNames } from './dn.js';

interface CaEntry {
  /** Matched against the issuer's O and CN. */
  name: RegExp;
  domains: string[];
}

const TABLE: readonly CaEntry[] = [
  { name: /let'?s ?encrypt/i, domains: ['letsencrypt.org'] },
  { name: /google trust services/i, domains: ['pki.goog'] },
  // TrustAsia's older intermediates are operated under DigiCert: either domain is theirs.
  { name: /trustasia/i, domains: ['trustasia.com', 'digicert.com'] },
  // Cloudflare's own-name intermediates (Cloudflare Inc ECC CA-3) are issued by DigiCert.
  { name: /cloudflare/i, domains: ['digicert.com'] },
  {
    name: /digicert|geotrust|rapidssl|thawte|symantec|encryption everywhere/i,
    domains: ['digicert.com', 'symantec.com', 'geotrust.com', 'rapidssl.com', 'thawte.com'],
  },
  { name: /zerossl/i, domains: ['sectigo.com', 'zerossl.com'] },
  {
    name: /sectigo|comodo|usertrust/i,
    domains: ['sectigo.com', 'comodoca.com', 'comodo.com', 'usertrust.com', 'trust-provider.com'],
  },
  { name: /globalsign/i, domains: ['globalsign.com'] },
  { name: /godaddy|starfield/i, domains: ['godaddy.com', 'starfieldtech.com'] },
  {
    name: /^amazon\b/i,
    domains: ['amazon.com', 'amazontrust.com', 'awstrust.com', 'amazonaws.com'],
  },
  { name: /entrust/i, domains: ['entrust.net', 'affirmtrust.com'] },
  { name: /buypass/i, domains: ['buypass.com', 'buypass.no'] },
  { name: /^ssl\.com\b/i, domains: ['ssl.com'] },
];

/** The CAA domains of the CA that issued a certificate (its issuer DN, as Node prints it), or null. */
export function caaDomainsOf(issuerDn: string): string[] | null {
  const names = caNames(issuerDn);
  // The common name first, the more specific name (CN=TrustAsia … under O=DigiCert Inc).
  for (const name of [...names].reverse()) {
    const hit = TABLE.find((e) => e.name.test(name));
    if (hit) return [...hit.domains];
  }
  return null;
}
