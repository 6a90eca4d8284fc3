/**
 * What WeChat and WeCom error messages carry besides their words (reference §3.8, §4.1): WeChat's
 * `rid: …` and `invalid ip A.B.C.D …`, WeCom's `hint: [...]` and `from ip: A.B.C.D`. One parser
 * for the WeCom adapter and the wechat probe.
 */

/** WeCom's `hint: [...]`: the request id WeCom support asks for. */
export function hintOf(errmsg: string): string | null {
  return /hint: \[([^\]]+)\]/.exec(errmsg)?.[1] ?? null;
}

/** WeCom's `from ip: X`: the egress address WeCom saw. */
export function fromIpOf(errmsg: string): string | null {
  return /from ip: ([0-9A-Fa-f:.]+)/.exec(errmsg)?.[1] ?? null;
}

/** The `rid: …` WeChat appends to error messages, or WeCom's `hint: [...]`. */
export function ridOf(errmsg: string): string | null {
  return /\brid: ([0-9A-Za-z-]+)/.exec(errmsg)?.[1] ?? hintOf(errmsg);
}

/** The caller's IP the platform names in a whitelist error (WeChat 40164, WeCom `from ip:`). */
export function ipOf(errmsg: string): string | null {
  return /invalid ip ([0-9A-Fa-f:.]+)/.exec(errmsg)?.[1] ?? fromIpOf(errmsg);
}

/** What WeCom's errmsg carries besides the words (reference §3.8). */
export interface ErrmsgParts {
  /** `hint: [...]`: the request id WeCom support asks for. */
  hint?: string;
  /** `from ip: X`: the egress address WeCom saw (the one to trust on 60020). */
  fromIp?: string;
}

export function parseErrmsg(errmsg: string): ErrmsgParts {
  const hint = hintOf(errmsg);
  const fromIp = fromIpOf(errmsg);
  return { ...(hint ? { hint } : {}), ...(fromIp ? { fromIp } : {}) };
}

/** The first clause of errmsg, without hint, IP and the devtool link: short enough for a log line. */
export function errmsgWords(errmsg: string): string {
  return errmsg.split(/,\s*(?:hint|from ip|more info)\b/)[0]?.trim() ?? '';
}
