/**
 * Incident messages as Block Kit. The parent shows the current state, who acknowledged it and
 * when, and the buttons (Acknowledge, Snooze 1 d / 7 d, Re-check); thread replies show one event.
 */
import { type IncidentWords, messages } from '../i18n/index.js';
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
import type { SlackMessage } from './slack.js';
import { context, type KnownBlock, LIMITS, section } from './slack-blocks.js';
import { clip, clipMrkdwn, code, esc, mention } from './slack-mrkdwn.js';
import { when } from './when.js';

/** action_ids of the incident buttons; their value is JSON `{w: watch id, n: incident}`. */
export const INCIDENT_ACTIONS = {
  ack: 'wx_watch_ack',
  snooze1d: 'wx_watch_snooze_1d',
  snooze7d: 'wx_watch_snooze_7d',
  recheck: 'wx_watch_recheck',
  /** On a closed incident: its post-incident record (`/wx incident report`). */
  report: 'wx_incident_report',
} as const;

export interface IncidentButtonValue {
  w: string;
  n: number;
}

const EMOJI: Record<IncidentTone, string> = {
  resolved: ':white_check_mark:',
  critical: ':red_circle:',
  open: ':large_yellow_circle:',
};

export function renderSlackIncident(c: IncidentContent, lang: Lang): SlackMessage {
  const w = messages(lang).incident;
  const meta = [`#${esc(c.ref)}`, esc(w.opened(when(c.openedAt)))];
  if (c.ack) meta.push(w.acknowledgedBy(mention(c.ack.user), esc(when(c.ack.at))));
  if (c.snoozedUntil) meta.push(esc(w.snoozedUntil(when(c.snoozedUntil))));

  let line: string;
  if (c.part === 'event' && c.event === 'acknowledged' && c.ack) {
    line = `:eyes: ${w.acknowledgedBy(mention(c.ack.user), esc(when(c.ack.at)))} ${code(c.target)}`;
  } else if (c.part === 'event' && c.event === 'snoozed' && c.snoozedUntil) {
    line = `:zzz: ${esc(w.snoozedUntil(when(c.snoozedUntil)))} ${code(c.target)}`;
  } else {
    const prefix = c.part === 'event' ? eventPrefix(c, w) : !c.open ? w.resolved : '';
    const head = `${prefix ? `${prefix}: ` : ''}${headline(c, w, lang)}`;
    line = `${EMOJI[toneOf(c)]} *${esc(head)}* ${code(c.target)}`;
    // Which regions see it now: one short line, the rest is in the parent.
    const short = c.part === 'event' && c.event === 'regions';
    if (!short) line += `\n${esc(clip(subjectLine(c, w, lang), 1500))}`;
    if (c.problem.kind === 'breakage' && c.open && !short)
      line += `\n→ _${esc(clip(problemHint(c, lang), 800))}_`;
  }
  line = clipMrkdwn(line, LIMITS.sectionText);
  const blocks: KnownBlock[] = [section(line), context(meta.join(' · '))];
  if (c.part === 'parent' && c.open) blocks.push(buttons(c, w.buttons));
  if (c.part === 'parent' && !c.open) blocks.push(reportButton(c, lang));
  return { text: clipMrkdwn(line, LIMITS.text), blocks };
}

function buttons(c: IncidentContent, labels: IncidentWords['buttons']): KnownBlock {
  const value = JSON.stringify({ w: c.watchId, n: c.incident } satisfies IncidentButtonValue);
  const button = (action_id: string, text: string, style?: 'primary') => ({
    type: 'button' as const,
    action_id,
    text: { type: 'plain_text' as const, text: clip(text, LIMITS.buttonText), emoji: true },
    value,
    ...(style ? { style } : {}),
  });
  return {
    type: 'actions',
    block_id: clip(`wx_incident-${c.watchId}-${c.incident}`, LIMITS.blockId),
    elements: [
      ...(c.ack ? [] : [button(INCIDENT_ACTIONS.ack, labels.ack, 'primary')]),
      button(INCIDENT_ACTIONS.snooze1d, labels.snooze1d),
      button(INCIDENT_ACTIONS.snooze7d, labels.snooze7d),
      button(INCIDENT_ACTIONS.recheck, labels.recheck),
    ],
  };
}

function reportButton(c: IncidentContent, lang: Lang): KnownBlock {
  return {
    type: 'actions',
    block_id: clip(`wx_incident-${c.watchId}-${c.incident}`, LIMITS.blockId),
    elements: [
      {
        type: 'button',
        action_id: INCIDENT_ACTIONS.report,
        text: { type: 'plain_text', text: clip(recordWords(lang).button, LIMITS.buttonText) },
        value: JSON.stringify({ w: c.watchId, n: c.incident } satisfies IncidentButtonValue),
      },
    ],
  };
}

/** A button value back to (watch id, incident); undefined when it is not one of ours. */
export function parseIncidentButton(value: string | undefined): IncidentButtonValue | undefined {
  if (value === undefined || value.length > LIMITS.buttonValue) return undefined;
  try {
    const v = JSON.parse(value) as Partial<IncidentButtonValue> | null;
    if (typeof v?.w !== 'string' || !Number.isInteger(v.n)) return undefined;
    return { w: v.w, n: v.n as number };
  } catch {
    return undefined;
  }
}
