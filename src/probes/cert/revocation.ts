/**
 * Revocation of the leaf: the stapled OCSP response when there is one, else the AIA responder
 * (whose good answers are reused until their nextUpdate).
 */
import type { X509Certificate } from 'node:crypto';
import { finding } from '../findings.js';
import type { Finding, ProbeContext } from '../types.js';
import { dnText, shortName } from './dn.js';
import type { OcspStatus } from './ocsp.js';
import { keepAnswer, ocspKey, reusedAnswer } from './ocsp-cache.js';
import type { RevocationDetail } from './types.js';

export function skipped(reason: string): RevocationDetail {
  return { status: 'skipped', source: null, revokedAt: null, reason, responder: null };
}

export async function checkRevocation(
  leaf: X509Certificate,
  issuer: X509Certificate | null,
  staple: Buffer | null,
  ctx: ProbeContext,
): Promise<RevocationDetail> {
  if (!issuer) {
    return toDetail({ status: 'unchecked', reason: 'the issuer of the leaf is not available' });
  }
  if (!staple) {
    // Saves decoding both certificates for OCSP when there is nobody to ask.
    if (!/^OCSP - URI:/m.test(leaf.infoAccess ?? '')) {
      return toDetail({ status: 'unchecked', reason: 'the certificate names no OCSP responder' });
    }
    return toDetail(await askResponder(leaf, issuer, ctx));
  }
  const { checkStaple } = await import('./ocsp.js');
  const stapled = checkStaple(staple, leaf, issuer, ctx.now());
  if (stapled.status !== 'unchecked') return toDetail(stapled);
  // A staple that cannot be used is no answer: ask the responder, and keep both reasons.
  const asked = await askResponder(leaf, issuer, ctx);
  if (asked.status !== 'unchecked') return toDetail(asked);
  return toDetail({ status: 'unchecked', reason: `${stapled.reason}; ${asked.reason}` });
}

/** The responder's answer, reused while it is valid (ocsp-cache.ts). */
async function askResponder(
  leaf: X509Certificate,
  issuer: X509Certificate,
  ctx: ProbeContext,
): Promise<OcspStatus> {
  const key = ocspKey(leaf, issuer);
  const kept = reusedAnswer(key, ctx.now());
  if (kept) return kept;
  // Imported here: the OCSP code and its ASN.1 library (~370 ms to load) only when there is
  // something to ask or read.
  const { queryResponder } = await import('./ocsp.js');
  const answer = await queryResponder(leaf, issuer, ctx);
  keepAnswer(key, answer, ctx.now());
  return answer;
}

function toDetail(s: OcspStatus): RevocationDetail {
  switch (s.status) {
    case 'unchecked':
      return {
        status: 'unchecked',
        source: null,
        revokedAt: null,
        reason: s.reason,
        responder: null,
      };
    case 'revoked':
      return {
        status: 'revoked',
        source: s.source,
        revokedAt: s.revokedAt,
        reason: s.reason ?? null,
        responder: s.responder ?? null,
      };
    default:
      return {
        status: s.status,
        source: s.source,
        revokedAt: null,
        reason: null,
        responder: s.responder ?? null,
      };
  }
}

export function revocationFindings(detail: RevocationDetail, leaf: X509Certificate): Finding[] {
  const from =
    detail.source === 'staple'
      ? 'the stapled OCSP response'
      : `the OCSP responder ${detail.responder ?? ''}`.trim();
  const leafName = `leaf ${shortName(dnText(leaf, 'subject'))} (serial ${leaf.serialNumber.toLowerCase()})`;
  switch (detail.status) {
    case 'revoked':
      return [
        finding(
          'CERT_REVOKED',
          `${leafName} was revoked on ${detail.revokedAt}${detail.reason ? ` (${detail.reason})` : ''}, according to ${from}`,
        ),
      ];
    case 'unknown':
      return [finding('REVOCATION_UNCHECKED', `${from} does not know ${leafName}`)];
    case 'unchecked':
      return [
        finding('REVOCATION_UNCHECKED', `revocation of ${leafName} not checked: ${detail.reason}`),
      ];
    default:
      return [];
  }
}
