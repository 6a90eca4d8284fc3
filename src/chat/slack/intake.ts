/**
 * What happens to a command after Slack has been acknowledged, whichever way it came (slash
 * command, Re-check button, mention): parse, rate-limit, remember, enqueue. Every way out tells
 * the person something; nothing here throws.
 */
import { findCommand, type Plan, plan, UsageError } from '../../../commands/index.js';
import { messages } from '../../i18n/index.js';
import type { Invocation } from '../../model/index.js';
import type { SubmitCommand } from '../../queue/types.js';
import { replyText } from '../../render/errcode.js';
import { renderHelp, renderNotice, type SlackMessage } from '../../render/slack.js';
import { esc } from '../../render/slack-mrkdwn.js';
import type { RateLimiter } from '../../store/rate-limit.js';
import type { ResponseUrls } from '../../store/response-urls.js';
import type { Threads } from '../../store/threads.js';
import { splitArgs } from '../args.js';
import { chatHelp, usageHelp } from '../help.js';
import type { Log } from './log.js';
import { within } from './within.js';

export type CommandSource = 'slash' | 'button' | 'mention';
export type CommandOutcome = 'queued' | 'usage' | 'help' | 'rate_limited' | 'unavailable';

/** One command received, for metrics. */
export interface CommandEvent {
  platform: 'slack';
  source: CommandSource;
  /** The subcommand (`cert`), when the text named a known one. */
  command?: string;
  outcome: CommandOutcome;
}

export interface IntakeDeps {
  submit: SubmitCommand;
  rateLimiter: RateLimiter;
  responseUrls: ResponseUrls;
  threads: Threads;
  /** Budget for each Redis call of the bot's own (rate limit, response_url, thread). */
  redisTimeoutMs: number;
  submitTimeoutMs: number;
  log: Log;
  onCommand?: (event: CommandEvent) => void;
}

export interface IntakeRequest {
  invocation: Invocation;
  source: CommandSource;
  responseUrl?: string;
  /** Tells only the person who asked (response_url or chat.postEphemeral); needs no Redis. */
  tell(message: SlackMessage): Promise<unknown>;
}

export async function intake(deps: IntakeDeps, req: IntakeRequest): Promise<CommandOutcome> {
  const { outcome, reply, command } = await decide(deps, req);
  if (reply) await tell(deps, req, reply);
  try {
    deps.onCommand?.({
      platform: 'slack',
      source: req.source,
      outcome,
      ...(command ? { command } : {}),
    });
  } catch (err) {
    deps.log.warn({ err }, 'onCommand hook failed');
  }
  return outcome;
}

interface Decision {
  outcome: CommandOutcome;
  reply?: SlackMessage;
  command?: string;
}

async function decide(deps: IntakeDeps, req: IntakeRequest): Promise<Decision> {
  const { invocation: inv } = req;
  const t = messages(inv.lang);
  const unavailable = (): Decision => ({
    outcome: 'unavailable',
    reply: renderNotice('error', t.queueUnavailable, { trusted: true }),
  });
  let command: string | undefined;
  let p: Plan;
  try {
    const argv = splitArgs(inv.text);
    command = argv[0] !== undefined && findCommand(argv[0]) ? argv[0] : undefined;
    p = plan(argv, 'chat');
  } catch (err) {
    if (err instanceof UsageError)
      return { outcome: 'usage', reply: usageNotice(err, inv), command };
    // A bug, not a person's mistake: still answer.
    deps.log.error({ err, invocation: inv.id }, 'command parsing failed');
    return unavailable();
  }
  if (p.kind === 'reply')
    return { outcome: 'help', reply: renderHelp(chatHelp(replyText(p))), command };
  try {
    const decision = await within(
      deps.rateLimiter.hit(inv.workspace, inv.user, inv.id),
      deps.redisTimeoutMs,
      'rate limit',
    );
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      const text = t.rateLimited(deps.rateLimiter.limit, seconds);
      return {
        outcome: 'rate_limited',
        reply: renderNotice('info', text, { trusted: true }),
        command,
      };
    }
    if (req.responseUrl) {
      await within(
        deps.responseUrls.save(inv.id, req.responseUrl),
        deps.redisTimeoutMs,
        'response_url',
      );
    }
    if (inv.thread) {
      const thread = { workspace: inv.workspace, conversation: inv.conversation, ts: inv.thread };
      await within(deps.threads.remember(thread, inv.text), deps.redisTimeoutMs, 'thread');
    }
    await within(deps.submit({ invocation: inv, plan: p }), deps.submitTimeoutMs, 'submit');
  } catch (err) {
    deps.log.warn(
      { err, invocation: inv.id, source: req.source },
      'command not queued: queue or Redis unavailable',
    );
    return { ...unavailable(), command };
  }
  deps.log.info(
    { invocation: inv.id, source: req.source, command, workspace: inv.workspace },
    'command queued',
  );
  return { outcome: 'queued', command };
}

async function tell(deps: IntakeDeps, req: IntakeRequest, message: SlackMessage): Promise<void> {
  try {
    await req.tell(message);
  } catch (err) {
    deps.log.warn({ err, invocation: req.invocation.id }, 'could not answer the person directly');
  }
}

function usageNotice(err: UsageError, inv: Invocation): SlackMessage {
  const t = messages(inv.lang);
  const detail = chatHelp(usageHelp(err));
  return renderNotice('error', t.usageError(esc(err.message)), { detail, trusted: true });
}
