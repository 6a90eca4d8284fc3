/**
 * Issue 16's goals in one run, one table: each row's figure beside its goal and, where the goal is
 * relative, the anchor measured in the same run (bare tls.connect floor, Bolt acking alone,
 * `node -e 0`). Every measurement is a bench script of its own run in a child process (`--json`:
 * its figures as the last stdout line), one after the other, so CPU and RSS are that script's
 * alone. A script that is missing, fails or gives no figure leaves its rows "not measured: why".
 *
 *   npm run bench [-- --quick] [-- --verbose]
 *   node dist/bench/table.js [--quick] [--verbose] [--json] [--only cli,cert,…]
 *
 * --quick: smaller sizes (a minute or two instead of several; sweep goals scaled to the size);
 * --verbose: each script's own output on stderr; --json: the table as one JSON line at the end.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { emitJson, JSON_FLAG } from './json-out.js';
import { type Figures, type Found, findNumber, sweepFigures } from './table-figures.js';

const { values } = parseArgs({
  strict: false,
  options: {
    help: { type: 'boolean', short: 'h', default: false },
    quick: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    only: { type: 'string' },
    // Child mode: call an exported bench function and print its figures (see runSource).
    call: { type: 'string' },
    arg: { type: 'string' },
    ...JSON_FLAG,
  },
});

if (typeof values.call === 'string') {
  const [file = '', name = ''] = values.call.split(':');
  const mod = (await import(new URL(`./${file}`, import.meta.url).href)) as Record<string, unknown>;
  const fn = mod[name];
  if (typeof fn !== 'function') throw new Error(`${file} exports no ${name}`);
  const figures = await (fn as (a: unknown) => Promise<unknown>)(
    typeof values.arg === 'string' ? JSON.parse(values.arg) : undefined,
  );
  process.stdout.write(`\n${JSON.stringify(figures)}\n`);
  process.exit(0);
}

const QUICK = values.quick === true;
const VERBOSE = values.verbose === true;
const SOURCE_TIMEOUT_MS = 20 * 60_000;

// ---------------------------------------------------------------------------------------------
// Sources: one bench run each, at most once per table.

interface Source {
  /** dist/bench/<script>. */
  script: string;
  /** Who writes it, when it may be missing. */
  owner?: string;
  args: string[];
  /** An exported function to call instead of running the script's CLI, when it exports it. */
  fn?: { name: string; arg?: unknown };
  /** Reads a figure out of the human output when the script prints no JSON line. */
  fromText?: (stdout: string) => Figures | undefined;
}

const SWEEP_WATCHES = QUICK ? 1000 : 10_000;
const SWEEP_BIG = 2 * SWEEP_WATCHES;
const WATCH_WATCHES = QUICK ? 1000 : 5000;
/** deploy/kubernetes/worker.yaml's memory limit. */
const CONTAINER_MIB = 320;

