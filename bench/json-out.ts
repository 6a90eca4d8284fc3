/**
 * `--json`: a bench prints its figures as one JSON line, last on stdout, after its human output
 * (bench/table.ts reads that line). The human output is unchanged.
 */
export const JSON_FLAG = { json: { type: 'boolean', default: false } } as const;

/** Prints `figures` as the last stdout line when `--json` was given. */
export function emitJson(wanted: boolean | string | undefined, figures: unknown): void {
  if (wanted === true) process.stdout.write(`${JSON.stringify(figures)}\n`);
}
