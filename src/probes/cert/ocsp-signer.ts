/**
 * Who signed an OCSP response, and may they (RFC 6960 4.2.2.2): the issuing CA itself, or a
 * delegated responder certificate issued directly by that CA with the OCSPSigning EKU.
 */
import { type KeyObject, verify, X509Certificate } from 'node:crypto';
import type { ResponderID } from '@peculiar/asn1-ocsp';
import { type Certificate, id_kp_OCSPSigning } from '@peculiar/asn1-x509';
import { dnText, EMPTY_DN, oneLineDn } from './dn.js';
import {
  type BasicResponse,
  extendedKeyUsages,
  keyHash,
  nameDer,
  parseCertificate,
} from './ocsp-wire.js';

interface Candidate {
  x509: X509Certificate;
  asn: Certificate;
  delegated: boolean;
}

export type SignerCheck =
  | { ok: true; signer: 'issuer' | 'delegated'; subject: string }
  | { ok: false; reason: string };

/** Node's digest name per signature algorithm OID; null for algorithms without a separate digest. */
const SIGNATURE_HASH: Record<string, string | null> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.3.101.112': null,
  '1.3.101.113': null,
};

export function checkSigner(
  response: BasicResponse,
  issuer: X509Certificate,
  issuerAsn: Certificate,
  now: Date,
): SignerCheck {
  const candidates: Candidate[] = [{ x509: issuer, asn: issuerAsn, delegated: false }];
  for (const der of response.certs) {
    try {
      candidates.push({
        x509: new X509Certificate(der),
        asn: parseCertificate(der),
        delegated: true,
      });
    } catch {
      // An unreadable extra certificate cannot be the signer; the others may still be.
    }
  }
  const named = candidates.filter((c) => identifies(response.data.responderID, c.asn));
  if (named.length === 0) {
    return {
      ok: false,
      reason: 'signed by a responder that is neither the issuer nor a certificate in the response',
    };
  }
  const problems: string[] = [];
  for (const c of named) {
    const problem =
      (c.delegated ? delegationProblem(c.x509, issuer, now) : null) ??
      signatureProblem(response, c.x509.publicKey);
    if (problem === null) {
      return { ok: true, signer: c.delegated ? 'delegated' : 'issuer', subject: oneLine(c.x509) };
    }
    problems.push(problem);
  }
  return { ok: false, reason: problems[0] ?? 'no usable signer' };
}

function identifies(id: ResponderID, cert: Certificate): boolean {
  if (id.byKey) return keyHash(cert).equals(new Uint8Array(id.byKey.buffer));
  if (id.byName) return nameDer(cert.tbsCertificate.subject).equals(nameDer(id.byName));
  return false;
}

function delegationProblem(
  cert: X509Certificate,
  issuer: X509Certificate,
  now: Date,
): string | null {
  const who = `responder certificate "${oneLine(cert)}"`;
  if (!cert.checkIssued(issuer) || !cert.verify(issuer.publicKey)) {
    return `${who} is not issued by the certificate's issuer "${oneLine(issuer)}"`;
  }
  if (!extendedKeyUsages(parseCertificate(cert.raw)).includes(id_kp_OCSPSigning)) {
    return `${who} lacks the OCSPSigning extended key usage`;
  }
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) {
    return `${who} is outside its validity (${cert.validFrom} – ${cert.validTo})`;
  }
  return null;
}

function signatureProblem(response: BasicResponse, key: KeyObject): string | null {
  const oid = response.signatureAlgorithm;
  if (!(oid in SIGNATURE_HASH)) return `unsupported signature algorithm ${oid}`;
  try {
    const ok = verify(SIGNATURE_HASH[oid] ?? null, response.signedBytes, key, response.signature);
    return ok ? null : 'signature does not verify';
  } catch (err) {
    return `signature does not verify (${(err as Error).message})`;
  }
}

function oneLine(cert: X509Certificate): string {
  return oneLineDn(dnText(cert, 'subject')) || EMPTY_DN;
}
