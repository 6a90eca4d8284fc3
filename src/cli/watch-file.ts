/**
 * `wx watch list --file watches.yml`: the file's watches checked once, from this machine, with
 * the usual exit codes (the worst status). No Redis, no chat: a CI gate for the watches file.
 */
import type { Plan } from '../../commands/types.js';
import type { Env } from '../config/index.js';
import { USER_AGENT } from '../config/version.js';
import { type AnyProbeResult, runOrGiveUp } from '../probes/index.js';
import { exitCodeOf, worst } from '../probes/verdict.js';
import type { AppRegistry } from '../probes/wechat/types.js';
import { BatchTally, summaryText } from '../render/batch-summary.js';
import { watchListText } from '../render/watch-list.js';
import { readWatchesFile } from '../watch/file.js';
import { watchRequest } from '../watch/request.js';
import type { WatchSpec } from '../watch/service.js';
import { API_DOMAINS } from '../watch/types.js';
import { writeError } from './error-line.js';
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
    await writeError(io, (err as Error).message);
    return 3;
  }
  const apps = await appsFor(specs, io.env ?? process.env);
  const results = await Promise.all(
    specs.map((w) =>
      runOrGiveUp(watchRequest(w), { userAgent: USER_AGENT, ...(apps ? { apps } : {}) }),
    ),
  );
  if (p.json) {
    for (const r of results) io.stdout.write(`${JSON.stringify(r)}\n`);
  } else {
    const tally = new BatchTally();
    for (const r of results) tally.add(r);
    const rows = specs.map((w, i) => ({
      target: w.id,
      to: w.to,
      result: results[i] as AnyProbeResult,
    }));
    io.stdout.write(`${watchListText(rows, io)}\n${summaryText(tally, io)}`);
  }
  return exitCodeOf(worst(results.map((r) => r.status)));
}

/** The configured apps when a wechat watch names one (an unknown alias is that watch's finding). */
async function appsFor(specs: WatchSpec[], env: Env): Promise<AppRegistry | undefined> {
  if (!specs.some((w) => w.kind === 'wechat' && w.alias !== API_DOMAINS)) return undefined;
  const [{ loadApps }, { appRegistry }, { createMemoryTokenManager }] = await Promise.all([
    import('../config/index.js'),
    import('../config/apps.js'),
    import('../tokens/memory.js'),
  ]);
  return appRegistry(loadApps(env), createMemoryTokenManager());
}
