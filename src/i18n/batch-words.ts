/** The words of `wx … --file`: its progress line and closing summary, in the CLI's language. */
import type { Lang } from '../model/index.js';
import type { Status } from '../probes/index.js';

export interface BatchWords {
  /** `120 ok`, one status's count (the status words stay: they are the exit codes' names). */
  count(n: number, status: Status): string;
  /** Nothing finished yet. */
  noneChecked: string;
  /** The progress line: `done` of `total` (`more`: the file is still being read), then counts. */
  progress(done: number, total: number, more: boolean, counts: string): string;
  summaryLabel: string;
  /** `Summary: 130 targets: 120 ok · …` (`label` is the label, maybe coloured). */
  summary(label: string, targets: number, counts: string): string;
  /** Lines of the file that name no target. */
  unreadable(lines: number): string;
  worstHeading: string;
  moreCodes(n: number): string;
}

const en: BatchWords = {
  count: (n, status) => `${n} ${status}`,
  noneChecked: '0 checked',
  progress: (done, total, more, counts) => `${done}/${total}${more ? '+' : ''} checked · ${counts}`,
  summaryLabel: 'Summary',
  summary: (label, targets, counts) =>
    `${label}: ${targets} target${targets === 1 ? '' : 's'}: ${counts}`,
  unreadable: (lines) => `; ${lines} line${lines === 1 ? '' : 's'} not understood (see stderr)`,
  worstHeading: 'Worst findings (targets, examples):',
  moreCodes: (n) => `… and ${n} more codes`,
};

const zhCN: BatchWords = {
  count: (n, status) => `${n} ${status}`,
  noneChecked: '已检查 0 个',
  progress: (done, total, more, counts) => `已检查 ${done}/${total}${more ? '+' : ''} · ${counts}`,
  summaryLabel: '汇总',
  summary: (label, targets, counts) => `${label}：${targets} 个目标：${counts}`,
  unreadable: (lines) => `；${lines} 行无法识别（见标准错误输出）`,
  worstHeading: '最严重的发现（目标数，示例）：',
  moreCodes: (n) => `… 另有 ${n} 个代码`,
};

const WORDS: Record<Lang, BatchWords> = { en, 'zh-CN': zhCN };

export function batchWords(lang: Lang = 'en'): BatchWords {
  return WORDS[lang];
}
