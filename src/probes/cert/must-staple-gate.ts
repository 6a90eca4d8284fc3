/**
 * Must-Staple without the ASN.1 library when it cannot matter: @peculiar/asn1-* takes ~370 ms to
 * load, and most leaves lack the TLS Feature extension. Its OID's DER bytes absent from the
 * certificate mean no extension; present, must-staple.ts reads it properly.
 */
import type { X509Certificate } from 'node:crypto';
import type { Finding } from '../types.js';

/** OBJECT IDENTIFIER 1.3.6.1.5.5.7.1.24 (id-pe-tlsfeature), tag and length included. */
const TLS_FEATURE_OID = Buffer.from([0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x18]);

/** Whether the certificate may carry the TLS Feature extension (false: it certainly does not). */
export function mayRequireStaple(cert: X509Certificate): boolean {
  return cert.raw.includes(TLS_FEATURE_OID);
}

/** must-staple.ts's mustStapleFindings, loading it only for a leaf that may need it. */
export async function mustStapleFindings(
  leaf: X509Certificate,
  stapled: boolean | null,
): Promise<Finding[]> {
  if (stapled !== false || !mayRequireStaple(leaf)) return [];
  const { mustStapleFindings: judge } = await import('./must-staple.js');
  return judge(leaf, stapled);
}
