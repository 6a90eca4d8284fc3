/** One `wx: …` error line on stderr, in the terminal's language (the zh-CN shapes load only for zh-CN). */
import type { CliIO } from './main.js';

export async function writeError(io: CliIO, message: string): Promise<void> {
  const line =
    io.lang === 'zh-CN'
      ? (await import('../i18n/terminal-errors-zh-CN.js')).terminalErrorInLang(message, io.lang)
      : message;
  io.stderr.write(`wx: ${line}\n`);
}
