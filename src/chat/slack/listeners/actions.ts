import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { langFor, messages } from '../../../i18n/index.js';
import type { Invocation } from '../../../model/index.js';
import {
  DETAILS_ACTION,
  LIMITS,
  RECHECK_ACTION,
  renderNotice,
  type SlackMessage,
} from '../../../render/slack.js';
import { parseRef } from '../../../store/short-refs.js';
import type { FrontContext } from '../context.js';
import { invocationId } from '../ids.js';
import { intake } from '../intake.js';

/**
 * The buttons on a result: Re-check runs the same command again, into the same thread; Details
 * is `/wx details #W12`, posting the kept result in full into that thread.
 */
export function registerActions(app: App, ctx: FrontContext): void {
  registerCommandButton(app, ctx, RECHECK_ACTION, recheckText);
  registerCommandButton(app, ctx, DETAILS_ACTION, detailsText);
}

/**
 * A button that stands for a command: its value says which (`commandText`; undefined when the
 * value is stale or forged), and the command goes through the same intake as a typed one, into
 * the thread the button sits in.
 */
export function registerCommandButton(
  app: App,
  ctx: FrontContext,
  actionId: string,
  commandText: (value: string | undefined) => string | undefined,
): void {
  app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond }) => {
    await ack();
    const workspace = body.team?.id ?? body.user.team_id ?? '';
    const channel = body.channel?.id ?? (body.container?.channel_id as string | undefined);
    const lang = langFor(ctx.langs, workspace, channel ?? '');
    const tell = (m: SlackMessage) =>
      respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: m.text,
        blocks: m.blocks,
      });
    const text = commandText(action.value);
    if (text === undefined || channel === undefined) {
      try {
        await tell(renderNotice('error', messages(lang).staleButton, { trusted: true }));
      } catch (err) {
        ctx.log.warn({ err }, 'could not answer a stale button');
      }
      return;
    }
    // A result's button sits in the thread; an incident's on the parent: either way, that thread.
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    const thread = message?.thread_ts ?? message?.ts;
    const invocation: Invocation = {
      id: invocationId('act', workspace, body.trigger_id ?? action.action_ts, body.user.id),
      platform: 'slack',
      workspace,
      conversation: channel,
      user: body.user.id,
      text,
      ...(thread ? { thread } : {}),
      lang,
      receivedAt: new Date().toISOString(),
    };
    await intake(ctx.intake, {
      invocation,
      source: 'button',
      ...(body.response_url ? { responseUrl: body.response_url } : {}),
      tell,
    });
  });
}

function recheckText(value: string | undefined): string | undefined {
  if (value === undefined || value.length > LIMITS.buttonValue) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    const text = (parsed as { text?: unknown } | null)?.text;
    return typeof text === 'string' && text.trim() !== '' ? text : undefined;
  } catch {
    return undefined;
  }
}

/** The Details button's value is the result's reference (`W12`). */
function detailsText(value: string | undefined): string | undefined {
  const ref = value === undefined ? null : parseRef(value);
  return ref ? `details #${ref}` : undefined;
}
