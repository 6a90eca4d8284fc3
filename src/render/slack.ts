/**
 * MessageContent → Slack (fallback `text` + Block Kit), from the neutral Report. Everything from a
 * person or a probed server is escaped. A result is the short answer (slack-short.ts) with a
 * Details button; the details (slack-details.ts) always stay within Block Kit's limits, cutting
 * details first, then findings, and saying so.
 */
import { causeMessage } from '../i18n/findings.js';
import { type Messages, messages } from '../i18n/index.js';
import type { Invocation, Lang, MessageContent } from '../model/index.js';
import { renderSlackRecord } from './record-chat.js';
import { context, type KnownBlock, LIMITS, section } from './slack-blocks.js';
import { renderSlackDetails } from './slack-details.js';
import { renderSlackIncident } from './slack-incident.js';
import { clip, clipMrkdwn, codeBlock, esc, mention, oneLine } from './slack-mrkdwn.js';
import { commandCode, SECTION_ROOM, type SlackMessage, STATUS_EMOJI } from './slack-parts.js';
import { renderSlackShort } from './slack-short.js';

export { LIMITS } from './slack-blocks.js';
export { esc } from './slack-mrkdwn.js';
export type { SlackMessage } from './slack-parts.js';

export interface SlackRenderOptions {
  /** Delivered through response_url because the bot is not in the channel: add the invite hint. */
  notInChannel?: boolean;
}

/** action_id of the Re-check button; its value is JSON `{text}`. */
export const RECHECK_ACTION = 'wx_recheck';
/** action_id of the Details button; its value is the result's reference (`W12`). */
export const DETAILS_ACTION = 'wx_details';

export function renderSlack(
  content: MessageContent,
  lang: Lang,
  opts: SlackRenderOptions = {},
): SlackMessage {
  const t = messages(lang);
  const tail = opts.notInChannel ? [context(t.inviteHint)] : [];
  switch (content.type) {
    case 'pending':
      return renderPending(content.invocation, t, tail);
    case 'verdict':
      return renderVerdict(content, lang, t, tail);
    case 'notice':
      return renderNotice(content.level, content.text, {}, tail);
    case 'result':
      return renderSlackShort(content, lang, [...resultButtons(content.invocation, t), ...tail]);
    case 'details':
      return renderSlackDetails(content, lang, tail);
    case 'incident':
      return renderSlackIncident(content, lang);
    case 'incident-record':
      return renderSlackRecord(content, lang);
  }
}

function renderPending(inv: Invocation, t: Messages, tail: KnownBlock[]): SlackMessage {
  const line = `:hourglass_flowing_sand: ${t.asked(mention(inv.user), commandCode(inv))}`;
  return {
    text: `${t.asked(mention(inv.user), commandCode(inv))} — ${t.running}`,
    blocks: [section(line), context(t.running), ...tail],
  };
}

function renderVerdict(
  v: Extract<MessageContent, { type: 'verdict' }>,
  lang: Lang,
  t: Messages,
  tail: KnownBlock[],
): SlackMessage {
  // One line: the cause in words, with its code; otherwise the neutral summary.
  const what = v.cause
    ? `${esc(clip(oneLine(causeMessage(v.cause, lang)), 300))} (${esc(`${v.cause.probe} ${v.cause.code}`)})`
    : esc(clip(oneLine(v.summary), 1000));
  const line = clipMrkdwn(
    `${STATUS_EMOJI[v.status]} *${t.status[v.status]}* ${commandCode(v.invocation)} — ${what} · ${mention(v.invocation.user)}`,
    LIMITS.sectionText,
  );
  return { text: line, blocks: [section(line), ...tail] };
}

/**
 * A short notice (usage, rate limit, queue unavailable). `text` is plain text, escaped here,
 * unless `trusted` (our own mrkdwn whose values are escaped already); `detail` goes in a code
 * block (usage, help).
 */
export function renderNotice(
  level: 'info' | 'error',
  text: string,
  extra: { detail?: string; trusted?: boolean } = {},
  tail: KnownBlock[] = [],
): SlackMessage {
  const body = extra.trusted ? text : esc(text);
  const line = clipMrkdwn(`${level === 'error' ? ':warning: ' : ''}${body}`, LIMITS.sectionText);
  const blocks = [section(line)];
  if (extra.detail) blocks.push(section(codeBlock(extra.detail, SECTION_ROOM)));
  return { text: clipMrkdwn(line, LIMITS.text), blocks: [...blocks, ...tail] };
}

/** Help text (plain, preformatted) as a code block only the asker sees. */
export function renderHelp(helpText: string): SlackMessage {
  return {
    text: clipMrkdwn(esc(helpText), LIMITS.text),
    blocks: [section(codeBlock(helpText, SECTION_ROOM))],
  };
}

/** Re-check (when the command fits a button's value) and Details (when the result has a ref). */
function resultButtons(inv: Invocation, t: Messages): KnownBlock[] {
  const button = (actionId: string, text: string, value: string) => ({
    type: 'button' as const,
    action_id: actionId,
    text: { type: 'plain_text' as const, text: clip(text, LIMITS.buttonText), emoji: true },
    value,
  });
  const recheck = JSON.stringify({ text: inv.text });
  const elements = [
    ...(recheck.length <= LIMITS.buttonValue
      ? [button(RECHECK_ACTION, t.recheckButton, recheck)]
      : []),
    ...(inv.ref ? [button(DETAILS_ACTION, t.short.detailsButton, inv.ref)] : []),
  ];
  if (elements.length === 0) return [];
  return [{ type: 'actions', block_id: clip(`wx_recheck-${inv.id}`, LIMITS.blockId), elements }];
}
