/**
 * Chain analysis, pure: the certificates a server sent, checked the way we want them checked.
 * Every problem is reported, not the first one OpenSSL meets: an expired leaf behind a missing
 * intermediate on the wrong host is three findings.
 */
import type { X509Certificate } from 'node:crypto';
import type { TrustStore } from '../tls/trust.js';
import type { Finding } from '../types.js';
import { dnValues } from './dn.js';
import { hostnameFinding } from './hostname.js';
import { type Inspected, inspect } from './inspect.js';
import { sameCa } from './issuance.js';
import { orderFindings, sentRootFindings } from './order.js';
import { type BuiltPath, buildPath } from './path.js';
import { pathEndFinding } from './path-findings.js';
import { strengthFindings } from './strength.js';
import type { ChainElement, ChainRole, PathDetail } from './types.js';
import { caValidity, leafValidity } from './validity.js';
import { oneLineDn, shortName } from './wording.js';

export interface ChainInput {
  /** In the order the server sent them; the first is the leaf. */
  sent: readonly X509Certificate[];
  /** The name or IP address the leaf must cover. */
  host: string;
  trust: TrustStore;
  now: Date;
  warnDays: number;
  /** rebuilt: the order and extra certificates are not known, so they are not judged. */
  source?: 'as-sent' | 'rebuilt';
}

export interface ChainAnalysis {
  findings: Finding[];
  /** In sent order. */
  chain: ChainElement[];
  path: PathDetail;
  leaf: X509Certificate;
  /** The leaf's issuer on the path (sent or trusted), if one was found. */
  issuer: X509Certificate | null;
  /** The verification path, leaf first. */
  pathCerts: X509Certificate[];
}

/** A certificate in context: sent (index) or from the trust store (index null). */
export interface Element {
  info: Inspected;
  index: number | null;
  role: ChainRole;
  /** Position on the path; a cross-signed twin of a path certificate shares its position. */
  pathPosition: number | null;
  /** How messages name it: "intermediate CN=R3". */
  label: string;
}

export function analyseChain(input: ChainInput): ChainAnalysis {
  const { sent, trust, now, warnDays } = input;
  const built = buildPath(sent, trust);
  const sentElements = sent.map((cert, i) =>
    toElement(inspect(cert, trust, now), i, positionOf(i, sent, built)),
  );
  const pathElements = built.steps.map(
    (step, k) =>
      (step.index !== null ? sentElements[step.index] : undefined) ??
      toElement(inspect(step.cert, trust, now), null, k),
  );
  const fromStore = pathElements.filter((el) => el.index === null);
  const leaf = sentElements[0] as Element;
  const last = pathElements[pathElements.length - 1] as Element;

  const findings: Finding[] = [...leafValidity(leaf.info, leaf.label, now, warnDays)];
  const mismatch = hostnameFinding(leaf.info, leaf.label, input.host);
  if (mismatch) findings.push(mismatch);
  const end = pathEndFinding(built.end, last);
  if (end) findings.push(end);
  if ((input.source ?? 'as-sent') === 'as-sent') {
    findings.push(...orderFindings(sentElements, pathElements), ...sentRootFindings(sentElements));
  }
  for (const el of [...sentElements.slice(1), ...fromStore]) {
    findings.push(...caValidity(el.info, el.label, now, warnDays, el.pathPosition === null));
  }
  for (const el of [...sentElements, ...fromStore]) {
    findings.push(...strengthFindings(el.info, el.label, el.pathPosition === null));
  }

  return {
    findings,
    chain: sentElements.map((el) => ({
      index: el.index as number,
      role: el.role,
      ...el.info.facts,
    })),
    path: pathDetail(built, pathElements),
    leaf: leaf.info.cert,
    issuer: built.steps[1]?.cert ?? null,
    pathCerts: built.steps.map((s) => s.cert),
  };
}

function positionOf(i: number, sent: readonly X509Certificate[], built: BuiltPath): number | null {
  const exact = built.steps.findIndex((s) => s.index === i);
  if (exact >= 0) return exact;
  const cert = sent[i] as X509Certificate;
  // A cross-signed (or duplicated) CA certificate stands in for its twin on the path.
  const twin = i === 0 ? -1 : built.steps.findIndex((s, k) => k > 0 && sameCa(s.cert, cert));
  return twin >= 0 ? twin : null;
}

function toElement(info: Inspected, index: number | null, pathPosition: number | null): Element {
  const role: ChainRole =
    index === 0
      ? 'leaf'
      : pathPosition === null
        ? 'unrelated'
        : info.facts.selfSigned
          ? 'root'
          : 'intermediate';
  const name = shortName(info.facts.subject);
  const label =
    index === null
      ? `${role === 'root' ? 'trusted root' : 'trusted CA'} ${name} (from the trust store)`
      : role === 'unrelated'
        ? `certificate #${index} ${name} (sent, but not part of the chain)`
        : `${role} ${name}`;
  return { info, index, role, pathPosition, label };
}

function pathDetail(built: BuiltPath, elements: readonly Element[]): PathDetail {
  const { end } = built;
  const last = elements[elements.length - 1];
  return {
    steps: elements.map((el) => ({
      index: el.index,
      source: el.index === null ? 'trust-store' : 'sent',
      subject: el.info.facts.subject,
      issuer: el.info.facts.issuer,
      organisation: dnValues(el.info.cert.subject, 'O')[0] ?? null,
      fingerprint256: el.info.facts.fingerprint256,
      spkiSha256: el.info.facts.spkiSha256,
      notAfter: el.info.facts.notAfter,
      daysLeft: el.info.facts.daysLeft,
    })),
    outcome: end.kind,
    anchor: end.kind === 'incomplete' ? null : (last?.info.facts.subject ?? null),
    missingIssuer: end.kind === 'incomplete' ? oneLineDn(end.missingIssuer) : null,
  };
}
