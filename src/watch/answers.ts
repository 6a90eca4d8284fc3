/** The answers of `/wx watch …` (plain text; the notice renderer escapes it). */
import type { Lang } from '../model/index.js';
import { daysLeft } from './service.js';
import type { StoredWatch } from './store.js';
import type { Destination } from './types.js';

function where(d: Destination): string {
  return d.platform === 'slack' ? `slack:${d.conversation}` : `wecom ${d.conversation}`;
}

export function addedText(
  lang: Lang,
  s: { ref: string; id: string; to: Destination[]; days: number[] },
  created: boolean,
): string {
  const to = s.to.map(where).join(', ');
  if (lang === 'en') {
    return `${created ? 'Watching' : 'Updated watch'} #${s.ref} ${s.id}: warnings at ${s.days.join(', ')} days to ${to}; checking now.`;
  }
  return `${created ? '已开始监控' : '已更新监控'} #${s.ref} ${s.id}：到期前 ${s.days.join('、')} 天提醒，发送到 ${to}；正在检查。`;
}

export function removedText(lang: Lang, id: string, removed: boolean, fromFile: boolean): string {
  if (fromFile) {
    return lang === 'en'
      ? `${id} comes from the watches file: remove it there.`
      : `${id} 来自监控配置文件，请在文件中删除。`;
  }
  if (lang === 'en') return removed ? `No longer watching ${id}.` : `${id} is not watched.`;
  return removed ? `已停止监控 ${id}。` : `${id} 不在监控列表中。`;
}

export function notWatched(lang: Lang, id: string): string {
  return lang === 'en' ? `${id} is not watched.` : `${id} 不在监控列表中。`;
}

export function mutedText(lang: Lang, id: string, until: number): string {
  const at = new Date(until).toISOString().slice(0, 16).replace('T', ' ');
  return lang === 'en' ? `${id} muted until ${at} UTC.` : `${id} 已静音至 ${at} UTC。`;
}

export function checkingText(lang: Lang, id: string): string {
  return lang === 'en' ? `Checking ${id} now.` : `正在检查 ${id}。`;
}

/** Each watch with days left and state, soonest expiry first (never checked last). */
export function listText(lang: Lang, watches: StoredWatch[], now: number): string {
  if (watches.length === 0) {
    return lang === 'en'
      ? 'No watches yet: `/wx watch add host[:port]`.'
      : '还没有监控：`/wx watch add host[:port]`。';
  }
  const rows = watches
    .map((s) => ({ s, left: daysLeft(s.state, now) }))
    .sort((a, b) => (a.left ?? Number.POSITIVE_INFINITY) - (b.left ?? Number.POSITIVE_INFINITY));
  const lines = rows.map(({ s, left }) => {
    const open = s.state.incidents.filter((i) => i.open);
    const state =
      s.state.checkedAt === undefined
        ? lang === 'en'
          ? 'not checked yet'
          : '尚未检查'
        : `${s.state.status ?? '?'}${open.length ? ` · ${open.map((i) => (i.key.startsWith('exp:') ? `expiry#${i.n}` : `${i.key}#${i.n}`)).join(', ')}` : ''}`;
    const days = left === null ? '—' : lang === 'en' ? `${left} d` : `${left} 天`;
    const muted = (s.state.mutedUntil ?? 0) > now ? (lang === 'en' ? ' · muted' : ' · 已静音') : '';
    return `#${s.watch.ref}  ${s.watch.id}  ${days}  ${state}${muted}${s.watch.source === 'file' ? ' · file' : ''}`;
  });
  return lines.join('\n');
}
