import { FINDINGS, type FindingCode, finding } from '../findings.js';
import { DialError } from '../net/dial.js';
import type { Finding, FindingArgs } from '../types.js';
import { HandshakeError } from './connector.js';

/** Node/OpenSSL verification codes → the cert probe's codes; anything else is a handshake failure. */
const TLS_CODES: Record<string, FindingCode> = {
  CERT_HAS_EXPIRED: 'CERT_EXPIRED',
  CERT_NOT_YET_VALID: 'CERT_NOT_YET_VALID',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'CHAIN_INCOMPLETE',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'CHAIN_INCOMPLETE',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'CERT_SELF_SIGNED',
  SELF_SIGNED_CERT_IN_CHAIN: 'CERT_UNTRUSTED',
  ERR_TLS_CERT_ALTNAME_INVALID: 'CERT_HOSTNAME_MISMATCH',
  TIMEOUT: 'TLS_TIMEOUT',
  // OpenSSL's security level, and Node's minDHSize, refusing a small DH group.
  ERR_SSL_DH_KEY_TOO_SMALL: 'TLS_WEAK_KEY_EXCHANGE',
  ERR_TLS_DH_PARAM_SIZE: 'TLS_WEAK_KEY_EXCHANGE',
};

/** What went wrong on one hop, and where a connection was made before it did. */
export interface HopFailure {
  finding: Finding;
  address: string | null;
  /** The hop failed while connecting (dial or TLS), before a request was sent. */
  atConnect: boolean;
}

/** The error and its `cause`s (undici and fetch wrap the error that matters). */
function* causes(err: unknown): Generator<unknown> {
  let e: unknown = err;
  for (let depth = 0; e !== undefined && e !== null && depth < 8; depth++) {
    yield e;
    e = (e as { cause?: unknown }).cause;
  }
}

/**
 * Classifies an error from one request. `url` is the URL of the hop; `gotHeaders` and
 * `bodyBytes` say how far the response had come.
 */
export function classifyHopError(
  err: unknown,
  url: URL,
  progress: { gotHeaders: boolean; bodyBytes: number },
  aborted: boolean,
): HopFailure {
  for (const e of causes(err)) {
    if (e instanceof DialError) {
      return {
        finding: finding(e.code, e.message, e.words),
        address: e.address ?? null,
        atConnect: true,
      };
    }
    if (e instanceof HandshakeError) {
      const code = TLS_CODES[e.reason] ?? 'TLS_HANDSHAKE_FAILED';
      const hint = `${FINDINGS[code].hint} \`wx cert ${url.host}\` gives the full chain analysis.`;
      const words = { args: { host: url.host, why: e.message }, variant: 'handshake' };
      return {
        finding: finding(code, e.message, { hint, ...words }),
        address: e.address,
        atConnect: true,
      };
    }
  }
  const codes = [...causes(err)].map((e) => (e as { code?: unknown }).code);
  const undiciTimeout = codes.some(
    (c) => c === 'UND_ERR_HEADERS_TIMEOUT' || c === 'UND_ERR_BODY_TIMEOUT',
  );
  if (aborted || undiciTimeout) {
    const message = progress.gotHeaders
      ? `${url.href}: the response body stalled after ${progress.bodyBytes} bytes and did not finish before the deadline`
      : `${url.href}: no response headers arrived before the deadline`;
    const words: { args: FindingArgs; variant: string } = progress.gotHeaders
      ? { args: { url: url.href, bytes: progress.bodyBytes }, variant: 'body' }
      : { args: { url: url.href }, variant: 'headers' };
    return { finding: finding('HTTP_TIMEOUT', message, words), address: null, atConnect: false };
  }
  const closed = codes.find(
    (c) =>
      c === 'ECONNRESET' ||
      c === 'EPIPE' ||
      c === 'UND_ERR_SOCKET' ||
      (typeof c === 'string' && c.startsWith('HPE_')),
  );
  if (closed) {
    return {
      finding: finding(
        'HTTP_BAD_RESPONSE',
        `${url.href}: the connection was closed or reset without a valid HTTP response (${String(closed)}: ${describe(err)})`,
        {
          hint: `Check that ${url.host} speaks ${url.protocol === 'https:' ? 'HTTPS' : 'plain HTTP'} on this port, and the server's error log.`,
          args: {
            url: url.href,
            host: url.host,
            why: `${String(closed)}: ${describe(err)}`,
            scheme: url.protocol === 'https:' ? 'HTTPS' : 'HTTP',
          },
        },
      ),
      address: null,
      atConnect: false,
    };
  }
  return {
    finding: finding('PROBE_ERROR', `${url.href}: ${describe(err)}`, {
      args: { what: url.href, why: describe(err) },
    }),
    address: null,
    atConnect: false,
  };
}

export function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
