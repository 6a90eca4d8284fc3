import type { Lang } from '../chat/types.js';
import { FINDINGS, type FindingCode } from '../probes/findings.js';
import { FINDINGS_ZH_CN } from './findings-zh-CN.js';

function known(code: string): code is FindingCode {
  return Object.hasOwn(FINDINGS, code);
}

/**
 * A finding's hint in the chat language. Only the catalogue default is translated: a hint the
 * probe wrote itself names hosts, IPs or values, so it is shown as given.
 */
export function findingHint(f: { code: string; hint: string }, lang: Lang): string {
  if (lang !== 'zh-CN' || !known(f.code) || f.hint !== FINDINGS[f.code].hint) return f.hint;
  return FINDINGS_ZH_CN[f.code].hint;
}

/** What a code means in the chat language. */
export function findingMeaning(code: FindingCode, lang: Lang): string {
  return lang === 'zh-CN' ? FINDINGS_ZH_CN[code].meaning : FINDINGS[code].meaning;
}
