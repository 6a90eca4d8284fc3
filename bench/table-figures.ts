/**
 * Reading figures whose exact shape bench/table.ts does not own (the netns sweep and the Slack
 * bench are written beside it): numbers found by the names on their path, units from the name.
 */
export type Figures = Record<string, unknown>;

export interface Found {
  value: number;
  /** Where it was found, as `a.b.label`: shown when a row needs explaining. */
  path: string;
}

/** Every finite number in `v` with its path; an array element with a label is named by it. */
function flatten(v: unknown, path: string, out: Found[]): Found[] {
  if (typeof v === 'number' && Number.isFinite(v)) out.push({ value: v, path });
  else if (Array.isArray(v)) {
    v.forEach((x, i) => {
      const name =
        (x as { label?: unknown; name?: unknown } | null)?.label ??
        (x as { name?: unknown } | null)?.name;
      flatten(x, `${path}.${typeof name === 'string' ? name : i}`, out);
    });
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) flatten(x, path ? `${path}.${k}` : k, out);
  }
  return out;
}

/** The first number whose path matches every pattern (and none of `not`). */
export function findNumber(
  figures: Figures | undefined,
  patterns: RegExp[],
  not: RegExp[] = [],
): Found | undefined {
  if (!figures) return undefined;
  return flatten(figures, '', []).find(
    (f) => patterns.every((p) => p.test(f.path)) && !not.some((p) => p.test(f.path)),
  );
}

const lastKey = (path: string) => path.split('.').at(-1) ?? '';

export interface SweepFigures {
  wallS?: Found;
  rssMb?: Found;
  redisRestBytes?: Found;
  redisPeakBytes?: Found;
  /** What the sweep said about itself (skipped, exactly-once) when it said so. */
  note?: string;
}

/** A sweep's wall time (s), peak RSS (MB) and Redis bytes per watch at rest and at peak. */
export function sweepFigures(f: Figures): SweepFigures {
  const wall = findNumber(f, [/wall/i]);
  const wallS = wall && {
    ...wall,
    value: /ms$/i.test(lastKey(wall.path)) ? wall.value / 1000 : wall.value,
  };
  const rss = findNumber(f, [/rss/i, /peak|max/i]) ?? findNumber(f, [/rss/i]);
  const rssMb = rss && {
    ...rss,
    value:
      /mb$|mib$/i.test(lastKey(rss.path)) || rss.value < 100_000 ? rss.value : rss.value / 2 ** 20,
  };
  const bytes = (x: Found | undefined) =>
    // Case-sensitive: `redisPeakB` (bytes) ends in "kB" too.
    x && { ...x, value: /(KB|Kb|KiB)$/.test(lastKey(x.path)) ? x.value * 1024 : x.value };
  const redisRestBytes = bytes(
    findNumber(f, [/redis|bytes/i, /rest|after|idle/i], [/rss|peak|max/i]),
  );
  const redisPeakBytes = bytes(findNumber(f, [/redis|bytes/i, /peak|max/i], [/rss/i]));
  const said = ['skipped', 'exactlyOnce', 'note']
    .map((k) => (typeof f[k] === 'string' || typeof f[k] === 'boolean' ? `${k}: ${f[k]}` : ''))
    .filter(Boolean)
    .join('; ');
  return { wallS, rssMb, redisRestBytes, redisPeakBytes, ...(said ? { note: said } : {}) };
}
