/**
 * OCSP revocation checking: a stapled response, or the leaf's AIA responder. Only a response that
 * is signed by an authorised responder, names this certificate and is current counts; anything
 * else is `unchecked` with the reason, never `good`.
 */
import type { X509Certificate } from 'node:crypto';
import type { SingleResponse } from '@peculiar/asn1-ocsp';
import { type Certificate, CRLReasons } from '@peculiar/asn1-x509';
import type { ProbeContext } from '../types.js';
import { checkSigner } from './ocsp-signer.js';
import {
  type BasicResponse,
  certIdFor,
  certIdMatches,
  decodeResponse,
  encodeRequest,
  ocspUrls,
  parseCertificate,
} from './ocsp-wire.js';

export type OcspSource = 'staple' | 'responder';

export type OcspStatus =
  | {
      status: 'good';
      source: OcspSource;
      thisUpdate: string;
      nextUpdate?: string;
      responder?: string;
    }
  | {
      status: 'revoked';
      source: OcspSource;
      revokedAt: string;
      reason?: string;
      responder?: string;
    }
  /** The responder says it does not know the certificate. */
  | { status: 'unknown'; source: OcspSource; responder?: string }
  /** No staple and no or unreachable responder, bad signature, stale response… */
  | { status: 'unchecked'; reason: string };

/** Clock difference tolerated between us and the responder. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** A response without nextUpdate is taken as current for this long after its thisUpdate. */
export const MAX_AGE_WITHOUT_NEXT_UPDATE_MS = 7 * 86_400_000;

/** Verify and read a stapled response (DER) for `leaf` issued by `issuer`. */
export function checkStaple(
  staple: Buffer,
  leaf: X509Certificate,
  issuer: X509Certificate,
  now: Date,
): OcspStatus {
  const pair = readPair(leaf, issuer);
  if (typeof pair === 'string') return unchecked(pair);
  return evaluate(staple, pair, now, { source: 'staple', label: 'stapled OCSP response' });
}

/** Ask the AIA OCSP responder of `leaf`. Honours ctx.signal; goes through the address guard. */
export async function queryResponder(
  leaf: X509Certificate,
  issuer: X509Certificate,
  ctx: ProbeContext,
): Promise<OcspStatus> {
  const pair = readPair(leaf, issuer);
  if (typeof pair === 'string') return unchecked(pair);
  let urls: string[];
  try {
    urls = ocspUrls(pair.leaf);
  } catch (err) {
    return unchecked(`the certificate's AIA extension is unreadable: ${(err as Error).message}`);
  }
  if (urls.length === 0) return unchecked('the certificate names no OCSP responder');
  const url = urls.map(parseHttpUrl).find((u) => u !== null);
  if (!url) return unchecked(`OCSP responder ${urls[0]} is not an http:// URL`);

  const request = encodeRequest(certIdFor(pair.leaf, pair.issuer));
  // Imported here: its HTTP client (undici) is needed only when a responder is asked.
  const { postOcspRequest } = await import('./ocsp-http.js');
  const exchange = await postOcspRequest(url, request, ctx);
  if (!exchange.ok) return unchecked(exchange.reason);
  return evaluate(exchange.body, pair, ctx.now(), {
    source: 'responder',
    label: `OCSP response from ${url.href}`,
    responder: url.href,
  });
}

interface Origin {
  source: OcspSource;
  /** How reasons name the response ("stapled OCSP response", "OCSP response from http://…"). */
  label: string;
  responder?: string;
}

/** The leaf and its issuer, decoded once. */
interface Pair {
  leaf: Certificate;
  issuer: Certificate;
  issuerX509: X509Certificate;
}

function readPair(leaf: X509Certificate, issuer: X509Certificate): Pair | string {
  try {
    return {
      leaf: parseCertificate(leaf.raw),
      issuer: parseCertificate(issuer.raw),
      issuerX509: issuer,
    };
  } catch (err) {
    return `certificate unreadable for OCSP: ${(err as Error).message}`;
  }
}

function evaluate(der: Buffer, pair: Pair, now: Date, origin: Origin): OcspStatus {
  const { label } = origin;
  let decoded: ReturnType<typeof decodeResponse>;
  try {
    decoded = decodeResponse(der);
  } catch (err) {
    return unchecked(`${label} is not a readable OCSP response: ${(err as Error).message}`);
  }
  if (decoded.kind === 'refused')
    return unchecked(`${label}: responder answered ${decoded.status}`);
  if (decoded.kind === 'unsupported') {
    return unchecked(`${label} has unsupported type ${decoded.responseType}`);
  }
  const response = decoded.response;

  const signer = checkSigner(response, pair.issuerX509, pair.issuer, now);
  if (!signer.ok) return unchecked(`${label} rejected: ${signer.reason}`);

  const single = findSingle(response, pair.leaf, pair.issuer);
  if (!single) return unchecked(`${label} does not cover this certificate`);

  const staleness = timeProblem(single, now);
  if (staleness) return unchecked(`${label} ${staleness}`);

  return statusOf(single, origin);
}

function findSingle(
  response: BasicResponse,
  leaf: Certificate,
  issuer: Certificate,
): SingleResponse | undefined {
  return response.data.responses.find((r) => certIdMatches(r.certID, leaf, issuer));
}

function timeProblem(single: SingleResponse, now: Date): string | null {
  const t = now.getTime();
  if (single.thisUpdate.getTime() > t + CLOCK_SKEW_MS) {
    return `is not yet valid: thisUpdate ${iso(single.thisUpdate)} is in the future`;
  }
  if (single.nextUpdate) {
    if (single.nextUpdate.getTime() < t - CLOCK_SKEW_MS) {
      return `is stale: nextUpdate ${iso(single.nextUpdate)} has passed`;
    }
  } else if (single.thisUpdate.getTime() < t - MAX_AGE_WITHOUT_NEXT_UPDATE_MS) {
    return `is stale: thisUpdate ${iso(single.thisUpdate)} and no nextUpdate`;
  }
  return null;
}

function statusOf(single: SingleResponse, origin: Origin): OcspStatus {
  const { source, responder } = origin;
  const from = responder ? { responder } : {};
  const { certStatus } = single;
  if (certStatus.revoked) {
    const code = certStatus.revoked.revocationReason?.reason;
    return {
      status: 'revoked',
      source,
      revokedAt: iso(certStatus.revoked.revocationTime),
      ...(code !== undefined ? { reason: CRLReasons[code] ?? `reason ${code}` } : {}),
      ...from,
    };
  }
  if (certStatus.good !== undefined) {
    return {
      status: 'good',
      source,
      thisUpdate: iso(single.thisUpdate),
      ...(single.nextUpdate ? { nextUpdate: iso(single.nextUpdate) } : {}),
      ...from,
    };
  }
  if (certStatus.unknown !== undefined) return { status: 'unknown', source, ...from };
  return unchecked('the response carries no certificate status');
}

function parseHttpUrl(raw: string): URL | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

function unchecked(reason: string): OcspStatus {
  return { status: 'unchecked', reason };
}

function iso(d: Date): string {
  return d.toISOString();
}
