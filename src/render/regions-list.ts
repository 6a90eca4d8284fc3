/** `/wx regions` and `wx regions`: the live regions, one line each. */
import { messages } from '../i18n/index.js';
import type { Lang, LiveRegion } from '../model/index.js';

export function regionsText(
  live: readonly LiveRegion[],
  lang: Lang,
  withinMs: number,
  now: number = Date.now(),
): string {
  const t = messages(lang);
  const withinS = Math.round(withinMs / 1000);
  if (live.length === 0) return t.noLiveRegions(withinS);
  return [
    t.liveRegions(withinS),
    ...live.map(
      (r) =>
        `• ${t.regionLine(r.region, `${Math.max(0, Math.round((now - r.lastSeen) / 1000))} s`, r.workers, r.versions.join(', '))}`,
    ),
  ].join('\n');
}
