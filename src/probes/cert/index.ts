/**
 * The cert probe: one real handshake (protocol, cipher, OCSP staple, the chain as sent, or only
 * its path for checkOrder false), closed; then a TLS 1.0/1.1 probe (raw ClientHellos on
 * connections of their own) while our own verification of every element, and revocation, run.
 */
import type { X509Certificate } from 'node:crypto';
import { type Deadline, startDeadline } from '../deadline.js';
import { withResolvers } from '../dns/lookup.js';
import { type FindingCode, finding } from '../findings.js';
import { DialError, type Dialed, dial } from '../net/dial.js';
import { formatHostPort } from '../net/target.js';
import { trustStore } from '../tls/trust.js';
import type { Finding, ProbeContext, ProbeFn } from '../types.js';
import { makeResult, start } from '../verdict.js';
import { type CaaLookup, caaNotChecked, judgeCaa, lookupCaa } from './caa.js';
import { analyseChain } from './chain.js';
import { type ChosenChain, chooseChain } from './chain-source.js';
import { type Handshake, handshake, type TlsSession } from './handshake.js';
import { ipLiteral } from './hostname.js';
import { judgeKeyExchange, type KexJudgement } from './key-exchange.js';
import { LEGACY_SKIPPED, type LegacyProbe, legacyFindings, probeLegacy } from './legacy.js';
import { mustStapleFindings } from './must-staple-gate.js';
import { pinFindings } from './pins.js';
import { describeHello, type HelloTarget } from './raw-hello.js';
import { checkRevocation, revocationFindings, skipped } from './revocation.js';
import type { CertDetail, CertSpec } from './types.js';
import { list, versionName } from './wording.js';

export { analyseChain, type ChainAnalysis, type ChainInput } from './chain.js';
export type * from './types.js';

/** Once the real handshake is done, the legacy hellos get this long (at least) to finish. */
const HELLO_GRACE_MS = 2000;
/** Once the rest is done, the CAA lookup gets this long to finish: DNS must not hold the probe. */
const CAA_GRACE_MS = 1500;

/**
 * What the issuance path alone (checkOrder false) may judge wrongly: another certificate the
 * server sent, which the path does not show, could make a better path (an expired intermediate
 * sent before its renewal, a second issuer, a pinned CA on another path).
 */
const PATH_DEPENDENT = new Set<FindingCode>([
  'CHAIN_INCOMPLETE',
  'CERT_UNTRUSTED',
  'INTERMEDIATE_EXPIRED',
  'INTERMEDIATE_EXPIRING',
  'CERT_WEAK_KEY',
  'CERT_WEAK_SIGNATURE',
  'CERT_PIN_MISMATCH',
]);

export const probeCert: ProbeFn<CertSpec, CertDetail> = async (spec, probeCtx) => {
  const started = start(probeCtx.now);
  const ctx = withResolvers(probeCtx, spec.resolvers);
  let detail = emptyCertDetail(spec);
  let findings: Finding[];
  try {
    findings = await diagnose(spec, ctx, detail);
    // The path is cheap but partial: a problem the list as sent might undo is confirmed from it,
    // on a connection of its own (Node's leak then costs only the hosts in doubt).
    const doubt = findings.find((f) => PATH_DEPENDENT.has(f.code));
    if (spec.checkOrder === false && doubt) {
      detail = emptyCertDetail(spec);
      findings = await diagnose({ ...spec, checkOrder: true }, ctx, detail);
      detail.chainNote += ` (read as sent: the path alone found ${doubt.code})`;
    }
  } catch (err) {
    findings = [
      finding('PROBE_ERROR', `cert probe failed: ${(err as Error)?.message ?? String(err)}`),
    ];
  }
  return makeResult('cert', certTarget(spec), started, findings, detail);
};

