import { readFile } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { commandHelp, overview } from '../../commands/help.js';
import { COMMANDS, findCommand, type Plan, plan, UsageError } from '../../commands/index.js';
import { appRegistry } from '../config/apps.js';
import { ConfigError, type Env, loadApps } from '../config/index.js';
import { USER_AGENT, version } from '../config/version.js';
import { errcodeMeaningZh } from '../i18n/errcodes-zh-CN.js';
import { combine } from '../probes/combine.js';
import { type AnyProbeResult, type ProbeRequest, runOrGiveUp } from '../probes/index.js';
import { GUARDED_POLICY, OPEN_POLICY } from '../probes/net/guard.js';
import type { Status } from '../probes/types.js';
import { exitCodeOf, worst } from '../probes/verdict.js';
import type { AppRegistry } from '../probes/wechat/types.js';
import { replyText } from '../render/errcode.js';
import { renderCombined, renderResult } from '../render/terminal.js';
import { createMemoryTokenManager } from '../tokens/memory.js';
import { runBatch } from './batch.js';
import { runWatchFile } from './watch-file.js';

export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  /** Colour the human output (a TTY, and NO_COLOR unset). */
  colour: boolean;
  /** stderr is a terminal: `--file` shows a progress line there. */
  progress?: boolean;
  /** Where WX_CONFIG and WECHAT_API_URL are read (default process.env). */
  env?: Env;
}

/** A probes plan as the terminal runs it (it may carry `--file`'s batch). */
type CliProbePlan = Extract<Plan, { kind: 'probes' }>;

/** Runs one `wx` invocation; resolves with the exit code (0 ok, 1 warn, 2 fail, 3 error/unknown). */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const first = argv[0];
  if (first === undefined || first === '-h' || first === '--help') {
    (first === undefined ? io.stderr : io.stdout).write(`${overview(COMMANDS)}\n`);
    return first === undefined ? 3 : 0;
  }
  if (first === '--version' || first === '-V') {
    io.stdout.write(`wxdoctor ${version}\n`);
    return 0;
  }
  let p: Plan;
  try {
    p = plan(argv.includes('--help') || argv.includes('-h') ? ['help', first] : argv, 'cli');
  } catch (err) {
    return usage(err, io);
  }
  if (p.kind === 'reply' || p.kind === 'errcode') {
    io.stdout.write(`${replyText(p)}\n`);
    return 0;
  }
  if (p.kind === 'watch') return runWatchFile(p, io);
  let extraCaPem: string[];
  try {
    extraCaPem = await Promise.all(p.run.caFiles.map((f) => readCa(f)));
  } catch (err) {
    io.stderr.write(`wx: ${(err as Error).message}\n`);
    return 3;
  }
  let apps: AppRegistry | undefined;
  try {
    apps = appsFor(p, io.env ?? process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr.write(`wx: ${err.message}\n`);
      return 3;
    }
    return usage(err, io);
  }
  const run = (req: ProbeRequest) =>
    runOrGiveUp(req, {
      timeoutMs: p.run.timeoutMs,
      extraCaPem,
      policy: p.run.denyPrivate ? GUARDED_POLICY : OPEN_POLICY,
      userAgent: USER_AGENT,
      errcodeGloss: errcodeMeaningZh,
      ...(apps ? { apps } : {}),
    });
  const status = p.batch ? await runBatch(p, p.batch, run, io) : await runSingle(p, run, io);
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
 * secret is not set a config error.
 */
function appsFor(p: CliProbePlan, env: Env): AppRegistry | undefined {
  const aliases = p.requests.flatMap((r) =>
    r.probe === 'wechat' && r.spec.op !== 'api-domains' ? [r.spec.alias] : [],
  );
  if (aliases.length === 0) return undefined;
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

function usage(err: unknown, io: CliIO): number {
  if (!(err instanceof UsageError)) throw err;
  const command = err.command ? findCommand(err.command) : undefined;
  io.stderr.write(`wx: ${err.message}\n\n${command ? commandHelp(command) : overview(COMMANDS)}\n`);
  return 3;
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
