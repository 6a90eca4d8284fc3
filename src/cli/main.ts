import type { Readable, Writable } from 'node:stream';
import { commandHelp, overview } from '../../commands/help.js';
import { findEntry, planLazy, TABLE } from '../../commands/table.js';
import { type Plan, UsageError } from '../../commands/types.js';
import type { Env } from '../config/index.js';
import type { Lang } from '../model/index.js';
import { cliLang } from './lang.js';

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
  /** The output language; main sets it from `--lang`, WX_LANG or the locale. */
  lang?: Lang;
}

/**
 * Runs one `wx` invocation; resolves with the exit code (0 ok, 1 warn, 2 fail, 3 error/unknown).
 * Only the command table (help text and options) is loaded up front: the named command's parser
 * is imported when it runs, and each kind of plan imports what it runs when it runs (help and
 * usage errors start without the parsers, probes, config, renderers or HTTP client; in English,
 * without the zh-CN catalogues).
 */
export async function main(args: string[], terminal: CliIO): Promise<number> {
  let argv: string[];
  let io: CliIO;
  try {
    const chosen = cliLang(args, terminal.env ?? process.env);
    argv = chosen.argv;
    io = { ...terminal, lang: terminal.lang ?? chosen.lang };
  } catch (err) {
    return usage(err, terminal);
  }
  const first = argv[0];
  if (first === undefined || first === '-h' || first === '--help') {
    (first === undefined ? io.stderr : io.stdout).write(
      `${await helpInLang(overview(TABLE), io.lang)}\n`,
    );
    return first === undefined ? 3 : 0;
  }
  if (first === '--version' || first === '-V') {
    const { version } = await import('../config/version.js');
    io.stdout.write(`wxdoctor ${version}\n`);
    return 0;
  }
  let p: Plan;
  try {
    p = await planLazy(
      argv.includes('--help') || argv.includes('-h') ? ['help', first] : argv,
      'cli',
    );
  } catch (err) {
    return usage(err, io);
  }
  if (p.kind === 'reply') {
    io.stdout.write(`${await helpInLang(p.text, io.lang)}\n`);
    return 0;
  }
  if (p.kind === 'errcode') {
    const { replyText } = await import('../render/errcode.js');
    io.stdout.write(`${replyText(p)}\n`);
    return 0;
  }
  if (p.kind === 'watch') return (await import('./watch-file.js')).runWatchFile(p, io);
  // `details` refuses the terminal when parsed; a plan of it cannot reach here.
  if (p.kind === 'details') return 3;
  try {
    if (p.kind === 'regions' || p.run.from)
      return await (await import('./remote.js')).runRemote(p, io);
    const { runProbes } = await import('./probe-run.js');
    return await runProbes(p, io);
  } catch (err) {
    return usage(err, io);
  }
}

async function usage(err: unknown, io: CliIO): Promise<number> {
  if (!(err instanceof UsageError)) throw err;
  const command = err.command ? findEntry(err.command) : undefined;
  const help = command ? commandHelp(command) : overview(TABLE);
  const message =
    io.lang === 'zh-CN'
      ? (await import('../i18n/usage-zh-CN.js')).usageInLang(err.message, io.lang)
      : err.message;
  io.stderr.write(`wx: ${message}\n\n${await helpInLang(help, io.lang)}\n`);
  return 3;
}

/** Help text in the terminal's language; the zh-CN catalogue is loaded only when it is needed. */
async function helpInLang(text: string, lang: Lang | undefined): Promise<string> {
  if (lang !== 'zh-CN') return text;
  return (await import('../i18n/help-zh-CN.js')).helpInLang(text, lang);
}
