/**
 * The terminal's language: `--lang` (anywhere on the line), else WX_LANG, else the POSIX locale
 * (LC_ALL, LC_MESSAGES, LANG: the first one set). A zh locale (`zh_CN.UTF-8`, `zh`) gives
 * zh-CN; anything else English.
 */
import { UsageError } from '../../commands/types.js';
import type { Env } from '../config/index.js';
import { LANGS, type Lang } from '../model/lang.js';

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}

/** The language of a locale name or a Lang: zh-CN for any zh locale, else en. */
export function langOfLocale(locale: string): Lang {
  return /^zh([_-]|$)/i.test(locale) ? 'zh-CN' : 'en';
}

/** `argv` without `--lang X` / `--lang=X`, and the language it and the environment choose. */
export function cliLang(argv: readonly string[], env: Env): { lang: Lang; argv: string[] } {
  const rest: string[] = [];
  let chosen: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (a === '--lang' || a.startsWith('--lang=')) {
      const value = a === '--lang' ? argv[++i] : a.slice('--lang='.length);
      if (value === undefined || !isLang(value)) {
        throw new UsageError(`--lang: expected one of ${LANGS.join(', ')}`);
      }
      chosen = value;
      continue;
    }
    rest.push(a);
  }
  if (chosen !== undefined && isLang(chosen)) return { lang: chosen, argv: rest };
  const wx = env.WX_LANG;
  if (wx && isLang(wx)) return { lang: wx, argv: rest };
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return { lang: langOfLocale(locale), argv: rest };
}
