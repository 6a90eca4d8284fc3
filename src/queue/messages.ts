/** The OutboundMessages of one invocation: parent post, threaded result, parent edited to a verdict. */
import { type Invocation, isSameConversation, type OutboundMessage } from '../model/index.js';
import type { CombinedReport } from '../probes/combine.js';
import type { AnyProbeResult } from '../probes/index.js';
import type { RegionsReport } from '../probes/regions/index.js';
import type { KeptResult } from '../store/results.js';
import { messageIds } from './names.js';
import type { Verdict } from './summary.js';

function addressed(invocation: Invocation) {
  return {
    platform: invocation.platform,
    workspace: invocation.workspace,
    conversation: invocation.conversation,
    invocationId: invocation.id,
    lang: invocation.lang,
  };
}

/** The parent: who asked what, still running. */
export function pendingMessage(invocation: Invocation): OutboundMessage {
  return {
    ...addressed(invocation),
    id: messageIds(invocation.id).parent,
    action: 'post',
    content: { type: 'pending', invocation },
  };
}

/**
 * The parent message a reply or edit goes to: its reference, or, while its delivery is still
 * queued, its message id (notify takes the reference from its receipt).
 */
export type ParentLink = string | { awaiting: string };

function threaded(parent: ParentLink | undefined) {
  if (parent === undefined) return {};
  return typeof parent === 'string' ? { threadRef: parent } : { threadOf: parent.awaiting };
}

/** The full result; without a thread to reply in, the adapter falls back (post, response_url). */
export function resultMessage(
  invocation: Invocation,
  results: AnyProbeResult[],
  combined: CombinedReport | undefined,
  parent: ParentLink | undefined,
): OutboundMessage {
  return {
    ...addressed(invocation),
    id: messageIds(invocation.id).result,
    action: 'reply',
    ...threaded(parent),
    content: { type: 'result', invocation, results, ...(combined ? { combined } : {}) },
  };
}

/** A regional command's result: the regions side by side and their comparison. */
export function regionsMessage(
  invocation: Invocation,
  regions: RegionsReport,
  threadRef: string | undefined,
): OutboundMessage {
  return {
    ...addressed(invocation),
    id: messageIds(invocation.id).result,
    action: 'reply',
    ...(threadRef !== undefined ? { threadRef } : {}),
    content: { type: 'result', invocation, results: [], regions },
  };
}

/** The parent, edited to a one-line verdict (naming a combined check's root cause). */
export function verdictMessage(
  invocation: Invocation,
  parent: ParentLink,
  verdict: Verdict,
): OutboundMessage {
  const { status, summary, cause } = verdict;
  return {
    ...addressed(invocation),
    id: messageIds(invocation.id).verdict,
    action: 'update',
    ...(typeof parent === 'string' ? { messageRef: parent } : { updateOf: parent.awaiting }),
    content: { type: 'verdict', invocation, status, summary, ...(cause ? { cause } : {}) },
  };
}

/**
 * `details #W12` answered: the kept result in full, in the thread of its answer when asked in
 * that conversation (the Details button sits there; a typed command may come from the channel).
 */
export function detailsMessage(invocation: Invocation, kept: KeptResult): OutboundMessage {
  const thread =
    invocation.thread ??
    (isSameConversation(kept.invocation, invocation) ? kept.threadRef : undefined);
  return {
    ...addressed(invocation),
    id: messageIds(invocation.id).details,
    action: thread !== undefined ? 'reply' : 'post',
    ...(thread !== undefined ? { threadRef: thread } : {}),
    content: {
      type: 'details',
      invocation: kept.invocation,
      results: kept.results,
      ...(kept.combined ? { combined: kept.combined } : {}),
      ...(kept.regions ? { regions: kept.regions } : {}),
    },
  };
}

/** A short notice answering a command, where it was typed (in its thread, if any). */
export function noticeMessage(
  invocation: Invocation,
  level: 'info' | 'error',
  text: string,
): OutboundMessage {
  return {
    ...addressed(invocation),
    id: messageIds(invocation.id).details,
    action: invocation.thread !== undefined ? 'reply' : 'post',
    ...(invocation.thread !== undefined ? { threadRef: invocation.thread } : {}),
    content: { type: 'notice', level, text },
  };
}
