/** Details as plain monospaced lines (the terminal, Slack code blocks). */

/** Label/value pairs, the labels padded to one width. */
export function factLines(facts: ReadonlyArray<[string, string]>): string[] {
  const width = Math.max(...facts.map(([k]) => k.length));
  return facts.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
}

/** Rows as aligned columns (the first row is the header); the last column is not padded. */
export function tableLines(rows: readonly string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
