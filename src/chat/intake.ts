/**
 * What happens to a command once a chat front end has authenticated and acknowledged it, on every
 * platform: parse, help, rate limit, remember, submit. The platform says how its answers look and
 * what it remembers so the result finds its way back, and may stand another command in before
 * parsing (WeCom's `recheck #W12`). Every way out answers the person; nothing here throws.
 */
import { findCommand, type Plan, plan, planAliases, UsageError } from '../../commands/index.js';
import { chosenRegions } from '../../commands/regions.js';
import { within } from '../http/within.js';
import type { Invocation, LiveRegion, Platform } from '../model/index.js';
import type { Log } from '../model/log.js';
import type { CommandSubmission, SubmitCommand } from '../queue/types.js';
import { replyText } from '../render/errcode.js';
import { regionsText } from '../render/regions-list.js';
import type { RateLimiter } from '../store/rate-limit.js';
import { LIVE_WITHIN_MS } from '../store/worker-beats.js';
import { splitArgs } from './args.js';

/** A plan that goes to the queue. */
export type QueuedPlan = CommandSubmission['plan'];

export type CommandOutcome = 'queued' | 'usage' | 'help' | 'rate_limited' | 'unavailable';

/**
 * One command received, for metrics: its platform, the platform's own tags (Slack: `source`),
 * what became of it and, when the text named a known one, the subcommand (`cert`).
 */
export type CommandEvent<P extends Platform, O extends string, T extends object = object> = {
  platform: P;
} & T & {
    command?: string;
    outcome: O;
  };

export interface IntakeDeps<E> {
  submit: SubmitCommand;
  rateLimiter: RateLimiter;
  /** Budget for each Redis call of the front end's own (rate limit, what it remembers). */
  redisTimeoutMs: number;
  submitTimeoutMs: number;
  log: Log;
  onCommand?: (event: E) => void;
  /**
   * The configured app aliases (wechat.apps, wecom.apps): a command naming another is a usage
   * error answered to the person, never a result posted to the conversation. Unset: not checked.
   */
  appAliases?: readonly string[];
  /**
   * The regions with a live worker (heartbeats): `--from` is checked against them and `all`
   * becomes their names; `/wx regions` lists them. Unset: `--from` and `regions` are refused.
   */
  liveRegions?: () => Promise<LiveRegion[]>;
}

/** What a front end says instead of queueing, in its own format (Block Kit, plain text). */
export interface Answers<R> {
  usage(err: UsageError, inv: Invocation): R;
  /** `text`: the help the command asked for, as the CLI prints it. */
  help(text: string, inv: Invocation): R;
  rateLimited(limit: number, retryInSeconds: number, inv: Invocation): R;
  unavailable(inv: Invocation): R;
}

/** An answer given before parsing, with an outcome of the platform's own (`unknown_ref`). */
export interface Answered<R, X extends string> {
  outcome: CommandOutcome | X;
  reply: R;
}

/** What makes the pipeline one platform's. */
export interface IntakeHooks<R, P extends Platform, X extends string, T extends object> {
  platform: P;
  answers: Answers<R>;
  /** Added to the metrics event and the queueing log lines (Slack: where the command came from). */
  tags: T;
  /** How a command that could not start is logged (a parsing bug; WeCom: a reference lookup). */
  notStarted: { level: 'error' | 'warn'; msg: string };
  /**
   * Before parsing: another invocation may stand in for this one (WeCom: `recheck #W12` → the
   * command of #W12, carrying its reference), or the person is answered at once. A rejection
   * counts as not started.
   */
  standIn?(inv: Invocation, argv: string[]): Promise<Invocation | Answered<R, X>>;
  /**
   * After the rate limit, just before submit: keeps what the result needs to find its way back
   * (Slack: response_url, thread; both: a short reference, under which the result is kept for
   * `details`) and resolves with the invocation to queue. A rejection counts as the queue being
   * unavailable.
   */
  remember(inv: Invocation, plan: QueuedPlan): Promise<Invocation>;
  /**
   * Whether the answers reach the person who asked alone (Slack: ephemeral; WeCom: a 1:1 chat).
   * Only then may they name what the configuration holds (the app aliases). Default: no.
   */
  privately?(inv: Invocation): boolean;
  /**
   * Tells the person the answer, before the command is counted; must not throw. Without it the
   * answer is only returned (WeCom sends it as the passive reply).
   */
  answer?(reply: R): Promise<void>;
}

export interface IntakeResult<R, X extends string = never> {
  outcome: CommandOutcome | X;
  /** What the person was answered instead of queueing. */
  reply?: R;
  /** The subcommand (`cert`), when the text named a known one. */
  command?: string;
  /** The invocation as it went on (after a stand-in; once queued, with what was remembered). */
  invocation: Invocation;
}

