/**
 * Incident messages as WeCom markdown (the subset WeCom renders: **bold**, <font color>, > quote,
 * links). WeCom has no threads or edits, so every message carries the short reference.
 */
import { messages } from '../i18n/index.js';
import { recordWords } from '../i18n/records.js';
import type { IncidentContent, Lang } from '../model/index.js';
import {
  eventPrefix,
  headline,
  type IncidentTone,
  problemHint,
  subjectLine,
  toneOf,
} from './incident-text.js';
import { type FontColor, lookAlikes } from './wecom-markdown.js';
import { when } from './when.js';

/**
 * WeCom markdown has no escaping: text from servers must not form markup or links. (Incident
 * messages swap backticks for the full-width grave, other messages for `ˋ`.)
 */
function plain(text: string): string {
  return lookAlikes(text, '｀');
}

const COLOUR: Record<IncidentTone, FontColor> = {
  resolved: 'info',
  critical: 'warning',
  open: 'comment',
};

export function renderIncidentMarkdown(c: IncidentContent, lang: Lang): string {
  const w = messages(lang).incident;
  const lines: string[] = [];
  const prefix = c.event === 'acknowledged' || c.event === 'snoozed' ? '' : eventPrefix(c, w);
  const head = `${prefix ? `${prefix}: ` : ''}${headline(c, w, lang)}`;
  lines.push(
    `**#${c.ref}** <font color="${COLOUR[toneOf(c)]}">**${plain(head)}**</font> ${plain(c.target)}`,
  );
  if (c.event === 'acknowledged' && c.ack) {
    lines.push(`> ${plain(w.acknowledgedBy(c.ack.user, when(c.ack.at)))}`);
  } else if (c.event === 'snoozed' && c.snoozedUntil) {
    lines.push(`> ${plain(w.snoozedUntil(when(c.snoozedUntil)))}`);
  } else if (c.event !== 'regions') {
    lines.push(`> ${plain(subjectLine(c, w, lang))}`);
    if (c.problem.kind === 'breakage' && c.open) lines.push(`> ${plain(problemHint(c, lang))}`);
  }
  const meta = [w.opened(when(c.openedAt))];
  if (c.ack) meta.push(w.acknowledgedBy(c.ack.user, when(c.ack.at)));
  if (c.snoozedUntil) meta.push(w.snoozedUntil(when(c.snoozedUntil)));
  lines.push(`<font color="comment">${plain(meta.join(' · '))}</font>`);
  if (c.open) lines.push(`<font color="comment">${w.recheckHint(c.ref)}</font>`);
  else if (c.event === 'recovered') {
    lines.push(
      `<font color="comment">${recordWords(lang).reportHint(`${c.ref}.${c.incident}`)}</font>`,
    );
  }
  return lines.join('\n');
}
