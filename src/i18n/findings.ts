import type { Lang } from '../model/index.js';
import { FINDING_CODES, FINDINGS } from '../probes/findings.js';
import { FINDINGS_ZH_CN } from './findings-zh-CN.js';

/**
 * English catalogue hint → zh-CN. Matched by text rather than code: watch incidents carry the
 * hint of the finding that broke the check under a code of their own.
 */
const ZH_HINTS = new Map<string, string>(
  FINDING_CODES.map((code) => [FINDINGS[code].hint, FINDINGS_ZH_CN[code].hint]),
);

/**
 * A hint in the chat language. Only catalogue defaults are translated: a hint the probe wrote
 * itself names hosts, IPs or values, so it is shown as given.
 */
export function findingHint(hint: string, lang: Lang): string {
  return (lang === 'zh-CN' && ZH_HINTS.get(hint)) || hint;
}
