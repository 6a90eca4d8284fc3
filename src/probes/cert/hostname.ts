/** Does the leaf cover the name (or IP address) the client asked for? */
import { domainToASCII } from 'node:url';
import { finding } from '../findings.js';
import { normaliseIp } from '../net/guard.js';
import type { Finding } from '../types.js';
import type { Inspected } from './inspect.js';
import { list } from './wording.js';

/**
 * The normalised address when `host` is an IP literal (any form the guard accepts), else null.
 * Most host names contain a letter no IP literal can, which spares the full parse.
 */
export function ipLiteral(host: string): string | null {
  return /[g-wyz_-]/i.test(host) ? null : normaliseIp(host);
}

export function hostnameFinding(leaf: Inspected, label: string, name: string): Finding | null {
  const ip = ipLiteral(name);
  if (ip) {
    if (leaf.cert.checkIP(ip) !== undefined) return null;
    return finding(
      'CERT_HOSTNAME_MISMATCH',
      `${label} does not cover IP address ${ip}; ${covers(leaf)}`,
      { args: { name: ip, sans: sansArg(leaf) } },
    );
  }
  const bare = name.replace(/\.$/, '').toLowerCase();
  const ascii = /^[a-z0-9.*-]*$/.test(bare) ? bare : domainToASCII(bare) || name;
  // Current clients ignore the subject CN when there is a SAN list, and most ignore it entirely.
  const options = { subject: 'never', partialWildcards: false } as const;
  if (leaf.cert.checkHost(ascii, options) !== undefined) return null;
  const cnOnly =
    leaf.cert.checkHost(ascii, { ...options, subject: 'always' }) !== undefined
      ? ' The name appears only in the subject CN, which current clients ignore.'
      : '';
  return finding(
    'CERT_HOSTNAME_MISMATCH',
    `${label} does not cover ${name}; ${covers(leaf)}.${cnOnly}`,
    {
      args: { name, sans: sansArg(leaf) },
      ...(cnOnly
        ? {
            hint: `Reissue the certificate with ${name} in its subjectAltName list.`,
            variant: 'cn-only',
          }
        : {}),
    },
  );
}

/** Names listed in a message, at most; a certificate may carry hundreds (all are in the detail). */
const MAX_LISTED = 10;

/** The names the leaf does cover, as an arg: `-` for none, the first MAX_LISTED and `…`. */
function sansArg(leaf: Inspected): string {
  const { sans } = leaf.facts;
  if (sans.length === 0) return '-';
  return sans.slice(0, MAX_LISTED).join(', ') + (sans.length > MAX_LISTED ? ', …' : '');
}

function covers(leaf: Inspected): string {
  const { sans } = leaf.facts;
  if (sans.length === 0) return 'it has no subjectAltName names';
  if (sans.length <= MAX_LISTED) return `its names are ${list(sans)}`;
  const more = sans.length - MAX_LISTED;
  return `its names are ${sans.slice(0, MAX_LISTED).join(', ')} and ${more} more`;
}
