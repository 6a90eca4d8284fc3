/**
 * Which certificates to analyse. The raw TLS 1.2 hello reads them exactly as sent; a TLS 1.3-only
 * server refuses it, and then Node's view of the real handshake is the fallback.
 */
import type { X509Certificate } from 'node:crypto';
import type { TlsSession } from './handshake.js';
import { certificateFromDer } from './parse.js';
import { type Accepted, describeHello, type RawHello } from './raw-hello.js';
import type { CertDetail } from './types.js';
import { plural, versionName } from './wording.js';

export interface ChosenChain {
  source: CertDetail['chainSource'];
  certs: X509Certificate[];
  note: string;
}

export function chooseChain(
  asSent: RawHello,
  legacy: Accepted | null,
  session: TlsSession | null,
): ChosenChain {
  const hello = asSent.outcome === 'accepted' ? asSent : legacy;
  const refusal = asSent.outcome === 'accepted' ? '' : describeHello(asSent);
  if (hello && hello.certificates.length > 0) {
    const parsed = parseAll(hello.certificates);
    if (Array.isArray(parsed)) {
      const via = hello === asSent ? '' : ` (a TLS 1.2 ClientHello got ${refusal})`;
      return {
        source: 'as-sent',
        certs: parsed,
        note: `${plural(parsed.length, 'certificate')} exactly as the server sent them, read from its ${versionName(hello.version)} handshake flight${via}`,
      };
    }
    return fallback(
      `certificate #${parsed.bad} of the sent chain is unreadable (${parsed.reason})`,
      session,
    );
  }
  const why = hello ? 'the server sent no certificate' : `a TLS 1.2 ClientHello got ${refusal}`;
  return fallback(why, session);
}

function fallback(why: string, session: TlsSession | null): ChosenChain {
  const certs = session?.peerChain() ?? [];
  if (certs.length === 0) {
    return { source: null, certs, note: `no certificates: ${why}, and the handshake gave none` };
  }
  return {
    source: 'rebuilt',
    certs,
    note: `${why}, so the chain is the one Node received in the ${versionName(session?.protocol ?? 'TLS')} handshake; its order and any extra certificates are not checked (CHAIN_ORDER, CHAIN_HAS_ROOT)`,
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
