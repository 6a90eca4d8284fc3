/**
 * OCSP Must-Staple (RFC 7633): a leaf with the TLS Feature extension listing status_request
 * promises that every server using it staples an OCSP response. Firefox holds servers to it
 * (MOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING); other clients ignore the extension.
 */
import type { X509Certificate } from 'node:crypto';
import { AsnArray, AsnConvert, AsnPropTypes, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';
import { finding } from '../findings.js';
import type { Finding } from '../types.js';
import { dnText, oneLineDn, shortName } from './dn.js';
import { parseCertificate } from './ocsp-wire.js';

export const ID_PE_TLS_FEATURE = '1.3.6.1.5.5.7.1.24';
/** The TLS extension number of status_request (RFC 6066 8). */
const STATUS_REQUEST = 5;

/** Features ::= SEQUENCE OF INTEGER (RFC 7633 6). */
class TlsFeatures extends AsnArray<number> {}
AsnType({ type: AsnTypeTypes.Sequence, itemType: AsnPropTypes.Integer })(TlsFeatures);

const memo = new WeakMap<X509Certificate, boolean>();

/** Whether the certificate requires a stapled OCSP response; false when the extension is unreadable. */
export function requiresStaple(cert: X509Certificate): boolean {
  const known = memo.get(cert);
  if (known !== undefined) return known;
  let answer = false;
  try {
    const ext = parseCertificate(cert.raw).tbsCertificate.extensions?.find(
      (e) => e.extnID === ID_PE_TLS_FEATURE,
    );
    if (ext) {
      const features = AsnConvert.parse(ext.extnValue.buffer, TlsFeatures);
      answer = features.some((f) => Number(f) === STATUS_REQUEST);
    }
  } catch {
    answer = false; // an unreadable extension: Firefox refuses the certificate for that, not us
  }
  memo.set(cert, answer);
  return answer;
}

/**
 * CERT_MUST_STAPLE_MISSING when the leaf requires a staple and the real handshake, which asked for
 * one (status_request), got none. `stapled` is null when no such handshake was made.
 */
export function mustStapleFindings(leaf: X509Certificate, stapled: boolean | null): Finding[] {
  if (stapled !== false || !requiresStaple(leaf)) return [];
  const name = shortName(oneLineDn(dnText(leaf, 'subject')));
  return [
    finding(
      'CERT_MUST_STAPLE_MISSING',
      `leaf ${name} carries OCSP Must-Staple (TLS Feature status_request) but the server stapled no OCSP response although the handshake asked for one: Firefox refuses the connection`,
    ),
  ];
}
