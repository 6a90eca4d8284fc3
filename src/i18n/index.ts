import type { Lang } from '../model/index.js';
import { en } from './en.js';
import type { IncidentWords, Messages, ShortWords, StatusPageWords, WatchWords } from './types.js';
import { zhCN } from './zh-CN.js';

export type { IncidentWords, Messages, ShortWords, StatusPageWords, WatchWords };

const CATALOGUE: Record<Lang, Messages> = { en, 'zh-CN': zhCN };

export function messages(lang: Lang): Messages {
  return CATALOGUE[lang];
}

/** The output language: a channel's setting wins over its workspace's, which wins over the default. */
export interface LangSettings {
  default: Lang;
  /** By workspace (Slack team id / WeCom corp id). */
  workspaces?: Record<string, Lang>;
  /** By conversation (Slack channel id / WeCom chat id). */
  conversations?: Record<string, Lang>;
}

export function langFor(settings: LangSettings, workspace: string, conversation: string): Lang {
  return (
    settings.conversations?.[conversation] ?? settings.workspaces?.[workspace] ?? settings.default
  );
}
