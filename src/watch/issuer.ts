/**
 * Who issues a watched certificate, remembered between checks (pure). A new leaf from a CA the
 * watch knows, on a path that shares a CA key with the known ones, is a renewal: noted in the
 * state, nothing posted. Anything else is CERT_ISSUER_CHANGED, the mark of a man in the middle
 * (a rogue or corporate CA) as much as of a CA migration:
 * - issuer: the issuing CA's organisation is not one the watch knows;
 * - chain: same organisation, but none of the CA keys on the path is known (a look-alike CA);
 * - key: another leaf key with the very same validity period (a real renewal has a new one).
 * A change is not learnt until someone acknowledges it (acceptChange): until then the incident
 * stays open while the new chain is served, and closes when the known one is back.
 */
import type { CaChainView } from '../model/index.js';
import { finding } from '../probes/findings.js';
import type { CertResult } from '../probes/index.js';
import type { BreakageView } from './observe.js';

export const ISSUER_CHANGED = 'CERT_ISSUER_CHANGED';

/** Organisations and CA keys kept per watch: a few CAs, a few rotations each. */
const MAX_ISSUERS = 16;
const MAX_CA_KEYS = 24;

export interface Snapshot extends CaChainView {
  /** The issuing CA's organisation (O of the leaf's issuer), else its whole DN. */
  org: string;
  /** The issuer has no O: `org` is its DN, which changes as a CA rotates intermediates. */
  orgless?: true;
}

export interface CertMemory {
  /** The last accepted certificate's issuing side. */
  current: Snapshot;
  /** Organisations accepted so far (most recent last). */
  orgs: string[];
  /** SPKI SHA-256 of every CA certificate on accepted paths (most recent last). */
  caKeys: string[];
  /** The last renewal (a new leaf from a known CA), quietly. */
  renewed?: { at: number; notAfter: string };
  /** A changed chain waiting to be acknowledged. */
  pending?: Snapshot;
}

export type IssuerVerdict =
  | { kind: 'unjudged' }
  | { kind: 'same' }
  | { kind: 'renewed' }
  | { kind: 'changed'; view: BreakageView };

/** The issuing side of a probe result; null when the result does not say (no path, no keys). */
export function snapshotOf(result: CertResult): Snapshot | null {
  const steps = result.detail.path?.steps ?? [];
  const leaf = steps[0];
  const element = result.detail.chain[0];
  if (!leaf?.spkiSha256 || !element) return null;
  const cas = steps.slice(1).map((s) => ({ subject: s.subject, spki: s.spkiSha256 }));
  const org = steps[1]?.organisation ?? organisationOf(leaf.issuer);
  return {
    issuer: leaf.issuer,
    org: org ?? leaf.issuer,
    ...(org ? {} : { orgless: true as const }),
    leafSpki: leaf.spkiSha256,
    notBefore: element.notBefore,
    notAfter: element.notAfter,
    cas,
  };
}

/** Updates `memory` (returned, new object) with what this check saw, and says what it means. */
export function judgeIssuer(
  memory: CertMemory | undefined,
  snap: Snapshot | null,
  now: number,
): { memory: CertMemory | undefined; verdict: IssuerVerdict } {
  if (!snap) return { memory, verdict: { kind: 'unjudged' } };
  if (!memory) return { memory: learn(undefined, snap), verdict: { kind: 'same' } };
  const before = memory.current;
  const sameLeaf =
    snap.leafSpki === before.leafSpki &&
    snap.notBefore === before.notBefore &&
    snap.notAfter === before.notAfter;
  const why = sameLeaf ? null : changeOf(memory, snap);
  if (why) {
    const view = changedView(before, snap, why);
    return { memory: { ...memory, pending: snap }, verdict: { kind: 'changed', view } };
  }
  const { pending: _, ...rest } = memory;
  const next = learn(rest, snap);
  if (sameLeaf) return { memory: next, verdict: { kind: 'same' } };
  if (Date.parse(snap.notBefore) > Date.parse(before.notBefore)) {
    next.renewed = { at: now, notAfter: snap.notAfter };
    return { memory: next, verdict: { kind: 'renewed' } };
  }
  return { memory: next, verdict: { kind: 'same' } };
}

/** Someone acknowledged the change: the pending chain becomes a known one. */
export function acceptChange(memory: CertMemory | undefined): CertMemory | undefined {
  if (!memory?.pending) return memory;
  const { pending, ...rest } = memory;
  return learn(rest, pending);
}

function changeOf(memory: CertMemory, snap: Snapshot): 'issuer' | 'chain' | 'key' | null {
  // Without CA certificates on the path (an incomplete chain) there are no keys to compare.
  const sharesKey = snap.cas.length === 0 || snap.cas.some((c) => memory.caKeys.includes(c.spki));
  // A CA without an organisation is known by its keys: a new intermediate under a known one is its own.
  if (!memory.orgs.includes(snap.org) && !(snap.orgless && sharesKey)) return 'issuer';
  if (!sharesKey) return 'chain';
  const before = memory.current;
  if (
    snap.leafSpki !== before.leafSpki &&
    snap.notBefore === before.notBefore &&
    snap.notAfter === before.notAfter
  ) {
    return 'key';
  }
  return null;
}

function learn(memory: Omit<CertMemory, 'pending'> | undefined, snap: Snapshot): CertMemory {
  const orgs = remember(memory?.orgs ?? [], [snap.org], MAX_ISSUERS);
  const caKeys = remember(
    memory?.caKeys ?? [],
    snap.cas.map((c) => c.spki).filter(Boolean),
    MAX_CA_KEYS,
  );
  return { ...(memory ?? {}), current: snap, orgs, caKeys };
}

function remember(known: string[], seen: string[], max: number): string[] {
  const out = known.filter((k) => !seen.includes(k));
  out.push(...new Set(seen));
  return out.slice(-max);
}

function changedView(
  before: Snapshot,
  after: Snapshot,
  why: 'issuer' | 'chain' | 'key',
): BreakageView {
  const what = {
    issuer: `the certificate is now issued by ${side(after)}; it was issued by ${side(before)}`,
    chain: `the certificate is issued by ${side(after)}, a CA named like the usual one (${side(before)}), but none of its CA keys was on the usual path`,
    key: `the certificate now has another key (${after.leafSpki}, was ${before.leafSpki}) with the same validity period (${after.notBefore} to ${after.notAfter}): not a renewal`,
  }[why];
  const args = {
    issuer: after.issuer || '-',
    was: before.issuer || '-',
    key: after.leafSpki,
    wasKey: before.leafSpki,
  };
  const f = finding('CERT_ISSUER_CHANGED', what, { args, variant: why });
  const strip = ({ org: _, orgless: __, ...view }: Snapshot): CaChainView => view;
  return {
    kind: 'breakage',
    code: ISSUER_CHANGED,
    message: f.message,
    hint: f.hint,
    finding: { code: f.code, message: f.message, hint: f.hint, args, variant: why },
    change: { before: strip(before), after: strip(after) },
  };
}

function side(s: Snapshot): string {
  const keys = s.cas.map((c) => `${c.subject} key ${c.spki}`);
  const path = keys.length > 0 ? `; CA keys: ${keys.join('; ')}` : '';
  return `${s.issuer || '(empty issuer)'} (leaf key ${s.leafSpki}${path})`;
}

function organisationOf(oneLine: string): string | null {
  return /(?:^|, )O=([^,]*)/.exec(oneLine)?.[1] ?? null;
}
