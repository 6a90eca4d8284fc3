/** Reading fields of a platform answer: a value of the expected type, or null. */

export function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** The objects of an array field, each mapped; anything else is an empty list. */
export function list<T>(v: unknown, map: (o: Record<string, unknown>) => T): T[] {
  return Array.isArray(v)
    ? v
        .filter((x) => typeof x === 'object' && x !== null)
        .map((x) => map(x as Record<string, unknown>))
    : [];
}
