import type { Lang } from '../model/index.js';
import { recordEn } from './record-en.js';
import type { RecordWords } from './record-types.js';
import { recordZhCN } from './record-zh-CN.js';

export type { RecordWords };

const CATALOGUE: Record<Lang, RecordWords> = { en: recordEn, 'zh-CN': recordZhCN };

/** The words of post-incident records in one language. */
export function recordWords(lang: Lang): RecordWords {
  return CATALOGUE[lang];
}
