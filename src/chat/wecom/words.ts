/** WeCom-only wording (references instead of threads); the shared words live in src/i18n. */
import type { Lang } from '../../model/index.js';

export interface WecomWords {
  unknownRef(ref: string): string;
  recheckUsage: string;
  /** The help overview's line about references. */
  recheckHelp: string;
  /** The AI bot's passive answer to a queued command (its result follows via response_url). */
  running(command: string, ref: string | undefined): string;
}

const WORDS: Record<Lang, WecomWords> = {
  en: {
    unknownRef: (ref) =>
      `I do not know ${ref}: references last 30 days. Run the command again, e.g. \`wx cert <host>\`.`,
    recheckUsage: 'usage: wx recheck #W12 (the reference shown on a result)',
    recheckHelp: '`wx recheck #W12` runs the command of result #W12 again, from any chat.',
    running: (command, ref) => `running \`${command}\` …${ref ? ` #${ref}` : ''}`,
  },
  'zh-CN': {
    unknownRef: (ref) =>
      `找不到 ${ref}：引用编号保留 30 天。请重新执行命令，例如 \`wx cert <主机>\`。`,
    recheckUsage: '用法：wx recheck #W12（结果消息上显示的引用编号）',
    recheckHelp: '`wx recheck #W12` 在任意会话中重新执行结果 #W12 的命令。',
    running: (command, ref) => `正在执行 \`${command}\` …${ref ? ` #${ref}` : ''}`,
  },
};

export function wecomWords(lang: Lang): WecomWords {
  return WORDS[lang];
}