async function diagnose(spec: CertSpec, ctx: ProbeContext, detail: CertDetail): Promise<Finding[]> {
  if (spec.checkCaa === false) {
    return diagnoseTls(spec, ctx, detail, async (leaf) => {
      const judged = judgeCaa({ kind: 'skipped', reason: 'not asked for' }, leaf);
      detail.caa = judged.detail;
      return judged.findings;
    });
  }
  // Asked at once, beside the connection; given up on shortly after the rest is done.
  const caa = startDeadline(null, ctx.signal);
  const caaP: Promise<CaaLookup> = lookupCaa(
    detail.checkedName,
    spec.resolver,
    ctx,
    caa.signal,
  ).catch((err) => ({ kind: 'unchecked', reason: (err as Error)?.message ?? String(err) }));
  try {
    return await diagnoseTls(spec, ctx, detail, async (leaf) => {
      const timer = setTimeout(() => caa.abort(), CAA_GRACE_MS);
      try {
        const judged = judgeCaa(await caaP, leaf);
        detail.caa = judged.detail;
        return judged.findings;
      } finally {
        clearTimeout(timer);
      }
    });
  } finally {
    // Also ends a lookup nobody waited for (the connection failed first).
    caa.abort();
  }
}

async function diagnoseTls(
  spec: CertSpec,
  ctx: ProbeContext,
  detail: CertDetail,
  caaFindings: (leaf: X509Certificate) => Promise<Finding[]>,
): Promise<Finding[]> {
  let dialed: Dialed;
  try {
    dialed = await dial({ host: spec.host, port: spec.port, connectTo: spec.connectTo }, ctx);
  } catch (err) {
    if (!(err instanceof DialError)) throw err;
    detail.address = err.address ?? null;
    return [finding(err.code, err.message, err.words)];
  }
  detail.address = dialed.address;
  detail.timings.dnsMs = Math.round(dialed.dnsMs);
  detail.timings.connectMs = Math.round(dialed.connectMs);

  const target: HelloTarget = {
    address: dialed.address,
    port: spec.port,
    servername: detail.servername,
  };
  const hs = await handshake({
    socket: dialed.socket,
    servername: detail.servername,
    signal: ctx.signal,
    chain: spec.checkOrder === false ? 'path' : 'sent',
  });
  detail.timings.tlsMs = Math.round(hs.tlsMs);
  const session = hs.ok ? hs.session : null;
  if (session) {
    detail.protocol = session.protocol;
    detail.cipher = session.cipher;
    detail.ocspStapled = session.ocspResponse !== null;
  }
  // Everything needed from the session was read at the handshake. Closed before any other hello:
  // a server that serves one connection at a time (openssl s_server) answers the next only then.
  session?.close();

  // The probe's deadline, or earlier: a middlebox that drops our raw hello but not OpenSSL's must
  // not hold the probe to its deadline. Made when a hello is sent: a watch's check mostly sends none.
  const hello: { made?: Deadline } = {};
  const helloSignal = () => {
    hello.made ??= startDeadline(
      Math.max(HELLO_GRACE_MS, 4 * (dialed.connectMs + hs.tlsMs)),
      ctx.signal,
    );
    return hello.made.signal;
  };
  const where = endpoint(detail.address ?? detail.host, detail.port);
  const hellos = Promise.all([
    spec.checkLegacy === false ? Promise.resolve(null) : probeLegacy(target, ctx, helloSignal()),
    judgeKeyExchange(hs, target, where, ctx, helloSignal),
  ]);
  // Awaited below; a rejection before then must not count as unhandled.
  hellos.catch(() => {});
  // With a session, its chain is the one analysed: check it while the hellos run.
  const sessionChain = session ? chooseChain(session, null) : null;
  const early = sessionChain
    ? chainFindings(spec, ctx, detail, sessionChain, session, caaFindings)
    : null;
  early?.catch(() => {});
  let legacy: LegacyProbe | null;
  let kex: KexJudgement;
  try {
    [legacy, kex] = await hellos;
  } finally {
    hello.made?.abort();
  }
  detail.keyExchange = kex.detail;
  if (legacy) detail.legacy = legacy.detail;
  const chosen = sessionChain ?? chooseChain(null, legacy?.accepted ?? kex.accepted);
  detail.chainSource = chosen.source;
  detail.chainNote = chosen.note;

  const findings: Finding[] = [];
  if (!hs.ok) findings.push(kex.finding ?? handshakeFinding(hs, legacy, detail));
  else if (kex.finding) findings.push(kex.finding);
  findings.push(
    ...(await (early ?? chainFindings(spec, ctx, detail, chosen, session, caaFindings))),
  );
  findings.push(...legacyFindings(detail.legacy));
  return findings;
}

