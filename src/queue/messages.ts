/** The OutboundMessages of one invocation: parent post, threaded result, parent edited to a verdict. */
import type { Invocation, OutboundMessage } from '../model/index.js';
import type { CombinedReport } from '../probes/combine.js';
import type { AnyProbeResult, Status } from '../probes/index.js';
import type { RegionsReport } from '../probes/regions/index.js';
import { messageIds } from './names.js';

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

/** The full result; without a thread to reply in, the adapter falls back (post, response_url). */
export function resultMessage(
  invocation: Invocation,
  results: AnyProbeResult[],
  combined: CombinedReport | undefined,
  threadRef: string | undefined,
): OutboundMessage {
  return {
    ...addressed(invocation),
    id: messageIds(invocation.id).result,
    action: 'reply',
    ...(threadRef !== undefined ? { threadRef } : {}),
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

/** The parent, edited to a one-line verdict. */
export function verdictMessage(
  invocation: Invocation,
  messageRef: string,
  status: Status,
  summary: string,
): OutboundMessage {
  return {
    ...addressed(invocation),
    id: messageIds(invocation.id).verdict,
    action: 'update',
    messageRef,
    content: { type: 'verdict', invocation, status, summary },
  };
}
