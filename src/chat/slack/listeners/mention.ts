import type { App } from '@slack/bolt';
import { within } from '../../../http/within.js';
import { langFor, messages } from '../../../i18n/index.js';
import type { Invocation } from '../../../model/index.js';
import { renderNotice, type SlackMessage } from '../../../render/slack.js';
import { firstOrUnsure } from '../../seen.js';
import type { FrontContext } from '../context.js';
import { invocationId } from '../ids.js';
import { intake } from '../intake.js';
import { plainText, withoutLeadingMention } from '../text.js';

const RECHECK = /^(re-?check|重新检查|重查)$/i;

/**
 * `@wxdoctor <subcommand> …` runs in the thread it was said in (or starts one under the mention);
 * `@wxdoctor recheck` in a thread runs the thread's command again.
 */
export function registerMention(app: App, ctx: FrontContext): void {
  app.event('app_mention', async ({ event, body, client, context }) => {
    const user = event.user;
    if (!user || event.bot_id) return;
    const workspace = body.team_id ?? context.teamId ?? '';
    const channel = event.channel;
    const lang = langFor(ctx.langs, workspace, channel);
    const t = messages(lang);
    const tell = (m: SlackMessage) =>
      client.chat.postEphemeral({
        channel,
        user,
        text: m.text,
        blocks: m.blocks,
        ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}),
      });
    const say = async (m: SlackMessage) => {
      try {
        await tell(m);
      } catch (err) {
        ctx.log.warn({ err }, 'could not answer a mention');
      }
    };

    const first = await firstOrUnsure(
      ctx.seenEvents.first(body.event_id),
      ctx.intake.redisTimeoutMs,
      'event dedupe',
      (err) => ctx.log.warn({ err, event: body.event_id }, 'event dedupe unavailable'),
    );
    if (!first) {
      ctx.log.info({ event: body.event_id }, 'event already handled (Slack redelivery)');
      return;
    }

    let text = plainText(withoutLeadingMention(event.text, ctx.botUserId())).trim();
    if (RECHECK.test(text)) {
      if (!event.thread_ts) return say(renderNotice('info', t.nothingToRecheck, { trusted: true }));
      let previous: string | null;
      try {
        previous = await within(
          ctx.intake.threads.commandOf({ workspace, conversation: channel, ts: event.thread_ts }),
          ctx.intake.redisTimeoutMs,
          'thread lookup',
        );
      } catch (err) {
        ctx.log.warn({ err }, 'thread lookup failed');
        return say(renderNotice('error', t.queueUnavailable, { trusted: true }));
      }
      if (previous === null)
        return say(renderNotice('info', t.nothingToRecheck, { trusted: true }));
      text = previous;
    }

    const invocation: Invocation = {
      id: invocationId('evt', body.event_id),
      platform: 'slack',
      workspace,
      conversation: channel,
      user,
      text,
      thread: event.thread_ts ?? event.ts,
      lang,
      receivedAt: new Date().toISOString(),
    };
    await intake(ctx.intake, { invocation, source: 'mention', tell });
  });
}
