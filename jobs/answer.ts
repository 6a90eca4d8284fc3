/**
 * A command's answer from its probes' results: the results in request order (a crashed probe
 * becomes a PROBE_ERROR result), combined for `wx check`, kept under the command's short
 * reference (for `details #W12`), and the messages that deliver it: the result in the parent's
 * thread, then the parent edited to the verdict. Without a parent reference (the post failed or
 * fell back to response_url) the result still goes, unthreaded: never silence.
 *
 * Two jobs compose it: the `check` flow parent of a command run in regions or from the terminal,
 * and for a command answered in chat the delivery job itself (`answer`, a notify job that is the
 * flow's parent): one job fewer, some sixty Redis commands less per command (issue 16).
 */
import type { Job } from 'bullmq';
import type { DeliveryReceipt, OutboundMessage } from '../src/model/index.js';
import { combine } from '../src/probes/combine.js';
import { type AnyProbeResult, failedResult, type Status } from '../src/probes/index.js';
import { type FlowChildren, flowChildren } from '../src/queue/children.js';
import { deliveryJob } from '../src/queue/command-flow.js';
import type { CheckJobData, NotifyJobResult } from '../src/queue/job-data.js';
import { type ParentLink, resultMessage, verdictMessage } from '../src/queue/messages.js';
import { messageIds, probeKey, QUEUES } from '../src/queue/names.js';
import { summarise } from '../src/queue/summary.js';
import type { ResultStore } from '../src/store/results.js';
import type { Deliverer } from './notify.js';

export interface Answer {
  status: Status;
  /** The parent message's reference, when there is one: the result is threaded under it. */
  parentRef?: string;
  result: OutboundMessage;
  /** The parent edited to the verdict, when there is a parent to edit. */
  verdict?: OutboundMessage;
}

/** The answer of a flow parent (`check`, `answer`) whose children are the command's probes. */
export async function composeAnswer(
  job: Job<CheckJobData>,
  kept: ResultStore | undefined,
): Promise<Answer> {
  const { invocation, requests } = job.data;
  const children = await flowChildren(
    job,
    requests.map((_, i) => [QUEUES.probe, probeKey(invocation.id, i)] as const),
  );
  const results = requests.map((request, i): AnyProbeResult => {
    const key = probeKey(invocation.id, i);
    return (
      children.value<AnyProbeResult>(QUEUES.probe, key) ??
      failedResult(request, children.failure(QUEUES.probe, key) ?? 'no result was recorded')
    );
  });
  return answerOf(job.data, results, parentOf(job.data, children), kept);
}

/**
 * The answer to a command from its results in request order, threaded under `parent`; the
 * results are kept first under the command's reference, since the answer's Details button reads
 * them.
 */
export async function answerOf(
  { invocation, combine: combined }: Pick<CheckJobData, 'invocation' | 'combine'>,
  results: AnyProbeResult[],
  parent: ParentLink | undefined,
  kept: ResultStore | undefined,
): Promise<Answer> {
  const parentRef = typeof parent === 'string' ? parent : undefined;
  const report = combined ? combine(combined.title, results) : undefined;
  const verdictLine = summarise(results, report);
  if (kept && invocation.ref) {
    await kept.keep(invocation.ref, {
      invocation,
      results,
      ...(report ? { combined: report } : {}),
      ...(parentRef !== undefined ? { threadRef: parentRef } : {}),
    });
  }
  return {
    status: verdictLine.status,
    ...(parentRef !== undefined ? { parentRef } : {}),
    result: resultMessage(invocation, results, report, parent),
    ...(parent !== undefined ? { verdict: verdictMessage(invocation, parent, verdictLine) } : {}),
  };
}

/** The parent post's receipt: the reference the result is threaded under. */
export function parentOf(data: CheckJobData, children: FlowChildren): string | undefined {
  const posted = children.value<DeliveryReceipt>(
    QUEUES.notify,
    messageIds(data.invocation.id).parent,
  );
  return data.invocation.thread ?? posted?.ref;
}

export interface AnswerJobOptions {
  /** The notify worker's delivery of the messages this job makes (notify.ts). */
  deliver: Deliverer;
  /** Where results are kept for `details #W12` (commands without a reference are not kept). */
  results?: ResultStore;
}

/**
 * The `answer` job of the notify queue: the flow parent of a command answered in chat, which composes
 * the answer and delivers it in the same run, as the delivery job the check would have added.
 * Every run composes it again from the children's values (the same answer each time), and
 * `notify` dedupes what an earlier run delivered.
 */
export function createAnswerProcessor({ deliver, results: kept }: AnswerJobOptions) {
  return async (
    job: Job<CheckJobData, NotifyJobResult>,
    token?: string,
  ): Promise<NotifyJobResult> => {
    const answer = await composeAnswer(job, kept);
    return deliver(job, token, deliveryJob(answer.result, answer.verdict).data, true);
  };
}
