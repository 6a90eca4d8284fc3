import { version } from '../../version.js';

/** `wxdoctor/<version>`. */
export function userAgent(): string {
  return `wxdoctor/${version}`;
}
