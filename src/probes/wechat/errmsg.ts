/**
 * What WeChat and WeCom error messages carry besides their words (reference §3.8, §4.1): WeChat's
 * `rid: …` and `invalid ip A.B.C.D …`, WeCom's `hint: [...]` and `from ip: A.B.C.D`. Parsed once
 * per answer, by the API client (client.ts), for the wechat probe and WeCom delivery.
 */

/** What an errmsg names besides its words; null when it names none. */
export interface ErrmsgParts {
  /** WeChat's `rid: …` or WeCom's `hint: [...]`: the request id the platform's support asks for. */
  rid: string | null;
  /** The caller's IP the platform saw: WeChat's `invalid ip …` (40164), WeCom's `from ip: …`. */
  ip: string | null;
}

/** Each part as WeChat writes it, then as WeCom does. */
const RID = [/\brid: ([0-9A-Za-z-]+)/, /hint: \[([^\]]+)\]/];
const IP = [/invalid ip ([0-9A-Fa-f:.]+)/, /from ip: ([0-9A-Fa-f:.]+)/];

function firstMatch(errmsg: string, patterns: RegExp[]): string | null {
  for (const p of patterns) {
    const found = p.exec(errmsg)?.[1];
    if (found !== undefined) return found;
  }
  return null;
}

export function errmsgParts(errmsg: string): ErrmsgParts {
  return { rid: firstMatch(errmsg, RID), ip: firstMatch(errmsg, IP) };
}

/** The first clause of errmsg, without hint, IP and the devtool link: short enough for a log line. */
export function errmsgWords(errmsg: string): string {
  return errmsg.split(/,\s*(?:hint|from ip|more info)\b/)[0]?.trim() ?? '';
}
