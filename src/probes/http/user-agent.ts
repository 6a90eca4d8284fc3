/**
 * The User-Agent of the probes' requests: `wxdoctor/<version>`. The library does not know the
 * package version; callers pass `userAgent(version)` through ctx, and the library on its own sends
 * `wxdoctor`.
 */
export function userAgent(version?: string): string {
  return version ? `wxdoctor/${version}` : 'wxdoctor';
}
