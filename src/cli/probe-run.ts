/**
 * The probes plans (`wx cert|dns|http|check|token|…`): read the CA files, the apps when one is
 * named, run the probes and print. main.ts loads this module only for these commands.
 */
import { readFile } from 'node:fs/promises';
import { type Plan, UsageError } from '../../commands/types.js';
import { ConfigError } from '../config/error.js';
import type { Env } from '../config/index.js';
import { USER_AGENT } from '../config/version.js';
import { combine } from '../probes/combine.js';
import { type AnyProbeResult, type ProbeRequest, runOrGiveUp } from '../probes/index.js';
import { GUARDED_POLICY, OPEN_POLICY } from '../probes/net/guard.js';
import type { Status } from '../probes/types.js';
import { exitCodeOf, worst } from '../probes/verdict.js';
import type { AppRegistry } from '../probes/wechat/types.js';
import { renderCombined, renderResult } from '../render/terminal.js';
import { writeError } from './error-line.js';
import type { CliIO } from './main.js';

/** A probes plan as the terminal runs it (it may carry `--file`'s batch). */
type CliProbePlan = Extract<Plan, { kind: 'probes' }>;

/** Runs a probes plan; resolves with the exit code. A UsageError is thrown for main to print. */
export async function runProbes(p: CliProbePlan, io: CliIO): Promise<number> {
  let extraCaPem: string[];
  try {
    extraCaPem = await Promise.all(p.run.caFiles.map((f) => readCa(f)));
  } catch (err) {
    await writeError(io, (err as Error).message);
    return 3;
  }
  let apps: AppRegistry | undefined;
  try {
    apps = await appsFor(p, io.env ?? process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      await writeError(io, err.message);
      return 3;
    }
    throw err;
  }
  // The errcode glosses (a large table) only for the WeChat probes, the only ones that read them.
  const errcodeGloss =
    p.batch || p.requests.some((r) => r.probe === 'wechat')
      ? (await import('../i18n/errcodes-zh-CN.js')).errcodeMeaningZh
      : undefined;
  const run = (req: ProbeRequest) =>
    runOrGiveUp(req, {
      timeoutMs: p.run.timeoutMs,
      extraCaPem,
      policy: p.run.denyPrivate ? GUARDED_POLICY : OPEN_POLICY,
      userAgent: USER_AGENT,
      ...(errcodeGloss ? { errcodeGloss } : {}),
      ...(apps ? { apps } : {}),
    });
  // `--file` (its concurrency limit, progress line and summary) is loaded only when asked for.
  const status = p.batch
    ? await (await import('./batch.js')).runBatch(p, p.batch, run, io)
    : await runSingle(p, run, io);
  return exitCodeOf(status);
}

async function runSingle(
  p: CliProbePlan,
  run: (r: ProbeRequest) => Promise<AnyProbeResult>,
  io: CliIO,
): Promise<Status> {
  const results = await Promise.all(p.requests.map(run));
  if (p.combine) {
    const combined = combine(p.combine.title, results);
    io.stdout.write(p.json ? `${JSON.stringify(combined)}\n` : renderCombined(combined, io));
    return combined.status;
  }
  for (const r of results) io.stdout.write(p.json ? `${JSON.stringify(r)}\n` : renderResult(r, io));
  return worst(results.map((r) => r.status));
}

/**
 * The configured apps, when the plan names one; an unknown alias is a usage error, an app whose
 * secret is not set a config error. The config loader is imported only then.
 */
async function appsFor(p: CliProbePlan, env: Env): Promise<AppRegistry | undefined> {
  const aliases = p.requests.flatMap((r) =>
    r.probe === 'wechat' && r.spec.op !== 'api-domains' ? [r.spec.alias] : [],
  );
  if (aliases.length === 0) return undefined;
  const [{ loadApps }, { appRegistry }, { createMemoryTokenManager }] = await Promise.all([
    import('../config/index.js'),
    import('../config/apps.js'),
    import('../tokens/memory.js'),
  ]);
  const apps = appRegistry(loadApps(env), createMemoryTokenManager());
  for (const a of aliases) {
    const app = apps.get(a);
    // Only the app asked for needs its secret: another app's unset variable is not this one's problem.
    if (app?.unusable !== undefined) throw new ConfigError([app.unusable]);
    if (!app) {
      const known = apps.aliases();
      throw new UsageError(
        `no app is configured with the alias ${JSON.stringify(a)}; configured: ${known.join(', ') || 'none (add wechat.apps.<alias> or wecom.apps.<alias> to the WX_CONFIG file)'}`,
        p.command,
      );
    }
  }
  return apps;
}

async function readCa(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(
      `--ca ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    throw new Error(`--ca ${file}: no PEM certificate in the file`);
  return text;
}