const SOURCES = {
  cli: { script: 'cli-start.js', args: ['--runs', QUICK ? '5' : '15'] },
  cert: { script: 'cert.js', args: QUICK ? ['--probes', '200'] : [] },
  one: { script: 'one-at-a-time.js', args: ['--runs', QUICK ? '5' : '10'] },
  watch: { script: 'watch.js', args: ['--watches', String(WATCH_WATCHES)] },
  sweep: {
    script: 'sweep-netns.js',
    owner: 'helper netns',
    args: ['--watches', String(SWEEP_WATCHES)],
    fn: { name: 'runSweepBench', arg: { watches: SWEEP_WATCHES } },
  },
  sweepBig: {
    script: 'sweep-netns.js',
    owner: 'helper netns',
    args: ['--watches', String(SWEEP_BIG)],
    fn: { name: 'runSweepBench', arg: { watches: SWEEP_BIG } },
  },
  // The same sweep with the worker under deploy/kubernetes/worker.yaml's memory limit.
  sweepContained: {
    script: 'sweep-netns.js',
    owner: 'helper netns',
    args: ['--watches', String(SWEEP_BIG), '--memory-limit', String(CONTAINER_MIB)],
    fn: { name: 'runSweepBench', arg: { watches: SWEEP_BIG, memoryLimitMb: CONTAINER_MIB } },
  },
  slack: {
    script: 'slack.js',
    args: QUICK ? ['--acks', '200', '--results', '10'] : [],
    fn: { name: 'runSlackAckBench', arg: QUICK ? { acks: 200, wave: 50 } : {} },
  },
  rcmds: {
    script: 'redis-commands.js',
    owner: 'helper rcmds',
    args: ['--commands', QUICK ? '3' : '10'],
    // "median per command: N commands (commandstats), I of them idle-window equivalent → M net"
    fromText: (out) => {
      const m = /median per command: (\d+(?:\.\d+)?) commands.*?→ (-?\d+(?:\.\d+)?) net/.exec(out);
      const clients = /(\d+(?:\.\d+)?) requests from clients/.exec(out);
      return m
        ? { commandstats: Number(m[1]), net: Number(m[2]), clients: Number(clients?.[1] ?? NaN) }
        : undefined;
    },
  },
  regions: { script: 'regions.js', args: ['--runs', QUICK ? '10' : '40'] },
} satisfies Record<string, Source>;

if (values.help === true) {
  process.stdout.write(`Issue 16's goals in one run, one table (several minutes; --quick: one or two).

  npm run bench [-- --quick] [-- --verbose] [-- --json] [-- --only SOURCE,…]

  --quick     smaller sizes, sweep goals scaled to them
  --verbose   each bench script's own output on stderr
  --json      the table as one JSON line at the end
  --only      run only these sources: ${Object.keys(SOURCES).join(', ')}
`);
  process.exit(0);
}

type SourceId = keyof typeof SOURCES;

type Outcome = { figures: Figures; seconds: number } | { why: string };
const outcomes = new Map<SourceId, Promise<Outcome>>();
let queue: Promise<unknown> = Promise.resolve();

/** Runs a source once, after any source already running (never two at once). */
function source(id: SourceId): Promise<Outcome> {
  let o = outcomes.get(id);
  if (!o) {
    o = queue.then(() => runSource(id, SOURCES[id]));
    queue = o;
    outcomes.set(id, o);
  }
  return o;
}

async function runSource(id: SourceId, s: Source): Promise<Outcome> {
  const path = new URL(`./${s.script}`, import.meta.url).pathname;
  if (!existsSync(path)) {
    return {
      why: `bench/${s.script.replace(/\.js$/, '.ts')} missing${s.owner ? ` (${s.owner})` : ''}`,
    };
  }
  const viaFn = s.fn !== undefined && readFileSync(path, 'utf8').includes(s.fn.name);
  const args =
    viaFn && s.fn
      ? [
          new URL(import.meta.url).pathname,
          '--call',
          `${s.script}:${s.fn.name}`,
          ...(s.fn.arg === undefined ? [] : ['--arg', JSON.stringify(s.fn.arg)]),
        ]
      : [path, ...s.args, '--json'];
  process.stderr.write(`[bench table] ${id}: ${s.script} ${args.slice(1).join(' ')}\n`);
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    // A group of its own: a script that outlives its time is ended with what it started.
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    if (VERBOSE) process.stderr.write(d);
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
    if (VERBOSE) process.stderr.write(d);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  }, SOURCE_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => {
    child.on('close', (c) => resolve(c));
    child.on('error', () => resolve(-1));
  });
  clearTimeout(timer);
  const seconds = (performance.now() - t0) / 1000;
  process.stderr.write(`[bench table] ${id}: done in ${seconds.toFixed(0)} s\n`);
  if (timedOut) return { why: `${s.script} ran over ${SOURCE_TIMEOUT_MS / 60_000} min` };
  const last = stdout.trim().split('\n').at(-1) ?? '';
  if (code === 0 && last.startsWith('{')) {
    try {
      return { figures: JSON.parse(last) as Figures, seconds };
    } catch {
      // Not JSON after all: fall through.
    }
  }
  const fromText = code === 0 ? s.fromText?.(stdout) : undefined;
  if (fromText) return { figures: fromText, seconds };
  if (code !== 0) {
    // The error's own line, not the runtime's version banner that follows a crash.
    const lines = stderr.trim().split('\n').filter(Boolean);
    const said = lines.findLast((l) => /error/i.test(l)) ?? lines.at(-1) ?? '';
    return { why: `${s.script} exit ${code}${said ? `: ${said.slice(0, 120)}` : ''}` };
  }
  const said = stdout.trim().split('\n').at(-1) ?? '';
  return { why: `${s.script} gave no figures${said ? ` (said: ${said.slice(0, 100)})` : ''}` };
}

