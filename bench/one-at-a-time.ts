/**
 * The cert probe against a server that serves one connection at a time (`openssl s_server`):
 * the probe's wall time beside a bare tls.connect handshake to the same server (the anchor, same
 * run, interleaved), and whether every answer was definite (the probe's verdict and its legacy
 * TLS check). A probe that waited behind its own open session would show the wait as its time
 * out (seconds) and an unknown legacy answer. Prints figures; asserts nothing.
 *
 *   node dist/bench/one-at-a-time.js [--runs N] [--json]
 */
import tls from 'node:tls';
import { parseArgs } from 'node:util';
import { probeCert } from '../src/probes/cert/index.js';
import { createContext } from '../src/probes/context.js';
import type { LookupFn } from '../src/probes/types.js';
import { startOpensslServer } from '../test/fixtures/one-at-a-time.js';
import { bundle, days, issue } from '../test/fixtures/pki.js';
import { emitJson, JSON_FLAG } from './json-out.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, ...JSON_FLAG },
});
const RUNS = Number(values.runs);
/** The probe's deadline: a wait behind its own session would end here. */
const TIMEOUT_MS = 8000;

const root = issue({ cn: 'wxdoctor One Root', ca: true, notAfter: days(3650) });
const leaf = issue({ cn: 'localhost', sans: ['localhost'], issuer: root });
const loopback: LookupFn = async () => [{ address: '127.0.0.1', family: 4 }];
const server = await startOpensslServer(leaf.keyPem, bundle(leaf, root));
const secureContext = tls.createSecureContext({ ca: [root.certPem] });

/** One handshake to the server, closed at once: wall ms. */
function bare(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const s = tls.connect({
      host: '127.0.0.1',
      port: server.port,
      servername: 'localhost',
      secureContext,
    });
    s.once('secureConnect', () => {
      const ms = performance.now() - t0;
      s.destroy();
      resolve(ms);
    });
    s.once('error', reject);
  });
}

async function probe(): Promise<{ ms: number; status: string; legacy: string }> {
  const t0 = performance.now();
  const r = await probeCert(
    { host: 'localhost', port: server.port, warnDays: 30, checkRevocation: false, checkCaa: false },
    createContext({ timeoutMs: TIMEOUT_MS, extraCaPem: [root.certPem], lookup: loopback }),
  );
  return { ms: performance.now() - t0, status: r.status, legacy: r.detail.legacy.status };
}

const bareMs: number[] = [];
const probes: Array<{ ms: number; status: string; legacy: string }> = [];
try {
  await bare();
  await probe();
  for (let i = 0; i < RUNS; i++) {
    bareMs.push(await bare());
    probes.push(await probe());
  }
} finally {
  await server.close();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const probeMs = probes.map((p) => p.ms);
const tally = (xs: string[]) =>
  [...new Set(xs)].map((x) => `${xs.filter((y) => y === x).length} ${x}`).join(', ');
// Definite: the probe reached a verdict (not unknown) and the legacy check an answer.
const definite = probes.every(
  (p) => p.status !== 'unknown' && (p.legacy === 'refused' || p.legacy === 'accepted'),
);
console.log(`cert probe against openssl s_server (one connection at a time), ${RUNS} runs each\n`);
console.log('run                       median ms   max ms');
console.log(
  `${'bare tls.connect'.padEnd(24)} ${median(bareMs).toFixed(1).padStart(10)} ${Math.max(...bareMs)
    .toFixed(1)
    .padStart(8)}`,
);
console.log(
  `${'wx cert probe'.padEnd(24)} ${median(probeMs).toFixed(1).padStart(10)} ${Math.max(...probeMs)
    .toFixed(1)
    .padStart(8)}`,
);
console.log(
  `\nverdicts: ${tally(probes.map((p) => p.status))}; legacy TLS: ${tally(probes.map((p) => p.legacy))}`,
);
console.log(`goal: no added wait (no probe near its ${TIMEOUT_MS} ms deadline), definite answers`);
emitJson(values.json, {
  runs: RUNS,
  timeoutMs: TIMEOUT_MS,
  bareMs: median(bareMs),
  probeMs: median(probeMs),
  probeMaxMs: Math.max(...probeMs),
  definite,
  verdicts: probes.map((p) => p.status),
  legacy: probes.map((p) => p.legacy),
});
