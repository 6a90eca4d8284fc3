/**
 * `wx` start-up: wall time of `wx help` and of `wx cert` against a local TLS server (the farm, in
 * its own process), each a fresh process, beside the anchor `node -e 0` measured in the same run.
 * Prints figures; asserts nothing.
 *
 *   npm run bench (defaults), or: node dist/bench/cli-start.js [--runs N] [--before WX.js] [--json]
 *
 * `--before` another build's dist/cli/wx.js (say main's): its help and cert rows run in the
 * same interleaved rounds, for a before/after under the same load.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bundle, issue } from '../test/fixtures/pki.js';
import { startTlsFarm } from './floor.js';
import { emitJson, JSON_FLAG } from './json-out.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '15' }, before: { type: 'string' }, ...JSON_FLAG },
});
const RUNS = Number(values.runs);
const WX = new URL('../cli/wx.js', import.meta.url).pathname;

const root = issue({ cn: 'wxdoctor Bench Root', ca: true });
const leaf = issue({ cn: '*.bench.test', sans: ['*.bench.test'], issuer: root });
const farm = await startTlsFarm(leaf.keyPem, bundle(leaf, root));
const dir = mkdtempSync(join(tmpdir(), 'wx-bench-'));
const ca = join(dir, 'root.pem');
writeFileSync(ca, root.certPem);

/** Wall time of one run of `node args…`, spawn to exit; it must exit 0 (for wx cert: ok). */
async function wall(args: string[]): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  const [code] = (await once(child, 'close')) as [number | null];
  const ms = performance.now() - t0;
  if (code !== 0) throw new Error(`node ${args.join(' ')}: exit ${code}\n${out}`);
  return ms;
}

const certArgs = (wx: string) => [
  wx,
  'cert',
  `host.bench.test:${farm.port}`,
  '--resolve',
  `host.bench.test:${farm.port}:127.0.0.1`,
  '--ca',
  ca,
];
const ROWS: { label: string; args: string[]; goal: number | null }[] = [
  { label: 'node -e 0 (anchor)', args: ['-e', '0'], goal: null },
  { label: 'wx help', args: [WX, 'help'], goal: 150 },
  { label: 'wx cert (local server)', args: certArgs(WX), goal: 250 },
  ...(values.before
    ? [
        { label: 'wx help (before)', args: [values.before, 'help'], goal: null },
        { label: 'wx cert (before)', args: certArgs(values.before), goal: null },
      ]
    : []),
];

const times = new Map<string, number[]>(ROWS.map((r) => [r.label, []]));
// One warm-up round (disk cache), then the rows interleaved, so load on the machine hits all alike.
for (const r of ROWS) await wall(r.args);
for (let i = 0; i < RUNS; i++) {
  for (const r of ROWS) times.get(r.label)?.push(await wall(r.args));
}
farm.close();
rmSync(dir, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const anchor = median(times.get(ROWS[0]?.label ?? '') ?? []);
console.log(`wx start-up: ${RUNS} runs each, fresh processes, interleaved\n`);
console.log('run                       median ms   min ms   × anchor   goal');
for (const r of ROWS) {
  const xs = times.get(r.label) ?? [];
  const m = median(xs);
  console.log(
    `${r.label.padEnd(24)} ${m.toFixed(0).padStart(10)}   ${Math.min(...xs)
      .toFixed(0)
      .padStart(
        6,
      )}   ${(m / anchor).toFixed(2).padStart(8)}   ${r.goal === null ? '' : `<= ${r.goal} ms`}`,
  );
}

const medianOf = (label: string | undefined) => median(times.get(label ?? '') ?? []);
emitJson(values.json, {
  runs: RUNS,
  anchorMs: anchor,
  helpMs: medianOf(ROWS[1]?.label),
  certMs: medianOf(ROWS[2]?.label),
});
