/** The answers of `/wx watch …` in the chat language (plain text: the notice renderer escapes it). */
import { messages, type WatchWords } from '../i18n/index.js';
import { recordWords } from '../i18n/records.js';
import type { Lang } from '../model/index.js';
import type { WatchAnswer, WatchRow } from '../watch/answers.js';
import { KIND_INTERVALS } from '../watch/schedule.js';
import type { Destination } from '../watch/types.js';
import { when } from './when.js';

export function watchAnswerText(a: WatchAnswer, lang: Lang): string {
  const w = messages(lang).watch;
  switch (a.answer) {
    case 'added':
      if (a.kind !== undefined && a.kind !== 'cert') {
        const minutes = KIND_INTERVALS[a.kind].every / 60_000;
        return w.addedChecks({ ...a, minutes, to: a.to.map(where) });
      }
      return w.added({ ...a, to: a.to.map(where) });
    case 'bad-destination':
      return `--to: ${a.problem}`;
    case 'not-allowed':
      return w.notAllowed(typeof a.to === 'string' ? a.to : spelled(a.to));
    case 'channel':
      return a.problem === 'not-found'
        ? w.channelNotFound(a.name)
        : a.problem === 'not-member'
          ? w.channelNotMember(a.name)
          : w.channelUnavailable(a.name);
    case 'refused':
      return a.refusal.kind === 'address'
        ? w.refusedAddress(a.id, a.refusal.why)
        : w.refusedName(a.id, a.refusal.host);
    case 'limit':
      return a.limit === 'conversation' ? w.limitConversation(a.max) : w.limitTotal(a.max);
    case 'elsewhere':
      return w.elsewhere(a.id);
    case 'in-file':
      return w.inFile(a.id);
    case 'no-record':
      return recordWords(lang).notFound(a.ref);
    case 'removed':
      return w.removed(a.id);
    case 'not-watched':
      return w.notWatched(a.id);
    case 'muted':
      return w.mutedUntil(a.id, when(new Date(a.until).toISOString()));
    case 'checking':
      return w.checking(a.id);
    case 'list':
      return [
        a.all ? w.listAll : w.listHere,
        ...(a.rows.length === 0 ? [w.none] : a.rows.map((r) => rowText(r, w))),
      ].join('\n');
  }
}

function where(d: Destination): string {
  return d.platform === 'slack' ? `slack:${d.conversation}` : `wecom ${d.conversation}`;
}

/** As `--to` and WX_WATCH_DESTINATIONS spell it: `slack:C1`, `wecom-chat:ID`. */
function spelled(d: Destination): string {
  return d.platform === 'slack' ? `slack:${d.conversation}` : `wecom-${d.conversation}`;
}

function rowText(r: WatchRow, w: WatchWords): string {
  const open = r.open.map((i) => `${i.expiry ? w.expiry : i.key}#${i.n}`);
  const state = r.checked
    ? `${r.checked.status}${open.length ? ` · ${open.join(', ')}` : ''}`
    : w.notChecked;
  const days = r.daysLeft === null ? '—' : w.daysLeft(r.daysLeft);
  const regions = r.regions
    ? [w.regions(r.regions.map((x) => `${x.region} ${x.state}`).join(', '))]
    : [];
  const tags = [...regions, ...(r.muted ? [w.muted] : []), ...(r.fromFile ? [w.fromFile] : [])];
  return `#${r.ref}  ${r.id}  ${days}  ${state}${tags.map((t) => ` · ${t}`).join('')}`;
}
