/**
 * Chain analysis, pure: the certificates a server sent, checked the way we want them checked.
 * Every problem is reported, not the first one OpenSSL meets: an expired leaf behind a missing
 * intermediate on the wrong host is three findings.
 */
import type { X509Certificate } from 'node:crypto';
import type { TrustStore } from '../tls/trust.js';
import type { Finding } from '../types.js';
import { dnValues, oneLineDn, shortName } from './dn.js';
import { hostnameFinding } from './hostname.js';
import { type Inspected, inspect } from './inspect.js';
import { sameCa } from './issuance.js';
import { orderFindings, sentRootFindings } from './order.js';
import { type BuiltPath, buildPath, sentOrderPath } from './path.js';
import { pathEndFinding } from './path-findings.js';
import { strengthFindings } from './strength.js';
import type { ChainElement, ChainRole, PathDetail } from './types.js';
import { caValidity, leafValidity, type OffPath } from './validity.js';

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
  /**
   * Position on the path; a certificate the path does not need but that belongs to the chain
   * (a cross-signed or stale twin of a path certificate, or a step old clients take when they
   * follow the sent order) has the position it would take. Null: unrelated.
   */
  pathPosition: number | null;
  /** A step of the path clients build (the leaf always is). */
  onPath: boolean;
  /** Not on the path, but a step old clients take when they follow the chain as sent. */
  sentPathOnly: boolean;
  /** How messages name it: "intermediate CN=R3". */
  label: string;
}

export function analyseChain(input: ChainInput): ChainAnalysis {
  const { sent, trust, now, warnDays } = input;
  const built = buildPath(sent, trust, now);
  const asSent = sentOrderPath(sent);
  const sentElements = sent.map((cert, i) =>
    toElement(inspect(cert, trust, now), i, placeOf(i, sent, built, asSent)),
  );
  const pathElements = built.steps.map(
    (step, k) =>
      (step.index !== null ? sentElements[step.index] : undefined) ??
      toElement(inspect(step.cert, trust, now), null, { position: k, onPath: true, asSent: false }),
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
  const unneeded = (el: Element) => unneededNote(el, built, last);
  for (const el of [...sentElements.slice(1), ...fromStore]) {
    findings.push(...caValidity(el.info, el.label, now, warnDays, unneeded(el)));
  }
  for (const el of [...sentElements, ...fromStore]) {
    findings.push(...strengthFindings(el.info, el.label, unneeded(el)));
  }

  return {
    findings,
    chain: sentElements.map((el) => ({
      index: el.index as number,
      role: el.role,
      onPath: el.onPath,
      ...el.info.facts,
    })),
    path: pathDetail(built, pathElements),
    leaf: leaf.info.cert,
    issuer: built.steps[1]?.cert ?? null,
    pathCerts: built.steps.map((s) => s.cert),
  };
}

interface Place {
  position: number | null;
  onPath: boolean;
  asSent: boolean;
}

function placeOf(
  i: number,
  sent: readonly X509Certificate[],
  built: BuiltPath,
  asSent: readonly number[],
): Place {
  const exact = built.steps.findIndex((s) => s.index === i);
  if (exact >= 0) return { position: exact, onPath: true, asSent: asSent.includes(i) };
  const walked = asSent.indexOf(i);
  if (walked >= 0) return { position: walked, onPath: false, asSent: true };
  const cert = sent[i] as X509Certificate;
  // A cross-signed (or duplicated) CA certificate stands in for its twin on the path.
  const twin = i === 0 ? -1 : built.steps.findIndex((s, k) => k > 0 && sameCa(s.cert, cert));
  return { position: twin >= 0 ? twin : null, onPath: false, asSent: false };
}

function toElement(info: Inspected, index: number | null, place: Place): Element {
  const { position: pathPosition, onPath } = place;
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
        : onPath
          ? `${role} ${name}`
          : `${role} ${name} (#${index}, issued by ${shortName(info.facts.issuer)}, off the path)`;
  return { info, index, role, pathPosition, onPath, sentPathOnly: !onPath && place.asSent, label };
}

/** Null for a certificate on the path; for one off it, how its problems are worded. */
function unneededNote(el: Element, built: BuiltPath, last: Element): OffPath | null {
  if (el.onPath) return null;
  const name = shortName(el.info.facts.subject);
  const drop = `Stop sending ${name} (#${el.index}): drop it from the served chain (fullchain.pem)`;
  if (el.role === 'unrelated') return { unneeded: '', asSent: false, hint: `${drop}.` };
  const anchor = built.end.kind === 'trusted' ? shortName(last.info.facts.subject) : null;
  const unneeded = `${anchor ? `the path to ${anchor}` : 'the path'} does not need it`;
  return {
    unneeded,
    asSent: el.sentPathOnly,
    hint: `${drop}; ${unneeded}, and while it fails this check it helps no old client either.`,
  };
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
      organisation: dnValues(el.info.facts.subject, 'O')[0] ?? null,
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
