/** What the Slack renderers share: the message shape, status and severity marks, room left. */
import type { Invocation } from '../model/index.js';
import type { Severity, Status } from '../probes/index.js';
import { type KnownBlock, LIMITS } from './slack-blocks.js';
import { code } from './slack-mrkdwn.js';

export interface SlackMessage {
  /** Notification and screen-reader fallback (mrkdwn, escaped). */
  text: string;
  blocks: KnownBlock[];
}

export const STATUS_EMOJI: Record<Status, string> = {
  ok: ':white_check_mark:',
  warn: ':warning:',
  fail: ':x:',
  error: ':grey_question:',
};

export const SEVERITY_EMOJI: Record<Severity, string> = {
  fail: ':red_circle:',
  warn: ':large_yellow_circle:',
  info: ':information_source:',
};

/** Room kept in sections for the closing `…` and code fences. */
export const SECTION_ROOM = LIMITS.sectionText - 100;

/** The command as the person typed it, inline code. */
export function commandCode(inv: Invocation): string {
  return code(`/wx ${inv.text}`);
}
