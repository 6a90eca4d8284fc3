/** `2026-11-27 05:15 UTC`: readable, unambiguous across time zones. */
export function when(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
