/**
 * Are TLS 1.0/1.1 still accepted? Asked with raw ClientHellos, so the answer does not depend on
 * what the local OpenSSL is willing to negotiate.
 */
import { finding } from '../findings.js';
import type { Finding, ProbeContext } from '../types.js';
import {
  type Accepted,
  describeHello,
  type HelloTarget,
  type RawHello,
  rawHello,
} from './raw-hello.js';
import type { LegacyDetail, LegacyVersion } from './types.js';
import { list, versionName } from './wording.js';

export interface LegacyProbe {
  detail: LegacyDetail;
  /** The first accepted legacy hello: its certificates are as sent, too. */
  accepted: Accepted | null;
  /** What the first (TLS 1.1-capped) hello got back, accepted or not. */
  first: RawHello;
}

export const LEGACY_SKIPPED: LegacyDetail = {
  status: 'skipped',
  accepted: [],
  note: 'not asked for',
};

export async function probeLegacy(
  target: HelloTarget,
  ctx: ProbeContext,
  signal: AbortSignal,
): Promise<LegacyProbe> {
  const upTo11 = await rawHello(target, 'TLSv1.1', ctx, signal);
  if (upTo11.outcome !== 'accepted') {
    return { detail: unaccepted(upTo11), accepted: null, first: upTo11 };
  }
  // A server picks the highest version both sides offer: TLS 1.0 here means 1.1 is off.
  if (upTo11.version === 'TLSv1') return accepted(['TLSv1'], describeHello(upTo11), upTo11);
  const upTo10 = await rawHello(target, 'TLSv1', ctx, signal);
  const versions: LegacyVersion[] =
    upTo10.outcome === 'accepted' ? ['TLSv1', 'TLSv1.1'] : ['TLSv1.1'];
  const tls10 =
    upTo10.outcome === 'accepted'
      ? describeHello(upTo10)
      : `TLS 1.0 not accepted: ${describeHello(upTo10)}`;
  const note = `${describeHello(upTo11)}; ${tls10}`;
  return accepted(versions, note, upTo11);
}

function accepted(versions: LegacyVersion[], note: string, hello: Accepted): LegacyProbe {
  return {
    detail: { status: 'accepted', accepted: versions, note },
    accepted: hello,
    first: hello,
  };
}

function unaccepted(hello: RawHello): LegacyDetail {
  const status = hello.outcome === 'refused' ? 'refused' : 'unknown';
  return { status, accepted: [], note: describeHello(hello) };
}

export function legacyFindings(detail: LegacyDetail): Finding[] {
  if (detail.status !== 'accepted') return [];
  const names = detail.accepted.map(versionName);
  return [
    finding('TLS_LEGACY_PROTOCOL', `the server still accepts ${list(names)} (${detail.note})`),
  ];
}
