import type { Lang, VerdictCause } from '../model/index.js';
import { FINDING_CODES, FINDINGS, type FindingCode } from '../probes/findings.js';
import type { Finding } from '../probes/index.js';
import { COMMON_ZH_CN, FINDING_MESSAGES_ZH_CN, ZH_VALUE_WORDS } from './finding-messages-zh-CN.js';
import { fillTemplate, type MessageTemplate } from './finding-template.js';
import { FINDINGS_ZH_CN } from './findings-zh-CN.js';

/** What a finding's words are made from (a Finding, an incident's Cause, a problem). */
export type FindingWords = Pick<Finding, 'code' | 'message' | 'hint' | 'args' | 'variant'>;

/**
 * English catalogue hint → zh-CN. Matched by text rather than code: watch incidents carry the
 * hint of the finding that broke the check under a code of their own.
 */
const ZH_HINTS = new Map<string, string>(
  FINDING_CODES.map((code) => [FINDINGS[code].hint, FINDINGS_ZH_CN[code].hint]),
);

function templateOf(f: Pick<Finding, 'code' | 'variant'>): MessageTemplate | undefined {
  const variant = f.variant ?? 'default';
  return FINDING_MESSAGES_ZH_CN[f.code]?.[variant] ?? COMMON_ZH_CN[variant];
}

/** The code's meaning in zh-CN; a code another build added without words keeps its own. */
function zhCatalogue(code: FindingCode): { meaning: string; hint: string } | undefined {
  return (FINDINGS_ZH_CN as Partial<typeof FINDINGS_ZH_CN>)[code];
}

/**
 * The finding's message in `lang`. English is the probe's own message; zh-CN fills the code's
 * template from the finding's args, or says the code's meaning when there is no template or
 * the finding has no args for it (a finding queued by an older worker, a new code).
 */
export function findingMessage(f: FindingWords, lang: Lang): string {
  if (lang === 'en') return f.message;
  const template = templateOf(f);
  const filled = template && f.args ? fillTemplate(template.message, f.args, ZH_VALUE_WORDS) : null;
  return filled ?? zhCatalogue(f.code)?.meaning ?? f.message;
}

/** A verdict's cause (a finding's code and words, as a message carries it) in `lang`. */
export function causeMessage(cause: VerdictCause, lang: Lang): string {
  return findingMessage({ ...cause, code: cause.code as FindingCode, hint: '' }, lang);
}

/**
 * The hint in `lang`. A hint given as text (an incident's) is translated when it is a
 * catalogue default and shown as given otherwise. For a finding, zh-CN fills the template's
 * hint, else gives the code's catalogue hint: a probe's own English hint is not shown in zh-CN.
 */
export function findingHint(hint: string | FindingWords, lang: Lang): string {
  if (typeof hint === 'string') return (lang === 'zh-CN' && ZH_HINTS.get(hint)) || hint;
  const f = hint;
  if (lang === 'en') return f.hint;
  const catalogue = ZH_HINTS.get(f.hint) ?? zhCatalogue(f.code)?.hint;
  const template = templateOf(f)?.hint;
  const filled =
    template && f.args
      ? fillTemplate(template, f.args, ZH_VALUE_WORDS, { catalogueHint: catalogue ?? '' })
      : null;
  return filled ?? catalogue ?? f.hint;
}
