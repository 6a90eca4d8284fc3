/** Validity periods: the leaf's own codes, and one pair of codes for every other element. */
import { finding } from '../findings.js';
import type { Finding } from '../types.js';
import { commonName, EMPTY_DN } from './dn.js';
import type { Inspected } from './inspect.js';
import { DAY_MS, expiredAgo, expiresIn, span, spanArg } from './wording.js';

/** A certificate as a finding arg: its short subject name (the message's label is English). */
function nameOf(c: Inspected): string {
  return commonName(c.facts.subject) || EMPTY_DN;
}

export function leafValidity(
  leaf: Inspected,
  label: string,
  now: Date,
  warnDays: number,
): Finding[] {
  const { notBefore, notAfter } = leaf;
  const t = now.getTime();
  const out: Finding[] = [];
  if (notBefore.getTime() > t) {
    out.push(
      finding(
        'CERT_NOT_YET_VALID',
        `${label} is not valid until ${notBefore.toISOString()} (in ${span(notBefore.getTime() - t)})`,
        {
          args: {
            cert: nameOf(leaf),
            date: notBefore.toISOString(),
            in: spanArg(notBefore.getTime() - t),
          },
        },
      ),
    );
  }
  if (notAfter.getTime() < t) {
    out.push(
      finding('CERT_EXPIRED', `${label} ${expiredAgo(notAfter, now)}`, {
        args: {
          cert: nameOf(leaf),
          date: notAfter.toISOString(),
          ago: spanArg(t - notAfter.getTime()),
        },
      }),
    );
  } else if (notAfter.getTime() - t <= warnDays * DAY_MS) {
    out.push(
      finding(
        'CERT_EXPIRING',
        `${label} ${expiresIn(notAfter, now)}, within the ${warnDays}-day warning window`,
        {
          args: {
            cert: nameOf(leaf),
            date: notAfter.toISOString(),
            in: spanArg(notAfter.getTime() - t),
            warnDays,
          },
        },
      ),
    );
  }
  return out;
}

/**
 * A certificate sent but not on the path clients build (unrelated, cross-signed for old clients,
 * stale): its problems are warnings, said with why and what to do.
 */
export interface OffPath {
  /** "the path to CN=R1 does not need it"; "" for an unrelated certificate (its label says so). */
  unneeded: string;
  /** Old clients that follow the sent order take it: a step of that walk. */
  asSent: boolean;
  hint: string;
}

/** Clients that follow the chain as sent instead of building their own path. */
const AS_SENT_CLIENTS = 'OpenSSL before 1.1.0, GnuTLS before 3.6.14, old embedded stacks';

function expiredWhy(off: OffPath | null): string {
  if (!off?.unneeded) return '';
  return off.asSent
    ? `; ${off.unneeded}, so clients that build their own path skip it, but clients that follow the chain as sent (${AS_SENT_CLIENTS}) take it and fail, as in the Let's Encrypt DST Root CA X3 expiry of 2021`
    : `; ${off.unneeded} and no client takes it`;
}

/** An intermediate, a root or an unrelated sent certificate; `offPath` null when on the path. */
export function caValidity(
  ca: Inspected,
  label: string,
  now: Date,
  warnDays: number,
  offPath: OffPath | null,
): Finding[] {
  const t = now.getTime();
  const left = ca.notAfter.getTime() - t;
  if (left < 0) {
    return [
      finding(
        'INTERMEDIATE_EXPIRED',
        `${label} ${expiredAgo(ca.notAfter, now)}${expiredWhy(offPath)}`,
        {
          args: {
            cert: nameOf(ca),
            date: ca.notAfter.toISOString(),
            ago: spanArg(t - ca.notAfter.getTime()),
          },
          ...(offPath ? { severity: 'warn', hint: offPath.hint, variant: 'off-path' } : {}),
        },
      ),
    ];
  }
  if (left <= warnDays * DAY_MS) {
    return [
      finding('INTERMEDIATE_EXPIRING', `${label} ${expiresIn(ca.notAfter, now)}`, {
        args: { cert: nameOf(ca), date: ca.notAfter.toISOString(), in: spanArg(left) },
      }),
    ];
  }
  return [];
}
