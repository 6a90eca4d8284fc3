/** Details as plain monospaced lines (the terminal, Slack code blocks), aligned by display width. */
import { displayWidth, padEnd } from './display-width.js';

export { displayWidth, padEnd };

/** Label/value pairs, the labels padded to one width. */
export function factLines(facts: ReadonlyArray<[string, string]>): string[] {
  const width = Math.max(...facts.map(([k]) => displayWidth(k)));
  return facts.map(([k, v]) => `${padEnd(k, width)}  ${v}`);
}

/** Rows as aligned columns (the first row is the header); the last column is not padded. */
export function tableLines(rows: readonly string[][]): string[] {
  const widths =
    rows[0]?.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? '')))) ?? [];
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : padEnd(c, widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
