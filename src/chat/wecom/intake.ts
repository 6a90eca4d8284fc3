/**
 * WeCom's side of the intake (../intake.ts): answers as plain text, which the callback sends as a
 * passive reply; a short reference (`#W12`) on every queued command, standing in for threads, and
 * `wx recheck #W12` to run a referenced command again.
 */
import { isAdmin } from '../../config/index.js';
import { within } from '../../http/within.js';
import { messages } from '../../i18n/index.js';
import { usageInLang } from '../../i18n/usage-zh-CN.js';
import type { Invocation } from '../../model/index.js';
import { parseRef, type RefPlace, type ShortRefs } from '../../store/short-refs.js';
import { chatHelp, usageHelp } from '../help.js';
import {
  type Answered,
  type Answers,
  type CommandEvent,
  type CommandOutcome,
  type IntakeDeps,
  type IntakeResult,
  type QueuedPlan,
  runIntake,
} from '../intake.js';

export type WecomOutcome = CommandOutcome | 'unknown_ref';

/** One command received, for metrics. */
export type WecomCommandEvent = CommandEvent<'wecom', WecomOutcome>;

export interface WecomIntakeDeps extends IntakeDeps<WecomCommandEvent> {
  refs: ShortRefs;
  /** WX_ADMINS: who may recheck another conversation's reference. */
  admins?: readonly string[];
  /** Runs just before a command is queued (the AI bot stores its response_url); may throw. */
  beforeSubmit?: (inv: Invocation) => Promise<void>;
}

/** `reply` is for the person, at once; without one the command was queued as `invocation`. */
export type WecomIntakeResult = IntakeResult<string, 'unknown_ref'>;

export function intake(deps: WecomIntakeDeps, inv: Invocation): Promise<WecomIntakeResult> {
  return runIntake(
    deps,
    {
      platform: 'wecom',
      answers: ANSWERS,
      tags: {},
      notStarted: { level: 'warn', msg: 'command not started: reference lookup or parsing failed' },
      standIn: (inv, argv) => recheck(deps, inv, argv),
      remember: (inv, plan) => remember(deps, inv, plan),
      privately: (inv) => PRIVATE.test(inv.conversation),
    },
    inv,
  );
}

/** 1:1 chats (the app's, the AI bot's): the passive reply is seen by the asker alone. */
const PRIVATE = /^(?:user|aibot-user):/;

const ANSWERS: Answers<string> = {
  usage: (err, inv) =>
    `${messages(inv.lang).usageError(usageInLang(err.message, inv.lang))}\n\n${chatHelp(usageHelp(err), 'wx', inv.lang)}`,
  help(text, inv) {
    // The overview names WeCom's own command too (references stand in for threads).
    const overview = inv.text.trim() === 'help';
    return chatHelp(text, 'wx', inv.lang) + (overview ? `\n${messages(inv.lang).recheckHelp}` : '');
  },
  rateLimited: (limit, seconds, inv) => messages(inv.lang).rateLimited(limit, seconds),
  unavailable: (inv) => messages(inv.lang).queueUnavailable,
};

/**
 * `recheck #W12`: the command of #W12 again, carrying its reference. Another conversation's
 * reference is answered like an unknown one (admins excepted), so it says nothing of its existence.
 */
async function recheck(
  deps: WecomIntakeDeps,
  inv: Invocation,
  argv: string[],
): Promise<Invocation | Answered<string, 'unknown_ref'>> {
  if (argv[0]?.toLowerCase() !== 'recheck') return inv;
  const t = messages(inv.lang);
  const ref = argv.length === 2 ? parseRef(argv[1] as string) : null;
  if (!ref) return { outcome: 'usage', reply: t.recheckUsage };
  const admin = isAdmin(deps.admins ?? [], inv);
  const target = await within(
    deps.refs.resolve(ref, inv, { admin }),
    deps.redisTimeoutMs,
    'reference',
  );
  if (!target) return { outcome: 'unknown_ref', reply: t.unknownRef(`#${ref}`) };
  return { ...inv, text: target.text, ref };
}

/**
 * A reference for the result (a recheck keeps its own; `details #W12` answers under #W12), then
 * what the AI bot keeps.
 */
async function remember(
  deps: WecomIntakeDeps,
  inv: Invocation,
  plan: QueuedPlan,
): Promise<Invocation> {
  const ref =
    inv.ref ??
    (plan.kind === 'details' ? plan.ref : undefined) ??
    (await within(
      deps.refs.assign({ text: inv.text, places: [placeOf(inv)] }),
      deps.redisTimeoutMs,
      'reference',
    ));
  const queued = { ...inv, ref };
  if (deps.beforeSubmit) {
    await within(deps.beforeSubmit(queued), deps.redisTimeoutMs, 'before submit');
  }
  return queued;
}

function placeOf(inv: Invocation): RefPlace {
  return { platform: inv.platform, workspace: inv.workspace, conversation: inv.conversation };
}
