import { version } from '../../config/version.js';

/** `wxdoctor/<version>`. */
export function userAgent(): string {
  return `wxdoctor/${version}`;
}
