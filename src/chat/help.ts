/** Command help as chat shows it, for every chat front end. */
import { commandHelp, overview } from '../../commands/help.js';
import { COMMANDS, findCommand, type UsageError } from '../../commands/index.js';
import { helpInLang } from '../i18n/help-zh-CN.js';
import type { Lang } from '../model/index.js';

/**
 * The CLI's help text for chat: no exit codes; with `invoke: '/wx'` (Slack's slash command)
 * `wx cert …` becomes `/wx cert …`. WeCom takes `wx cert …` as typed.
 */
export function chatHelp(text: string, invoke: '/wx' | 'wx' = '/wx', lang: Lang = 'en'): string {
  const lines = helpInLang(
    text
      .split('\n')
      .filter((l) => !l.startsWith('Exit codes:'))
      .join('\n'),
    lang,
  );
  return invoke === 'wx' ? lines : lines.replace(/(^|[\s`])wx (?=[a-z<[-])/gm, '$1/wx ');
}

/** The help that goes with a usage error in chat: the command's own (chat options only), or the overview. */
export function usageHelp(err: UsageError): string {
  const command = err.command ? findCommand(err.command) : undefined;
  return command ? commandHelp(command, 'chat') : overview(COMMANDS);
}
