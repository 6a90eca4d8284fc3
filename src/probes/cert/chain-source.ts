/**
 * Which certificates to analyse. The real handshake's peer chain is the list exactly as the server
 * sent it (TLS 1.2 and 1.3: see walk() in handshake.ts). When that handshake failed (a TLS
 * 1.0/1.1-only server the local OpenSSL refuses), the legacy hello's certificates stand in: they
 * were read from the server's cleartext flight, also as sent.
 */
import type { X509Certificate } from 'node:crypto';
import type { TlsSession } from './handshake.js';
import { certificateFromDer, sharedCertificate } from './parse.js';
import type { Accepted } from './raw-hello.js';
import type { CertDetail } from './types.js';
import { plural, versionName } from './wording.js';

export interface ChosenChain {
  source: CertDetail['chainSource'];
  certs: X509Certificate[];
  note: string;
}

export function chooseChain(session: TlsSession | null, legacy: Accepted | null): ChosenChain {
  if (session) {
    const { order } = session.peerChain;
    // Node makes new objects per connection; what is memoised on a certificate (inspect.ts,
    // issuance.ts, spki.ts) is only worth keeping on the shared one. A path is read shared.
    const certs =
      order === 'path' ? session.peerChain.certs : session.peerChain.certs.map(sharedCertificate);
    const version = versionName(session.protocol ?? 'TLS');
    if (certs.length === 0) {
      return { source: null, certs, note: `no certificates: the ${version} handshake gave none` };
    }
    if (order === 'loop') {
      return {
        source: 'rebuilt',
        certs,
        note: `the certificate list of the ${version} handshake loops or is too long, so its order and any extra certificates are not checked (CHAIN_ORDER, CHAIN_HAS_ROOT)`,
      };
    }
    if (order === 'path') {
      return {
        source: 'rebuilt',
        certs,
        note: `${plural(certs.length, 'certificate')} of the ${version} handshake that issue one another from the leaf; the list as sent is not read here, so its order and any extra certificates are not checked (CHAIN_ORDER, CHAIN_HAS_ROOT)`,
      };
    }
    return {
      source: 'as-sent',
      certs,
      note: `${plural(certs.length, 'certificate')} exactly as the server sent them in its ${version} handshake`,
    };
  }
  if (!legacy) {
    return { source: null, certs: [], note: 'no certificates: the TLS handshake failed' };
  }
  const version = versionName(legacy.version);
  if (legacy.certificates.length === 0) {
    return {
      source: null,
      certs: [],
      note: `no certificates: the TLS handshake failed and the server sent none in its ${version} handshake`,
    };
  }
  const parsed = parseAll(legacy.certificates);
  if (!Array.isArray(parsed)) {
    return {
      source: null,
      certs: [],
      note: `no certificates: certificate #${parsed.bad} of the ${version} handshake is unreadable (${parsed.reason})`,
    };
  }
  return {
    source: 'as-sent',
    certs: parsed,
    note: `${plural(parsed.length, 'certificate')} exactly as the server sent them, read from its ${version} handshake flight (the TLS 1.2/1.3 handshake failed)`,
  };
}

function parseAll(ders: readonly Buffer[]): X509Certificate[] | { bad: number; reason: string } {
  const out: X509Certificate[] = [];
  for (const [i, der] of ders.entries()) {
    try {
      out.push(certificateFromDer(der));
    } catch (err) {
      return { bad: i, reason: (err as Error).message };
    }
  }
  return out;
}
