import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { langFor, messages } from '../../../i18n/index.js';
import { renderNotice, type SlackMessage } from '../../../render/slack.js';
import { INCIDENT_ACTIONS, parseIncidentButton } from '../../../render/slack-incident.js';
import type { Invocation } from '../../types.js';
import type { FrontContext } from '../context.js';
import { invocationId } from '../ids.js';
import { intake } from '../intake.js';

/** Each incident button is the `/wx watch …` command it stands for. */
const COMMANDS: Record<string, (w: string, n: number) => string> = {
  [INCIDENT_ACTIONS.ack]: (w, n) => `watch ack ${w} ${n}`,
  [INCIDENT_ACTIONS.snooze1d]: (w, n) => `watch snooze ${w} ${n} 1d`,
  [INCIDENT_ACTIONS.snooze7d]: (w, n) => `watch snooze ${w} ${n} 7d`,
  [INCIDENT_ACTIONS.recheck]: (w) => `watch check ${w}`,
};

/**
 * Acknowledge, Snooze 1 d / 7 d and Re-check on an incident's parent: queued like the commands
 * they stand for; the worker edits the parent and says what happened in its thread.
 */
export function registerIncidentActions(app: App, ctx: FrontContext): void {
  for (const [actionId, commandOf] of Object.entries(COMMANDS)) {
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
      const value = parseIncidentButton(action.value);
      if (value === undefined || channel === undefined) {
        try {
          await tell(renderNotice('error', messages(lang).staleButton, { trusted: true }));
        } catch (err) {
          ctx.log.warn({ err }, 'could not answer a stale button');
        }
        return;
      }
      const message = body.message as { ts?: string; thread_ts?: string } | undefined;
      const thread = message?.thread_ts ?? message?.ts;
      const invocation: Invocation = {
        id: invocationId('act', workspace, body.trigger_id ?? action.action_ts, body.user.id),
        platform: 'slack',
        workspace,
        conversation: channel,
        user: body.user.id,
        text: commandOf(value.w, value.n),
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
}
