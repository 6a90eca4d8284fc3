/**
 * The long-running process: `bot` (Slack and WeCom front ends, enqueue only), `worker` (runs probe, check
 * and notify jobs) or `all` (both, the default). `node dist/src/main.js [--role bot|worker|all]`.
 * This file reads the config, installs the signal handlers and starts the role (src/app/start.ts).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadEnvFile } from './app/env-file.js';
import { createLogger, scrubber } from './app/log.js';
import { shutdownGraceMs } from './app/shutdown.js';
import { type Running, start } from './app/start.js';
import { MAIN_USAGE } from './app/usage.js';
import { type Config, ConfigError, loadConfig, secretValues } from './config/index.js';
import { version } from './config/version.js';

export { type Running, type StartDeps, start } from './app/start.js';

/** sysexits.h EX_CONFIG. */
const EXIT_CONFIG = 78;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(MAIN_USAGE);
    return;
  }
  if (argv.includes('--version') || argv.includes('-V')) {
    process.stdout.write(`wxdoctor ${version}\n`);
    return;
  }
  const envFile = loadEnvFile();
  if (envFile.status === 'unsupported') {
    process.stderr.write(
      `wxdoctor: ${envFile.path} is not read: Node ${process.version} has no process.loadEnvFile (20.12+); export its variables or start with node --env-file=.env\n`,
    );
  }
  let config: Config;
  try {
    config = loadConfig(process.env, argv);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    configurationError(err);
  }
  const log = createLogger(config);
  if (envFile.status === 'loaded') log.info({ envFile: envFile.path }, 'environment file read');
  process.on('uncaughtException', (err) => {
    log.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));

  let running: Running | undefined;
  let stopping = false;
  const shutdown = (r: Running) =>
    r.close().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  // Installed before start-up, so a signal while connecting still shuts down in order.
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down: no new work; waiting for jobs in flight');
    const graceMs = shutdownGraceMs(config);
    setTimeout(() => {
      log.error(
        { graceMs },
        'shutdown took too long: exiting; unfinished jobs stall and are retried',
      );
      process.exit(1);
    }, graceMs).unref();
    if (running) shutdown(running);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  try {
    running = await start(config, { logger: log });
  } catch (err) {
    // A watches file that is not valid, read as the workers start (app/watches-file.ts).
    if (err instanceof ConfigError) configurationError(err);
    log.fatal({ err }, 'start-up failed');
    const scrub = scrubber(secretValues(config));
    process.stderr.write(`wxdoctor: start-up failed: ${scrub((err as Error).message)}\n`);
    process.exit(1);
  }
  if (stopping) shutdown(running);
}

function configurationError(err: ConfigError): never {
  process.stderr.write(`wxdoctor: configuration: ${err.message}\n`);
  process.exit(EXIT_CONFIG);
}

function executedDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (executedDirectly()) await main();
