/**
 * Where a watch's warnings go, from `to:` entries and `--to` values: `slack:C0123ABCD`,
 * `wecom-chat:CHATID`, `wecom-user:USERID`, `wecom-robot:NAME`; in chat also `#C0123ABCD` (Slack)
 * or a bare robot name (WeCom).
 */
import type { Platform } from '../model/index.js';
import type { Destination } from './types.js';

const SLACK_ID = /^[CGD][A-Z0-9]{2,}$/;
const WECOM_ID = /^[A-Za-z0-9_@.-]{1,64}$/;
const WECOM_KINDS = { 'wecom-chat': 'chat', 'wecom-user': 'user', 'wecom-robot': 'robot' } as const;

/** Where a command was typed: the default destination and how bare names read. */
export interface Origin {
  platform: Platform;
  workspace: string;
}

/** A destination, or the reason the text is not one. */
export function parseDestination(raw: string, origin?: Origin): Destination | string {
  const text = raw.trim();
  const slack = /^(?:slack:|#)?<?#?([A-Z0-9]+)(?:\|[^>]*)?>?$/.exec(text);
  if (text.startsWith('slack:') || text.startsWith('#') || text.startsWith('<#')) {
    const id = slack?.[1];
    if (!id || !SLACK_ID.test(id))
      return `expected a Slack channel id such as C0123ABCD, got ${JSON.stringify(raw)}`;
    return {
      platform: 'slack',
      workspace: origin?.platform === 'slack' ? origin.workspace : '',
      conversation: id,
    };
  }
  const m = /^(wecom-chat|wecom-user|wecom-robot):(.+)$/.exec(text);
  if (m) {
    const id = m[2] ?? '';
    if (!WECOM_ID.test(id)) return `not a WeCom id or robot name: ${JSON.stringify(id)}`;
    return {
      platform: 'wecom',
      workspace: origin?.platform === 'wecom' ? origin.workspace : '',
      conversation: `${WECOM_KINDS[m[1] as keyof typeof WECOM_KINDS]}:${id}`,
    };
  }
  if (origin?.platform === 'wecom' && WECOM_ID.test(text)) {
    return { platform: 'wecom', workspace: origin.workspace, conversation: `robot:${text}` };
  }
  if (origin?.platform === 'slack' && SLACK_ID.test(text)) {
    return { platform: 'slack', workspace: origin.workspace, conversation: text };
  }
  return `expected slack:C…, #C…, wecom-chat:ID, wecom-user:ID or wecom-robot:NAME, got ${JSON.stringify(raw)}`;
}

/** Slack channel names: lower case letters, digits, `-`, `_` (and `.` in old workspaces). */
const SLACK_NAME = /^#([a-z0-9][a-z0-9._-]{0,79})$/;

/**
 * `#ops` as Slack sends it when the command does not escape channels (the manifest's
 * `should_escape: false`): a name to look up, not an id. Ids are upper case (`#C0123ABCD`).
 */
export function slackChannelName(raw: string): string | null {
  return SLACK_NAME.exec(raw.trim())?.[1] ?? null;
}

/** A channel name looked up in the workspace: its id, or why it cannot be a destination. */
export type ChannelAnswer =
  | { id: string; problem?: undefined }
  | { problem: 'not-member'; id: string }
  | { problem: 'not-found' | 'unavailable'; id?: undefined };

/** Looks a Slack channel up by name (`ops`, without `#`) in a workspace. */
export type ChannelLookup = (name: string, workspace: string) => Promise<ChannelAnswer>;
