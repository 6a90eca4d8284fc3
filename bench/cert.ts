/**
 * Cert probe throughput and client CPU, beside the floor: a bare tls.connect loop doing the same
 * handshakes (same server, same names) in the same run. Prints figures; asserts nothing.
 *
 *   npm run bench (defaults), or: node dist/bench/cert.js [--probes N] [--concurrency C] [--json]
 */
import tls from 'node:tls';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { probeCert } from '../src/probes/cert/index.js';
import { createContext } from '../src/probes/context.js';
import { bundle, issue } from '../test/fixtures/pki.js';
import { bareHandshake, cleanHandshake, type FarmTally, startTlsFarm } from './floor.js';
import { emitJson, JSON_FLAG } from './json-out.js';

const { values } = parseArgs({
  options: {
    probes: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '16' },
    ...JSON_FLAG,
  },
});
const N = Number(values.probes);
const C = Number(values.concurrency);

const root = issue({ cn: 'wxdoctor Bench Root', ca: true });
const intermediate = issue({ cn: 'wxdoctor Bench Intermediate', ca: true, issuer: root });
const leaf = issue({ cn: '*.bench.test', sans: ['*.bench.test'], issuer: intermediate });

const farm = await startTlsFarm(leaf.keyPem, bundle(leaf, intermediate));
const { port } = farm;
const names = Array.from({ length: N }, (_, i) => `host-${i}.bench.test`);

interface Figures {
  label: string;
  perSecond: number;
  cpuMsPerProbe: number;
  wallMs: number;
  /** How the server saw this run's connections. */
  server: FarmTally;
}

async function measure(label: string, one: (name: string) => Promise<unknown>): Promise<Figures> {
  const limit = pLimit(C);
  const before = await farm.tally();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(names.map((n) => limit(() => one(n))));
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // The last closes land after the last result: let them arrive before counting.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const after = await farm.tally();
  const server = Object.fromEntries(
    Object.entries(after).map(([k, v]) => [k, v - before[k as keyof FarmTally]]),
  ) as unknown as FarmTally;
  return {
    label,
    perSecond: (N * 1000) / wallMs,
    cpuMsPerProbe: (cpu.user + cpu.system) / 1000 / N,
    wallMs,
    server,
  };
}

const floorContext = tls.createSecureContext({ ca: [root.certPem] });
const bare = (name: string) => bareHandshake(port, name, floorContext);
const clean = (name: string) => cleanHandshake(port, name, floorContext);

/** As callers run it (runGuarded): the context's deadline is released when the probe is done. */
async function probe(name: string, checkLegacy = true) {
  const ctx = createContext({ timeoutMs: 10_000, extraCaPem: [root.certPem] });
  try {
    return await probeCert(
      { host: name, port, connectTo: '127.0.0.1', warnDays: 30, checkLegacy },
      ctx,
    );
  } finally {
    ctx.release();
  }
}

const runs: Array<[string, (name: string) => Promise<unknown>]> = [
  ['tls.connect floor', bare],
  ['floor, clean close', clean],
  ['wx cert probe', (n) => probe(n)],
  // As a watch checks: no legacy hello, so the main session is the only connection.
  ['wx cert, no legacy', (n) => probe(n, false)],
];
// One whole round of each, not counted: the probe runs far more code than the floor, and its
// first round (JIT, the trust store, heap growth) cost ~1.4x its later ones; the floor's ~1.05x.
for (const [label, run] of runs) await measure(label, run);

const rows: Figures[] = [];
for (let round = 0; round < 2; round++) {
  for (const [label, run] of runs) rows.push(await measure(label, run));
}
farm.close();

const mean = (label: string) => {
  const of = rows.filter((r) => r.label === label);
  return of.reduce((a, r) => a + r.cpuMsPerProbe, 0) / of.length;
};
const floor = mean('tls.connect floor');
const cleanFloor = mean('floor, clean close');
const ours = mean('wx cert probe');
const noLegacy = mean('wx cert, no legacy');
console.log(`cert probes: ${N} distinct names, concurrency ${C}, server in a separate process\n`);
console.log(
  'run                  probes/s   client CPU ms/probe   wall ms   server saw: handshakes completed / failed, closes clean / reset',
);
for (const r of rows) {
  const s = r.server;
  console.log(
    `${r.label.padEnd(20)} ${r.perSecond.toFixed(0).padStart(8)}   ${r.cpuMsPerProbe.toFixed(3).padStart(19)}   ${r.wallMs.toFixed(0).padStart(7)}   ${s.completed} / ${s.failed}, ${s.cleanClose} / ${s.resetClose}`,
  );
}
const ratio = (x: number, of: number) => `${(x / of).toFixed(2)}x`;
console.log(
  `\nCPU per probe / floor: ${ratio(ours, floor)}; without the legacy hellos ${ratio(noLegacy, floor)} (goal <= 1.0x)`,
);
console.log(
  `against the clean-close floor (the close the probe must make): ${ratio(ours, cleanFloor)}; without the legacy hellos ${ratio(noLegacy, cleanFloor)}`,
);
emitJson(values.json, {
  probes: N,
  concurrency: C,
  floorCpuMsPerProbe: floor,
  cleanFloorCpuMsPerProbe: cleanFloor,
  probeCpuMsPerProbe: ours,
  noLegacyCpuMsPerProbe: noLegacy,
  ratio: ours / floor,
});
