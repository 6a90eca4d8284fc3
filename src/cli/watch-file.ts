/**
 * `wx watch list --file watches.yml`: the file's watches checked once, from this machine, with
 * the usual exit codes (the worst status). No Redis, no chat: a CI gate for the watches file.
 */
import type { Plan } from '../../commands/index.js';
import { USER_AGENT } from '../config/version.js';
import { type CertResult, runOrGiveUp } from '../probes/index.js';
import { exitCodeOf, worst } from '../probes/verdict.js';
import { BatchTally, summaryText } from '../render/batch-summary.js';
import { watchListText } from '../render/watch-list.js';
import { readWatchesFile } from '../watch/file.js';
import { watchId } from '../watch/id.js';
import type { CliIO } from './main.js';

export async function runWatchFile(
  p: Extract<Plan, { kind: 'watch' }>,
  io: CliIO,
): Promise<number> {
  if (p.file === undefined) return 3;
  let specs: ReturnType<typeof readWatchesFile>;
  try {
    specs = readWatchesFile(p.file, process.env);
  } catch (err) {
    io.stderr.write(`wx: ${(err as Error).message}\n`);
    return 3;
  }
  const results = await Promise.all(
    specs.map(
      (w) =>
        runOrGiveUp(
          {
            probe: 'cert',
            spec: {
              host: w.host,
              port: w.port,
              warnDays: Math.max(...w.days),
              ...(w.connectTo ? { connectTo: w.connectTo } : {}),
              checkLegacy: false,
              checkCaa: false,
              ...(w.pin ? { pin: w.pin } : {}),
            },
          },
          { userAgent: USER_AGENT },
        ) as Promise<CertResult>,
    ),
  );
  if (p.json) {
    for (const r of results) io.stdout.write(`${JSON.stringify(r)}\n`);
  } else {
    const tally = new BatchTally();
    for (const r of results) tally.add(r);
    const rows = specs.map((w, i) => ({
      target: watchId(w.host, w.port),
      to: w.to,
      result: results[i] as CertResult,
    }));
    io.stdout.write(`${watchListText(rows, io)}\n${summaryText(tally, io)}`);
  }
  return exitCodeOf(worst(results.map((r) => r.status)));
}
