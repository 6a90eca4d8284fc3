/**
 * The words of incident messages, for every surface (Slack mrkdwn, WeCom markdown). Values are
 * passed in already formatted for the surface (escaped, `<@U…>`), so a sentence can place them.
 */
import type { IncidentContent, Lang } from '../model/index.js';

export interface IncidentWords {
  expired: string;
  expiresIn(days: number): string;
  renewed: string;
  resolved: string;
  stillOpen: string;
  again: string;
  changed: string;
  acknowledgedBy(user: string, at: string): string;
  snoozedUntil(until: string): string;
  opened(at: string): string;
  role: Record<'leaf' | 'intermediate' | 'root', string>;
  validUntil(date: string, days: number): string;
  unreachable: string;
  buttons: { ack: string; snooze1d: string; snooze7d: string; recheck: string };
  recheckHint(ref: string): string;
}

const en: IncidentWords = {
  expired: 'Certificate expired',
  expiresIn: (d) =>
    d <= 0
      ? 'Certificate expires today'
      : `Certificate expires within ${d} day${d === 1 ? '' : 's'}`,
  renewed: 'Certificate renewed',
  resolved: 'Resolved',
  stillOpen: 'Still open',
  again: 'Again',
  changed: 'Certificate changed',
  acknowledgedBy: (u, at) => `acknowledged by ${u} at ${at}`,
  snoozedUntil: (t) => `snoozed until ${t}`,
  opened: (t) => `opened ${t}`,
  role: { leaf: 'leaf', intermediate: 'intermediate', root: 'root' },
  validUntil: (d, n) => `valid until ${d} (${n} days left)`,
  unreachable: 'Server unreachable',
  buttons: {
    ack: 'Acknowledge',
    snooze1d: 'Snooze 1 d',
    snooze7d: 'Snooze 7 d',
    recheck: 'Re-check',
  },
  recheckHint: (ref) => `re-check: \`/wx recheck #${ref}\``,
};

const zhCN: IncidentWords = {
  expired: '证书已过期',
  expiresIn: (d) => (d <= 0 ? '证书今天到期' : `证书将在 ${d} 天内到期`),
  renewed: '证书已更新',
  resolved: '已恢复',
  stillOpen: '仍未解决',
  again: '再次出现',
  changed: '证书已更换',
  acknowledgedBy: (u, at) => `${u} 已于 ${at} 确认`,
  snoozedUntil: (t) => `已暂停提醒至 ${t}`,
  opened: (t) => `开始于 ${t}`,
  role: { leaf: '站点证书', intermediate: '中间证书', root: '根证书' },
  validUntil: (d, n) => `有效期至 ${d}（剩余 ${n} 天）`,
  unreachable: '服务器无法连接',
  buttons: { ack: '确认', snooze1d: '暂停 1 天', snooze7d: '暂停 7 天', recheck: '重新检查' },
  recheckHint: (ref) => `重新检查：\`/wx recheck #${ref}\``,
};

export function incidentWords(lang: Lang): IncidentWords {
  return lang === 'en' ? en : zhCN;
}

/** `2026-11-27 05:15 UTC`: readable, unambiguous across time zones. */
export function when(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** The headline of the problem, plain text (the caller escapes or marks up the parts it adds). */
export function headline(c: IncidentContent, w: IncidentWords): string {
  const p = c.problem;
  if (p.kind === 'breakage') return p.code === 'UNREACHABLE' ? w.unreachable : p.code;
  if (p.level === null) return w.renewed;
  if (p.level < 0) return w.expired;
  return w.expiresIn(p.level);
}

/** What the problem is about, plain: `leaf CN=api.example.com, valid until … (3 days left)`. */
export function subjectLine(c: IncidentContent, w: IncidentWords): string {
  const p = c.problem;
  if (p.kind === 'breakage') return p.message;
  return `${w.role[p.role]} ${p.subject}, ${w.validUntil(when(p.notAfter), p.daysLeft)}`;
}

/** The event's prefix in a thread reply ('' for a plain threshold notice). */
export function eventPrefix(c: IncidentContent, w: IncidentWords): string {
  switch (c.event) {
    case 'reminder':
      return w.stillOpen;
    case 'opened':
      return c.part === 'event' ? w.again : '';
    case 'changed':
      return w.changed;
    case 'recovered':
      return w.resolved;
    default:
      return '';
  }
}
