import type { App } from '@slack/bolt';
import { langFor } from '../../../i18n/index.js';
import type { Invocation } from '../../../model/index.js';
import type { FrontContext } from '../context.js';
import { invocationId } from '../ids.js';
import { intake } from '../intake.js';
import { plainText } from '../text.js';

/** `/wx <subcommand> …`: acknowledged at once, answered in the channel by the workers. */
export function registerCommand(app: App, ctx: FrontContext, name = '/wx'): void {
  app.command(name, async ({ command, ack, respond }) => {
    await ack();
    const invocation: Invocation = {
      id: invocationId('cmd', command.team_id, command.trigger_id),
      platform: 'slack',
      workspace: command.team_id,
      conversation: command.channel_id,
      user: command.user_id,
      text: plainText(command.text ?? '').trim(),
      lang: langFor(ctx.langs, command.team_id, command.channel_id),
      receivedAt: new Date().toISOString(),
    };
    await intake(ctx.intake, {
      invocation,
      source: 'slash',
      responseUrl: command.response_url,
      tell: (m) => respond({ response_type: 'ephemeral', text: m.text, blocks: m.blocks }),
    });
  });
}
