import { finding } from '../findings.js';
import type { Finding } from '../types.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/**
 * The URL a Location header sends the client to, resolved against the current URL, or null when
 * it cannot be followed (unparsable, or a scheme other than http/https).
 */
export function redirectTarget(current: URL, location: string): URL | null {
  let next: URL;
  try {
    next = new URL(location, current);
  } catch {
    return null;
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') return null;
  next.hash = '';
  // Never carry credentials from a Location header into the report.
  next.username = '';
  next.password = '';
  return next;
}

/**
 * HTTP_INSECURE_REDIRECT when an https URL sends the client to plain http: from there on the
 * request, its URL and any cookie without Secure travel in clear. `hop` counts from 1.
 */
export function insecureRedirect(hop: number, from: URL, status: number, to: URL): Finding | null {
  if (from.protocol !== 'https:' || to.protocol !== 'http:') return null;
  return finding(
    'HTTP_INSECURE_REDIRECT',
    `redirect ${hop}: ${from.href} answered ${status} with Location ${to.href}, from HTTPS down to plain HTTP`,
    { args: { hop, from: from.href, status, to: to.href } },
  );
}

/** Decides, before each redirect is followed, whether it loops or exceeds the limit. */
export class RedirectGuard {
  private readonly seen: string[];

  constructor(
    first: URL,
    private readonly maxRedirects: number,
  ) {
    this.seen = [first.href];
  }

  /** A HTTP_REDIRECT_LOOP finding if following `next` would loop or exceed the limit. */
  check(next: URL): Finding | null {
    const at = this.seen.indexOf(next.href);
    if (at !== -1) {
      const loop = [...this.seen.slice(at), next.href].join(' → ');
      return finding('HTTP_REDIRECT_LOOP', `redirect loop: ${loop}`, {
        args: { loop },
        variant: 'loop',
      });
    }
    if (this.seen.length > this.maxRedirects) {
      return finding(
        'HTTP_REDIRECT_LOOP',
        `too many redirects: more than ${this.maxRedirects}, starting at ${this.seen[0]} (last: ${this.seen[this.seen.length - 1]} → ${next.href})`,
        {
          args: {
            max: this.maxRedirects,
            first: String(this.seen[0]),
            last: `${this.seen[this.seen.length - 1]} → ${next.href}`,
          },
          variant: 'too-many',
        },
      );
    }
    this.seen.push(next.href);
    return null;
  }
}
