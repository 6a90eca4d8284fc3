/**
 * Slack's side of the intake (../intake.ts), whichever way a command came (slash command, a
 * button, a mention): answers as ephemeral Block Kit notices, told to the person at once; the
 * response_url and the thread kept for the result.
 */
import type { UsageError } from '../../../commands/index.js';
import { within } from '../../http/within.js';
import { messages } from '../../i18n/index.js';
import { usageInLang } from '../../i18n/usage-zh-CN.js';
import type { Invocation } from '../../model/index.js';
import { renderHelp, renderNotice, type SlackMessage } from '../../render/slack.js';
import { esc } from '../../render/slack-mrkdwn.js';
import type { ResponseUrls } from '../../store/response-urls.js';
import type { ShortRefs } from '../../store/short-refs.js';
import type { Threads } from '../../store/threads.js';
import { chatHelp, usageHelp } from '../help.js';
import {
  type Answers,
  type CommandEvent as ChatCommandEvent,
  type IntakeDeps as ChatIntakeDeps,
  type CommandOutcome,
  type QueuedPlan,
  runIntake,
} from '../intake.js';

export type { CommandOutcome } from '../intake.js';
export type CommandSource = 'slash' | 'button' | 'mention';

/** One command received, for metrics. */
export type CommandEvent = ChatCommandEvent<'slack', CommandOutcome, { source: CommandSource }>;

export interface IntakeDeps extends ChatIntakeDeps<CommandEvent> {
  responseUrls: ResponseUrls;
  threads: Threads;
  /** A short reference for each result (`#W12`): its details are kept under it. */
  refs?: ShortRefs;
}

export interface IntakeRequest {
  invocation: Invocation;
  source: CommandSource;
  responseUrl?: string;
  /** Tells only the person who asked (response_url or chat.postEphemeral); needs no Redis. */
  tell(message: SlackMessage): Promise<unknown>;
}

export async function intake(deps: IntakeDeps, req: IntakeRequest): Promise<CommandOutcome> {
  const { outcome } = await runIntake(
    deps,
    {
      platform: 'slack',
      answers: ANSWERS,
      tags: { source: req.source },
      notStarted: { level: 'error', msg: 'command parsing failed' },
      remember: (inv, plan) => remember(deps, req, inv, plan),
      answer: (reply) => tell(deps, req, reply),
      // Every answer is ephemeral (response_url or chat.postEphemeral).
      privately: () => true,
    },
    req.invocation,
  );
  return outcome;
}

const ANSWERS: Answers<SlackMessage> = {
  usage(err: UsageError, inv) {
    const detail = chatHelp(usageHelp(err), '/wx', inv.lang);
    const text = messages(inv.lang).usageError(esc(usageInLang(err.message, inv.lang)));
    return renderNotice('error', text, { detail, trusted: true });
  },
  help: (text, inv) => renderHelp(chatHelp(text, '/wx', inv.lang)),
  rateLimited: (limit, seconds, inv) =>
    renderNotice('info', messages(inv.lang).rateLimited(limit, seconds), { trusted: true }),
  unavailable: (inv) =>
    renderNotice('error', messages(inv.lang).queueUnavailable, { trusted: true }),
};

/**
 * Where the result goes (the command's response_url and the thread it runs in), and the short
 * reference its details are kept under.
 */
async function remember(
  deps: IntakeDeps,
  req: IntakeRequest,
  inv: Invocation,
  plan: QueuedPlan,
): Promise<Invocation> {
  if (req.responseUrl) {
    await within(
      deps.responseUrls.save(inv.id, req.responseUrl),
      deps.redisTimeoutMs,
      'response_url',
    );
  }
  // `details` is no command to re-check: the thread keeps the one it answers.
  if (inv.thread && plan.kind !== 'details') {
    const thread = { workspace: inv.workspace, conversation: inv.conversation, ts: inv.thread };
    await within(deps.threads.remember(thread, inv.text), deps.redisTimeoutMs, 'thread');
  }
  if (plan.kind !== 'probes' || !deps.refs || inv.ref) return inv;
  const place = {
    platform: inv.platform,
    workspace: inv.workspace,
    conversation: inv.conversation,
  };
  const ref = await within(
    deps.refs.assign({ text: inv.text, places: [place] }),
    deps.redisTimeoutMs,
    'reference',
  );
  return { ...inv, ref };
}

async function tell(deps: IntakeDeps, req: IntakeRequest, message: SlackMessage): Promise<void> {
  try {
    await req.tell(message);
  } catch (err) {
    deps.log.warn({ err, invocation: req.invocation.id }, 'could not answer the person directly');
  }
}
