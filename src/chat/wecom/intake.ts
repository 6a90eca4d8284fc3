/**
 * What happens to a WeCom command once its callback is authenticated, mirroring Slack's intake:
 * parse, rate-limit, give it a short reference, enqueue. What the front end can answer without
 * the queue (help, usage, rate limit, unknown reference, queue unavailable) comes back as `reply`,
 * which the callback sends as a passive reply. Nothing here throws.
 */
import { findCommand, type Plan, plan, UsageError } from '../../../commands/index.js';
import { messages } from '../../i18n/index.js';
import type { Invocation } from '../../model/index.js';
import type { SubmitCommand } from '../../queue/types.js';
import { replyText } from '../../render/errcode.js';
import type { RateLimiter } from '../../store/rate-limit.js';
import { parseRef, type ShortRefs } from '../../store/short-refs.js';
import { splitArgs } from '../args.js';
import { chatHelp, usageHelp } from '../help.js';
import type { Log } from '../slack/log.js';
import { within } from '../slack/within.js';
import { wecomWords } from './words.js';

export type WecomOutcome =
  | 'queued'
  | 'usage'
  | 'help'
  | 'rate_limited'
  | 'unavailable'
  | 'unknown_ref';

/** One command received, for metrics. */
export interface WecomCommandEvent {
  platform: 'wecom';
  /** The subcommand (`cert`), when the text named a known one. */
  command?: string;
  outcome: WecomOutcome;
}

export interface WecomIntakeDeps {
  submit: SubmitCommand;
  rateLimiter: RateLimiter;
  refs: ShortRefs;
  /** Budget for each Redis call of the front end's own (rate limit, references). */
  redisTimeoutMs: number;
  submitTimeoutMs: number;
  log: Log;
  onCommand?: (event: WecomCommandEvent) => void;
  /** Runs just before a command is queued (the AI bot stores its response_url); may throw. */
  beforeSubmit?: (inv: Invocation) => Promise<void>;
}

export interface IntakeResult {
  outcome: WecomOutcome;
  /** Text for the person, answered at once; absent when the command was queued. */
  reply?: string;
  /** The reference the queued command carries. */
  ref?: string;
  /** The command text queued (after a recheck, the original command's). */
  text?: string;
}

export async function intake(deps: WecomIntakeDeps, inv: Invocation): Promise<IntakeResult> {
  const { command, ...result } = await decide(deps, inv);
  try {
    deps.onCommand?.({
      platform: 'wecom',
      outcome: result.outcome,
      ...(command ? { command } : {}),
    });
  } catch (err) {
    deps.log.warn({ err }, 'onCommand hook failed');
  }
  return result;
}

type Decision = IntakeResult & { command?: string };

async function decide(deps: WecomIntakeDeps, original: Invocation): Promise<Decision> {
  const t = messages(original.lang);
  const words = wecomWords(original.lang);
  const unavailable = (command?: string): Decision => ({
    outcome: 'unavailable',
    reply: t.queueUnavailable,
    ...(command ? { command } : {}),
  });
  let inv = original;
  let command: string | undefined;
  let p: Plan;
  try {
    let argv = splitArgs(inv.text);
    if (argv[0]?.toLowerCase() === 'recheck') {
      const ref = argv.length === 2 ? parseRef(argv[1] as string) : null;
      if (!ref) return { outcome: 'usage', reply: words.recheckUsage };
      const target = await within(deps.refs.resolve(ref), deps.redisTimeoutMs, 'reference');
      if (!target) return { outcome: 'unknown_ref', reply: words.unknownRef(`#${ref}`) };
      inv = { ...inv, text: target.text, ref };
      argv = splitArgs(inv.text);
    }
    command = argv[0] !== undefined && findCommand(argv[0]) ? argv[0] : undefined;
    p = plan(argv, 'chat');
  } catch (err) {
    if (err instanceof UsageError) {
      const reply = `${t.usageError(err.message)}\n\n${chatHelp(usageHelp(err), 'wx')}`;
      return { outcome: 'usage', reply, ...(command ? { command } : {}) };
    }
    deps.log.warn(
      { err, invocation: inv.id },
      'command not started: reference lookup or parsing failed',
    );
    return unavailable(command);
  }
  if (p.kind === 'reply') {
    // The overview names WeCom's own command too (references stand in for threads).
    const overview = inv.text.trim() === 'help';
    const reply = chatHelp(replyText(p), 'wx') + (overview ? `\n${words.recheckHelp}` : '');
    return { outcome: 'help', reply, command };
  }
  try {
    const decision = await within(
      deps.rateLimiter.hit(inv.workspace, inv.user, inv.id),
      deps.redisTimeoutMs,
      'rate limit',
    );
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      return {
        outcome: 'rate_limited',
        reply: t.rateLimited(deps.rateLimiter.limit, seconds),
        ...(command ? { command } : {}),
      };
    }
    const ref =
      inv.ref ??
      (await within(deps.refs.assign({ text: inv.text }), deps.redisTimeoutMs, 'reference'));
    inv = { ...inv, ref };
    if (deps.beforeSubmit) {
      await within(deps.beforeSubmit(inv), deps.redisTimeoutMs, 'before submit');
    }
    await within(deps.submit({ invocation: inv, plan: p }), deps.submitTimeoutMs, 'submit');
  } catch (err) {
    deps.log.warn({ err, invocation: inv.id }, 'command not queued: queue or Redis unavailable');
    return unavailable(command);
  }
  deps.log.info(
    { invocation: inv.id, command, workspace: inv.workspace, ref: inv.ref },
    'command queued',
  );
  return {
    outcome: 'queued',
    text: inv.text,
    ...(inv.ref ? { ref: inv.ref } : {}),
    ...(command ? { command } : {}),
  };
}
