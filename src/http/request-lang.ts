import type { IncomingMessage } from 'node:http';
import { LANGS, type Lang } from '../model/index.js';

/** `zh`, `zh-CN`, `zh-Hans-CN`, `en-GB` → a language we have; anything else → undefined. */
export function langOf(tag: string): Lang | undefined {
  const t = tag.trim().toLowerCase();
  const exact = LANGS.find((l) => l.toLowerCase() === t);
  if (exact) return exact;
  const primary = t.split('-')[0];
  if (primary === 'zh') return 'zh-CN';
  if (primary === 'en') return 'en';
  return undefined;
}

/** Accept-Language's languages in order of preference (q=0 left out; ties keep their order). */
export function acceptedLangs(header: string | undefined): Lang[] {
  if (!header) return [];
  const ranked = header
    .split(',')
    .slice(0, 32)
    .map((part, i) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(p)?.[1]).find(Boolean);
      return { lang: langOf(tag), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x): x is { lang: Lang; q: number; i: number } => x.lang !== undefined && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return [...new Set(ranked.map((x) => x.lang))];
}

/** `?lang=` first, then Accept-Language, then the bot's default language. */
export function requestLang(req: IncomingMessage, url: URL, fallback: Lang): Lang {
  const asked = url.searchParams.get('lang');
  const byQuery = asked ? langOf(asked) : undefined;
  return byQuery ?? acceptedLangs(req.headers['accept-language'])[0] ?? fallback;
}
