import { fingerprint } from '../../tokens/token-manager.js';

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