export async function runIntake<R, P extends Platform, X extends string, T extends object>(
  deps: IntakeDeps<CommandEvent<P, CommandOutcome | X, T>>,
  hooks: IntakeHooks<R, P, X, T>,
  inv: Invocation,
): Promise<IntakeResult<R, X>> {
  const result = await decide(deps, hooks, inv);
  if (result.reply !== undefined && hooks.answer) await hooks.answer(result.reply);
  try {
    deps.onCommand?.({
      platform: hooks.platform,
      ...hooks.tags,
      outcome: result.outcome,
      ...(result.command ? { command: result.command } : {}),
    });
  } catch (err) {
    deps.log.warn({ err }, 'onCommand hook failed');
  }
  return result;
}

async function decide<R, P extends Platform, X extends string, T extends object>(
  deps: IntakeDeps<CommandEvent<P, CommandOutcome | X, T>>,
  hooks: IntakeHooks<R, P, X, T>,
  original: Invocation,
): Promise<IntakeResult<R, X>> {
  const { answers } = hooks;
  let inv = original;
  let command: string | undefined;
  const answer = (outcome: CommandOutcome, reply: R): IntakeResult<R, X> => ({
    outcome,
    reply,
    ...(command ? { command } : {}),
    invocation: inv,
  });
  let p: Plan;
  try {
    let argv = splitArgs(inv.text);
    if (hooks.standIn) {
      const next = await hooks.standIn(inv, argv);
      if ('outcome' in next) return { ...next, invocation: inv };
      if (next !== inv) {
        inv = next;
        argv = splitArgs(inv.text);
      }
    }
    command = argv[0] !== undefined && findCommand(argv[0]) ? argv[0] : undefined;
    p = plan(argv, 'chat');
    if (deps.appAliases) checkAliases(p, deps.appAliases, hooks.privately?.(inv) ?? false);
  } catch (err) {
    if (err instanceof UsageError) return answer('usage', answers.usage(err, inv));
    // Not a person's mistake: still answer.
    deps.log[hooks.notStarted.level]({ err, invocation: inv.id }, hooks.notStarted.msg);
    return answer('unavailable', answers.unavailable(inv));
  }
  if (p.kind === 'reply' || p.kind === 'errcode') {
    return answer('help', answers.help(replyText(p), inv));
  }
  const watchFrom = p.kind === 'watch' && p.op.op === 'add' ? p.op.regions : undefined;
  if (p.kind === 'regions' || (p.kind === 'probes' && p.run.from) || watchFrom) {
    try {
      const live = await liveRegionsOf(deps);
      if (p.kind === 'regions') {
        return answer('help', answers.help(regionsText(live, inv.lang, LIVE_WITHIN_MS), inv));
      }
      if (p.kind === 'watch' && p.op.op === 'add' && watchFrom) {
        // `watch add --from`: live regions at the time it is added (`all`: those live now).
        p = { ...p, op: { ...p.op, regions: chosenRegions('watch', watchFrom, live) } };
      } else if (p.kind === 'probes') {
        p = { ...p, run: { ...p.run, from: chosenRegions(p.command, p.run.from ?? [], live) } };
      }
    } catch (err) {
      if (err instanceof UsageError) return answer('usage', answers.usage(err, inv));
      deps.log.warn({ err, invocation: inv.id }, 'live regions unknown: Redis unavailable');
      return answer('unavailable', answers.unavailable(inv));
    }
  }
  try {
    const decision = await within(
      deps.rateLimiter.hit(inv.workspace, inv.user, inv.id),
      deps.redisTimeoutMs,
      'rate limit',
    );
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      return answer('rate_limited', answers.rateLimited(deps.rateLimiter.limit, seconds, inv));
    }
    inv = await hooks.remember(inv, p);
    await within(deps.submit({ invocation: inv, plan: p }), deps.submitTimeoutMs, 'submit');
  } catch (err) {
    deps.log.warn(
      { err, invocation: inv.id, ...hooks.tags },
      'command not queued: queue or Redis unavailable',
    );
    return answer('unavailable', answers.unavailable(inv));
  }
  deps.log.info(
    {
      invocation: inv.id,
      ...hooks.tags,
      command,
      workspace: inv.workspace,
      ...(inv.ref ? { ref: inv.ref } : {}),
    },
    'command queued',
  );
  return { outcome: 'queued', ...(command ? { command } : {}), invocation: inv };
}

async function liveRegionsOf<E>(deps: IntakeDeps<E>): Promise<LiveRegion[]> {
  if (!deps.liveRegions) throw new UsageError('regions are not available here');
  return within(deps.liveRegions(), deps.redisTimeoutMs, 'live regions');
}

/** An alias nobody configured is the person's mistake: a usage error, naming the known ones privately. */
function checkAliases(p: Plan, known: readonly string[], privately: boolean): void {
  const unknown = planAliases(p).find((a) => !known.includes(a));
  if (unknown === undefined || p.kind !== 'probes') return;
  const configured = privately ? `; configured: ${known.join(', ') || 'none'}` : '';
  throw new UsageError(
    `no app is configured with the alias ${JSON.stringify(unknown)}${configured}`,
    p.command,
  );
}