/** The chain's own checks: path, pins, Must-Staple, revocation and CAA. */
async function chainFindings(
  spec: CertSpec,
  ctx: ProbeContext,
  detail: CertDetail,
  chosen: ChosenChain,
  session: TlsSession | null,
  caaFindings: (leaf: X509Certificate) => Promise<Finding[]>,
): Promise<Finding[]> {
  if (chosen.certs.length === 0) return [];
  const trust = trustStore(ctx.extraCaPem);
  const analysis = analyseChain({
    sent: chosen.certs,
    host: detail.checkedName,
    trust,
    now: ctx.now(),
    warnDays: spec.warnDays,
    source: chosen.source === 'rebuilt' ? 'rebuilt' : 'as-sent',
  });
  const findings = [...analysis.findings, ...pinFindings(spec.pin, analysis.pathCerts)];
  findings.push(...(await mustStapleFindings(analysis.leaf, session ? detail.ocspStapled : null)));
  detail.chain = analysis.chain;
  detail.path = analysis.path;
  if (spec.checkRevocation !== false) {
    detail.revocation =
      analysis.path.outcome === 'self-signed'
        ? skipped('the leaf is self-signed: there is no issuer to ask')
        : await checkRevocation(analysis.leaf, analysis.issuer, session?.ocspResponse ?? null, ctx);
    findings.push(...revocationFindings(detail.revocation, analysis.leaf));
  }
  findings.push(...(await caaFindings(analysis.leaf)));
  return findings;
}

function handshakeFinding(
  hs: Extract<Handshake, { ok: false }>,
  legacy: LegacyProbe | null,
  detail: CertDetail,
): Finding {
  const where = endpoint(detail.address ?? detail.host, detail.port);
  if (hs.kind === 'timeout') {
    return finding(
      'TLS_TIMEOUT',
      `${where} accepted the TCP connection but the TLS handshake did not finish within ${Math.round(hs.tlsMs)} ms`,
      { args: { where, ms: Math.round(hs.tlsMs) } },
    );
  }
  const parts = [`TLS handshake with ${where} failed: ${hs.reason}`];
  // Refused TLS 1.2 and 1.3 yet accepted an older version: the server is stuck in the past.
  const legacyOnly = hs.versionRefused && legacy?.detail.status === 'accepted';
  const args: Record<string, string> = { where, why: hs.reason };
  let variant: string | undefined;
  if (legacyOnly) {
    const versions = list(legacy.detail.accepted.map(versionName));
    parts.push(`the server speaks only ${versions}, which current clients refuse`);
    args.versions = legacy.detail.accepted.map(versionName).join(', ');
    variant = 'legacy-only';
  } else if (legacy?.first.outcome === 'not-tls') {
    parts.push(`a raw ClientHello got ${describeHello(legacy.first)}`);
    args.hello = legacy.first.reason;
    variant = 'not-tls';
  }
  return finding('TLS_HANDSHAKE_FAILED', parts.join('; '), {
    args,
    ...(variant ? { variant } : {}),
    ...(legacyOnly
      ? { hint: 'Enable TLS 1.2 and 1.3 (nginx: `ssl_protocols TLSv1.2 TLSv1.3;`).' }
      : {}),
  });
}

/** The detail before anything is known: what a result says when no connection was made. */
export function emptyCertDetail(spec: CertSpec): CertDetail {
  const name = spec.servername ?? spec.host;
  return {
    host: spec.host,
    port: spec.port,
    address: null,
    servername: ipLiteral(name) ? null : name,
    checkedName: name,
    protocol: null,
    cipher: null,
    keyExchange: null,
    ocspStapled: false,
    revocation:
      spec.checkRevocation === false
        ? skipped('not asked for')
        : skipped('no certificate to check'),
    legacy:
      spec.checkLegacy === false
        ? LEGACY_SKIPPED
        : { status: 'unknown', accepted: [], note: 'not probed: no connection' },
    chainSource: null,
    chainNote: 'no certificates: no TLS connection',
    chain: [],
    path: null,
    caa:
      spec.checkCaa === false
        ? caaNotChecked('skipped', 'not asked for')
        : caaNotChecked('skipped', 'no certificate to check'),
    timings: { dnsMs: null, connectMs: null, tlsMs: null },
  };
}

/** `host:port`, `[v6]:port`: the target string of a cert result. */
export function certTarget(spec: Pick<CertSpec, 'host' | 'port'>): string {
  return endpoint(spec.host, spec.port);
}

function endpoint(host: string, port: number): string {
  return formatHostPort(host, port);
}
