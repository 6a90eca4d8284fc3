/** Validity periods: the leaf's own codes, and one pair of codes for every other element. */
import { finding } from '../findings.js';
import type { Finding } from '../types.js';
import type { Inspected } from './inspect.js';
import { DAY_MS, expiredAgo, expiresIn, span } from './wording.js';

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
      ),
    );
  }
  if (notAfter.getTime() < t) {
    out.push(finding('CERT_EXPIRED', `${label} ${expiredAgo(notAfter, now)}`));
  } else if (notAfter.getTime() - t <= warnDays * DAY_MS) {
    out.push(
      finding(
        'CERT_EXPIRING',
        `${label} ${expiresIn(notAfter, now)}, within the ${warnDays}-day warning window`,
      ),
    );
  }
  return out;
}

/**
 * An intermediate, a root or an unrelated sent certificate. `offPath`: not used by the path, so
 * only clients that follow the sent order stumble on it: a warning, not a failure.
 */
export function caValidity(
  ca: Inspected,
  label: string,
  now: Date,
  warnDays: number,
  offPath: boolean,
): Finding[] {
  const t = now.getTime();
  const left = ca.notAfter.getTime() - t;
  if (left < 0) {
    return [
      finding(
        'INTERMEDIATE_EXPIRED',
        `${label} ${expiredAgo(ca.notAfter, now)}`,
        offPath ? { severity: 'warn' } : {},
      ),
    ];
  }
  if (left <= warnDays * DAY_MS) {
    return [finding('INTERMEDIATE_EXPIRING', `${label} ${expiresIn(ca.notAfter, now)}`)];
  }
  return [];
}
