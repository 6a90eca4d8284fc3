import { createHash } from 'node:crypto';

/** A short, stable, non-reversible name for a secret or token, safe for logs and cache keys. */
export function fingerprint(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 12);
}

/**
 * Text from the platform may echo a token (rid/get's `request_url` holds the failed call's
 * query): every `access_token=…` becomes its fingerprint.
 */
export function scrubText(text: string): string {
  return text.replace(
    /((?:access_token|secret|corpsecret)=)([^&\s"]+)/gi,
    (_m, k: string, v: string) => `${k}<${fingerprint(v)}>`,
  );
}
