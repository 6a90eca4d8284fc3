/** How certificates, names and times are written in finding messages. */

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * Whole days from `now` to `notAfter` (epoch ms), toward zero, as the words say it: "expired 2 days
 * ago" is -2, never -3 (+ 0: never -0).
 */
export function wholeDaysLeft(notAfter: number, now: number): number {
  return Math.trunc((notAfter - now) / DAY_MS) + 0;
}

/** "3 days", "1 day", "5 hours", "less than an hour". */
export function span(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= DAY_MS) return plural(Math.floor(abs / DAY_MS), 'day');
  if (abs >= HOUR_MS) return plural(Math.floor(abs / HOUR_MS), 'hour');
  return 'less than an hour';
}

/**
 * A span as a finding arg another language can say: `3d`, `5h`, `<1h` (the same units as span).
 */
export function spanArg(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= DAY_MS) return `${Math.floor(abs / DAY_MS)}d`;
  if (abs >= HOUR_MS) return `${Math.floor(abs / HOUR_MS)}h`;
  return '<1h';
}

/** "expired 3 days ago (2026-11-24T10:00:00.000Z)" */
export function expiredAgo(notAfter: Date, now: Date): string {
  return `expired ${span(now.getTime() - notAfter.getTime())} ago (${notAfter.toISOString()})`;
}

/** "expires in 12 days (2026-12-09T10:00:00.000Z)" */
export function expiresIn(notAfter: Date, now: Date): string {
  return `expires in ${span(notAfter.getTime() - now.getTime())} (${notAfter.toISOString()})`;
}

export function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** "TLSv1" → "TLS 1.0", "TLSv1.2" → "TLS 1.2". */
export function versionName(v: string): string {
  const m = /^TLSv(\d)(?:\.(\d))?$/.exec(v);
  return m ? `TLS ${m[1]}.${m[2] ?? '0'}` : v;
}

export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
