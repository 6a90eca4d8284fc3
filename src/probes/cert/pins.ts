/**
 * Pins: the CAs (by name) or keys (by SPKI SHA-256) a certificate must come from. An issuer pin
 * matches the CN or O of the issuer of any certificate on the verification path (the leaf's
 * direct issuer, the intermediates above it, the root), so pinning "Let's Encrypt" or "ISRG Root
 * X1" survives the CA rotating its intermediates (R3 → R10/R11). An SPKI pin matches any key on
 * the path, leaf included (HPKP's rule).
 */
import type { X509Certificate } from 'node:crypto';
import { finding } from '../findings.js';
import type { Finding } from '../types.js';
import { caNames, dnText, oneLineDn, shortName } from './dn.js';
import { normaliseSpkiPin, spkiSha256 } from './spki.js';
import type { CertPin } from './types.js';
import { list } from './wording.js';

export function pinFindings(pin: CertPin | undefined, path: readonly X509Certificate[]): Finding[] {
  if (!pin || path.length === 0) return [];
  const out: Finding[] = [];
  const issuers = (pin.issuers ?? []).map((p) => p.trim()).filter(Boolean);
  if (issuers.length > 0) {
    const names = new Set(path.flatMap((c) => caNames(dnText(c, 'issuer'))).map(fold));
    if (!issuers.some((p) => names.has(fold(p)))) {
      const direct = oneLineDn(dnText(path[0] as X509Certificate, 'issuer')) || '(empty issuer)';
      out.push(
        finding(
          'CERT_PIN_MISMATCH',
          `the certificate is issued by ${direct}, and no certificate on its path is issued by a pinned CA (${list(issuers.map((i) => JSON.stringify(i)))}); path: ${pathText(path)}`,
        ),
      );
    }
  }
  const keys = (pin.spki ?? []).map((k) => normaliseSpkiPin(k) ?? k.trim()).filter(Boolean);
  if (keys.length > 0) {
    const seen = path.map(spkiSha256);
    if (!keys.some((k) => seen.includes(k))) {
      const shown = path.map(
        (c, i) => `${shortName(oneLineDn(dnText(c, 'subject')))} ${seen[i] || '?'}`,
      );
      out.push(
        finding(
          'CERT_PIN_MISMATCH',
          `no key on the certificate's path matches a pinned SPKI SHA-256 (${list(keys)}); the path's keys: ${shown.join('; ')}`,
        ),
      );
    }
  }
  return out;
}

function pathText(path: readonly X509Certificate[]): string {
  return path.map((c) => shortName(oneLineDn(dnText(c, 'subject')))).join(' → ');
}

function fold(s: string): string {
  return s.normalize('NFKC').replace(/[’‘]/g, "'").toLowerCase().trim();
}