// ---------------------------------------------------------------------------------------------
// Rows.

interface Measured {
  measured: string;
  anchor?: string;
  met: boolean;
  note?: string;
}
type RowResult = Measured | { why: string };

interface Row {
  label: string;
  goal: string;
  sources: SourceId[];
  judge: (f: Partial<Record<SourceId, Figures>>) => RowResult;
}

const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
const times = (x: number) => `${x.toFixed(2)}×`;
const n = (x: number) => x.toLocaleString('en-US');
const missing = (what: string, f: Figures | undefined): { why: string } => ({
  why: `no ${what} in the figures${f ? ` (keys: ${Object.keys(f).join(', ').slice(0, 80)})` : ''}`,
});

function num(f: Figures | undefined, ...path: Array<string | number>): number | undefined {
  let v: unknown = f;
  for (const k of path) v = (v as Record<string | number, unknown> | undefined)?.[k];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The sweep's figures at `watches`: the netns bench, else (RSS, Redis) the local-farm one. */
function sweepAt(
  f: Partial<Record<SourceId, Figures>>,
  id: 'sweep' | 'sweepBig',
): ReturnType<typeof sweepFigures> | undefined {
  const figures = f[id];
  return figures ? sweepFigures(figures) : undefined;
}

function sweepRow(id: 'sweep' | 'sweepBig', watches: number, goalS: number): Row {
  const scaled = (goalS * watches) / (id === 'sweep' ? 10_000 : 20_000);
  return {
    label: `sweep of ${n(watches)} cert watches, 100 ms RTT, 5% dead`,
    goal: `≤ ${scaled.toFixed(0)} s`,
    sources: [id],
    judge: (f) => {
      const s = sweepAt(f, id);
      const wall = s?.wallS;
      if (wall === undefined) return missing('wall time', f[id]);
      return {
        measured: `${wall.value.toFixed(1)} s`,
        // A sweep that checked a watch twice or not at all is no sweep, however fast.
        met: wall.value <= scaled && (f[id] as { exactlyOnce?: unknown }).exactlyOnce !== false,
        note: s?.note,
      };
    },
  };
}

/** RSS or Redis from the netns sweep at 20k (or its quick size), else from watch.ts's local farm. */
function fromSweepOrWatch(
  f: Partial<Record<SourceId, Figures>>,
  pick: (s: NonNullable<ReturnType<typeof sweepFigures>>) => Found | undefined,
  fromWatch: (w: Figures) => number | undefined,
): { value: number; watches: number; note: string } | undefined {
  const s = sweepAt(f, 'sweepBig');
  const found = s ? pick(s) : undefined;
  if (found) return { value: found.value, watches: SWEEP_BIG, note: 'netns sweep' };
  const w = f.watch;
  const v = w ? fromWatch(w) : undefined;
  if (v === undefined) return undefined;
  return {
    value: v,
    watches: num(w, 'watches') ?? WATCH_WATCHES,
    note: 'local farm (bench/watch.ts, no RTT): the netns sweep gave no figure',
  };
}

/** watch.ts phase figures: the worst of its phases. */
function worstPhase(w: Figures, key: string): number | undefined {
  const phases = (w as { phases?: Figures[] }).phases ?? [];
  const xs = phases.map((p) => num(p, key)).filter((x): x is number => x !== undefined);
  return xs.length ? Math.max(...xs) : undefined;
}

const KB2 = 2048;
const ROWS: Row[] = [
  sweepRow('sweep', SWEEP_WATCHES, 60),
  sweepRow('sweepBig', SWEEP_BIG, 120),
  {
    label: `sweeping worker peak RSS at ${n(SWEEP_BIG)}`,
    goal: '≤ 200 MB',
    sources: ['sweepBig', 'watch'],
    judge: (f) => {
      const r = fromSweepOrWatch(
        f,
        (s) => s.rssMb,
        (w) => worstPhase(w, 'rssMb'),
      );
      if (!r) return missing('RSS', f.sweepBig ?? f.watch);
      return {
        measured: `${r.value.toFixed(0)} MB at ${n(r.watches)}`,
        met: r.value <= 200,
        note: r.note,
      };
    },
  },
  {
    label: `the same, worker in a ${CONTAINER_MIB} MiB memory cgroup (no flag)`,
    goal: '≤ 200 MB',
    sources: ['sweepContained'],
    judge: (f) => {
      const s = f.sweepContained;
      const rss = s ? sweepFigures(s).rssMb?.value : undefined;
      if (rss === undefined) return missing('RSS', s);
      const cpu = num(s, 'cpuMsPerCheck');
      const floor = num(s, 'floorCpuMsPerHandshake');
      return {
        measured: `${rss.toFixed(0)} MB at ${n(SWEEP_BIG)}`,
        met: rss <= 200,
        note: `as a container's limit sizes Node's heap; CPU per check there ${cpu !== undefined && floor ? times(cpu / floor) : '?'} a bare handshake, sweep ${num(s, 'wallS')?.toFixed(1) ?? '?'} s`,
      };
    },
  },
  ...(['rest', 'peak'] as const).map(
    (when): Row => ({
      label: `Redis per watch (all of it, job history incl.), at ${when === 'rest' ? 'rest' : 'sweep peak'}`,
      goal: '≤ 2 KB',
      sources: ['sweepBig', 'watch'],
      judge: (f) => {
        const r = fromSweepOrWatch(
          f,
          (s) => (when === 'rest' ? s.redisRestBytes : s.redisPeakBytes),
          (w) => worstPhase(w, when === 'rest' ? 'redisBytes' : 'redisPeakBytes'),
        );
        if (!r) return missing('Redis bytes', f.sweepBig ?? f.watch);
        return {
          measured: `${(r.value / 1024).toFixed(2)} KB at ${n(r.watches)}`,
          met: r.value <= KB2,
          note: r.note,
        };
      },
    }),
  ),
  {
    label: 'worker CPU per watch check',
    goal: '≤ 1.50× bare handshake',
    sources: ['watch'],
    judge: (f) => {
      const phases = (f.watch as { phases?: Figures[] } | undefined)?.phases;
      const healthy = phases?.[0];
      const cpu = num(healthy, 'cpuMs');
      const floor = num(healthy, 'floorCpuMs');
      if (cpu === undefined || floor === undefined) return missing('CPU per watch', f.watch);
      const expiring = phases?.[1];
      const e = num(expiring, 'cpuMs');
      const ef = num(expiring, 'floorCpuMs');
      return {
        measured: `${cpu.toFixed(3)} ms (${times(cpu / floor)})`,
        anchor: `${floor.toFixed(3)} ms`,
        met: cpu / floor <= 1.5,
        note:
          `local farm, ${n(num(f.watch, 'watches') ?? WATCH_WATCHES)} healthy watches` +
          (e !== undefined && ef !== undefined
            ? `; expiring phase (an incident each): ${times(e / ef)}`
            : ''),
      };
    },
  },
  ...(['all', 'bot'] as const).map(
    (role): Row => ({
      label: `Slack ack p99, bursts of 50 commands, role ${role}`,
      goal: '≤ 1.20× Bolt alone',
      sources: ['slack'],
      judge: (f) => {
        const fig = f.slack;
        const ours =
          num(fig, 'ackP99Ms', role) ??
          num(fig, role, 'p99Ms') ??
          findNumber(fig, [/p99/i, new RegExp(`\\b${role}\\b`, 'i')])?.value;
        const bolt =
          num(fig, 'ackP99Ms', 'bolt') ??
          num(fig, 'bolt', 'p99Ms') ??
          findNumber(fig, [/p99/i, /bolt/i])?.value;
        if (ours === undefined || bolt === undefined) return missing('ack p99', fig);
        return {
          measured: `${ms(ours)} (${times(ours / bolt)})`,
          anchor: `Bolt ${ms(bolt)}`,
          met: ours <= 1.2 * bolt,
        };
      },
    }),
  ),
  {
    label: 'Redis commands per /wx cert, end to end',
    goal: '≤ 60',
    sources: ['rcmds'],
    judge: (f) => {
      const fig = f.rcmds;
      const net =
        num(fig, 'net') ??
        findNumber(fig, [/net|perCommand|median/i])?.value ??
        findNumber(fig, [/commands/i])?.value;
      if (net === undefined) return missing('count', fig);
      const stats = num(fig, 'commandstats');
      const clients = num(fig, 'clients');
      return {
        measured: n(Math.round(net)),
        met: net <= 60,
        note:
          stats !== undefined
            ? `median; ${n(stats)} in INFO commandstats (calls inside BullMQ's scripts counted), an idle window of equal length subtracted${
                clients !== undefined && Number.isFinite(clients)
                  ? `; ${n(clients)} requests sent by clients (a script call counted once)`
                  : ''
              }`
            : undefined,
      };
    },
  },
  ...(
    [
      ['wx help cold start', 'helpMs', 150],
      ['wx cert to a local server, wall', 'certMs', 250],
    ] as const
  ).map(
    ([label, key, goal]): Row => ({
      label,
      goal: `≤ ${goal} ms`,
      sources: ['cli'],
      judge: (f) => {
        const v = num(f.cli, key);
        const anchor = num(f.cli, 'anchorMs');
        if (v === undefined || anchor === undefined) return missing(key, f.cli);
        return {
          measured: `${ms(v)} (${times(v / anchor)})`,
          anchor: `node -e 0 ${ms(anchor)}`,
          met: v <= goal,
          // The goal is absolute; what wx adds to Node's own start carries from machine to machine.
          note: `${ms(v - anchor)} beyond Node's own start (node -e 0)`,
        };
      },
    }),
  ),
  {
    label: 'client CPU per cert probe',
    goal: '≤ 1.00× tls.connect floor',
    sources: ['cert'],
    judge: (f) => {
      const ours = num(f.cert, 'probeCpuMsPerProbe');
      const floor = num(f.cert, 'floorCpuMsPerProbe');
      if (ours === undefined || floor === undefined) return missing('CPU per probe', f.cert);
      const noLegacy = num(f.cert, 'noLegacyCpuMsPerProbe');
      return {
        measured: `${ours.toFixed(3)} ms (${times(ours / floor)})`,
        anchor: `${floor.toFixed(3)} ms`,
        met: ours <= floor,
        note:
          noLegacy !== undefined
            ? `without the legacy-TLS hello (as a watch checks): ${times(noLegacy / floor)}`
            : undefined,
      };
    },
  },
  {
    label: 'cert probe vs one-connection-at-a-time server (openssl s_server)',
    goal: 'no added wait, definite answer',
    sources: ['one'],
    judge: (f) => {
      const probe = num(f.one, 'probeMs');
      const max = num(f.one, 'probeMaxMs');
      const bare = num(f.one, 'bareMs');
      const timeout = num(f.one, 'timeoutMs') ?? 8000;
      const definite = (f.one as { definite?: boolean } | undefined)?.definite;
      if (probe === undefined || bare === undefined || max === undefined) {
        return missing('probe time', f.one);
      }
      return {
        measured: `${ms(probe)}, ${definite ? 'definite' : 'NOT definite'}`,
        anchor: `handshake ${ms(bare)}`,
        // A wait behind its own session ends at the deadline; well short of it is no wait.
        met: definite === true && max < timeout / 4,
        note: `median; slowest probe ${ms(max)} (a wait would end at the ${ms(timeout)} deadline)`,
      };
    },
  },
  {
    label: 'two regions vs one, added beyond the slower probe',
    goal: '≤ +20 ms',
    sources: ['regions'],
    judge: (f) => {
      const added = num(f.regions, 'addedMs');
      const one = num(f.regions, 'oneRegionMs');
      if (added === undefined || one === undefined) return missing('added time', f.regions);
      return {
        measured: `+${ms(added)}`,
        anchor: `one region ${ms(one)}`,
        met: added <= 20,
        note: 'median overhead beyond the slower region probe (not in issue 16: regions goal)',
      };
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Run and print.

const only = typeof values.only === 'string' ? new Set(values.only.split(',')) : undefined;
const rows = ROWS.filter((r) => !only || r.sources.some((s) => only.has(s)));
const t0 = performance.now();
const results: Array<{ row: Row; result: RowResult }> = [];
for (const row of rows) {
  const figures: Partial<Record<SourceId, Figures>> = {};
  const whys: string[] = [];
  for (const id of row.sources) {
    if (only && !only.has(id)) continue;
    const o = await source(id);
    if ('figures' in o) figures[id] = o.figures;
    else whys.push(o.why);
  }
  const why = [...new Set(whys)].join('; ');
  let result: RowResult;
  try {
    if (Object.keys(figures).length === 0) result = { why };
    else {
      result = row.judge(figures);
      if ('why' in result && why) result = { why: `${result.why}; ${why}` };
    }
  } catch (err) {
    result = { why: `figures unreadable: ${(err as Error).message}` };
  }
  results.push({ row, result });
}

// A row not measured says why across the figure columns, beside its goal; its text does not
// widen the columns of the others.
const cells = results.map(({ row, result }) =>
  'why' in result
    ? [row.label, `not measured: ${result.why} (goal ${row.goal})`]
    : [row.label, result.measured, result.anchor ?? '-', row.goal, result.met ? 'yes' : 'NO'],
);
const head = ['row', 'measured', 'anchor (same run)', 'goal', 'met'];
const widths = head.map((h, i) =>
  Math.max(h.length, ...cells.filter((c) => c.length > 2).map((c) => (c[i] ?? '').length)),
);
const line = (c: string[]) =>
  c
    .map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i] ?? 0)))
    .join('  ')
    .trimEnd();
console.log(
  `\nissue 16, one run${QUICK ? ' (--quick: smaller sizes, sweep goals scaled)' : ''}: ` +
    `${((performance.now() - t0) / 1000).toFixed(0)} s\n`,
);
console.log(line(head));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const c of cells) console.log(line(c));
const notes = results.flatMap(({ row, result }) =>
  'note' in result && result.note ? [`  ${row.label}: ${result.note}`] : [],
);
if (notes.length) console.log(`\nnotes\n${notes.join('\n')}`);
const met = results.filter(({ result }) => 'met' in result && result.met).length;
const measured = results.filter(({ result }) => 'met' in result).length;
console.log(
  `\n${met} of ${measured} measured rows meet their goal; ${results.length - measured} not measured`,
);
emitJson(values.json, {
  quick: QUICK,
  rows: results.map(({ row, result }) => ({ label: row.label, goal: row.goal, ...result })),
});
