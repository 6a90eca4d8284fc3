/**
 * The `command` job: a command answered in chat outside regions, whole in one job. It posts the
 * parent ("running…"), runs the command's requests side by side, keeps the results, then replies
 * with the result in the parent's thread and edits the parent to the verdict.
 *
 * Why one job: every BullMQ job costs Redis some fifty commands; the flow it replaces (a probe job
 * per request, a job for the parent post, the answer job as their parent) cost 230 per `/wx cert`
 * (issue 16). What the flow gave, this keeps: each message goes out at most once (`sent`), and a
 * message that cannot go now (rate limit, platform error, an adapter missing here) is handed to
 * the notify queue, which retries it with its backoff; a slow chat platform holds this job for at
 * most one attempt per message. A message the platform refuses for good is not retried, as in the
 * notify queue: a refused parent leaves the result unthreaded, and a refused result still gets
 * its verdict.
 */
import { type Job, type Queue, UnrecoverableError } from 'bullmq';
import {
  type DeliveryReceipt,
  type Log,
  type OutboundMessage,
  PermanentDeliveryError,
  type Platform,
  RateLimitedError,
} from '../src/model/index.js';
import { type AnyProbeResult, failedResult, type ProbeRequest } from '../src/probes/index.js';
import { scrubText } from '../src/probes/wechat/scrub.js';
import { addDelivery } from '../src/queue/command-flow.js';
import type { CommandJobData, CommandJobResult, NotifyJobData } from '../src/queue/job-data.js';
import { type ParentLink, pendingMessage } from '../src/queue/messages.js';
import type { Slots } from '../src/queue/slots.js';
import type { SentMessages } from '../src/store/dedupe.js';
import type { ResultStore } from '../src/store/results.js';
import { answerOf } from './answer.js';
import { type DeliveryOutcome, NoDeliveryError, type Sender } from './notify.js';
import { type ProbeRunner, probeTimeoutMs } from './probe.js';

export interface CommandJobOptions {
  /** Runs one request (probe.ts), holding no slot: the job holds one for all its requests. */
  probe: ProbeRunner;
  /** WX_PROBE_TIMEOUT_MS, as for probe jobs. */
  maxTimeoutMs?: number;
  slots?: Pick<Slots, 'hold'>;
  /** Delivers and records one message (notify.ts). */
  send: Sender;
  sent: SentMessages;
  /** Where a message that could not go now is handed over. */
  notify: Pick<Queue<NotifyJobData>, 'add'>;
  /** Where results are kept for `details #W12` (commands without a reference are not kept). */
  results?: ResultStore;
  /** Each message delivered here (the notify queue counts those handed to it). */
  onMessage?: (platform: Platform, outcome: DeliveryOutcome) => void;
  log?: Pick<Log, 'info'>;
}

/** A message sent now, refused for good, or to be retried by the notify queue. */
type Sent = { receipt: DeliveryReceipt } | 'refused' | 'later';

export function createCommandProcessor(opts: CommandJobOptions) {
  return async (
    job: Job<CommandJobData, CommandJobResult>,
    _token?: string,
    signal?: AbortSignal,
  ): Promise<CommandJobResult> => {
    const { invocation, requests, run } = job.data ?? {};
    if (!invocation?.id || !Array.isArray(requests) || typeof run?.timeoutMs !== 'number') {
      throw new UnrecoverableError('malformed command job');
    }
    // Only a job started before (a retry, a stalled worker's job) can find its messages sent.
    const rerun = (job.attemptsStarted ?? 0) > 1;
    // A rate limit's Retry-After, when one was met: what is handed over waits it out.
    let notBefore = 0;
    const sendNow = async (m: OutboundMessage): Promise<Sent> => {
      const earlier = rerun ? await opts.sent.get(m.id) : null;
      if (earlier) return { receipt: earlier };
      try {
        const receipt = await opts.send(m, job.id);
        opts.onMessage?.(m.platform, 'delivered');
        return { receipt };
      } catch (err) {
        const refused = err instanceof PermanentDeliveryError || err instanceof NoDeliveryError;
        // A rate limit is waited out, not counted (as the notify queue does).
        if (err instanceof RateLimitedError) notBefore = Date.now() + err.retryAfterMs;
        else opts.onMessage?.(m.platform, refused ? 'failed' : 'retried');
        opts.log?.info(
          { job: job.id, message: m.id, err: scrubText((err as Error)?.message ?? String(err)) },
          refused ? 'delivery refused' : 'delivery handed to the notify queue',
        );
        return refused ? 'refused' : 'later';
      }
    };
    const handOver = (m: OutboundMessage, followUp?: OutboundMessage) =>
      addDelivery(opts.notify, m, followUp, Math.max(0, notBefore - Date.now()));

    // Refused for good, the parent is no thread to reply in: the result goes on its own.
    let parent: ParentLink | undefined = invocation.thread;
    if (parent === undefined) {
      const pending = pendingMessage(invocation);
      const posted = await sendNow(pending);
      if (posted === 'later') {
        await handOver(pending);
        parent = { awaiting: pending.id };
      } else if (posted !== 'refused') parent = posted.receipt.ref;
    }

    const release = opts.slots?.hold(Date.now() + probeTimeoutMs(run, opts.maxTimeoutMs));
    let results: AnyProbeResult[];
    try {
      results = await Promise.all(requests.map((request) => probe(request)));
    } finally {
      release?.();
    }

    // The parent handed over may have been delivered while the probes ran.
    if (typeof parent === 'object') {
      const posted = await opts.sent.get(parent.awaiting);
      if (posted) parent = posted.ref;
    }
    const answer = await answerOf(job.data, results, parent, opts.results);
    const done: CommandJobResult = {
      status: answer.status,
      ...(answer.parentRef !== undefined ? { parentRef: answer.parentRef } : {}),
    };
    // Still queued, the parent is the notify queue's to wait for: the answer follows it there.
    const replied = typeof parent === 'object' ? 'later' : await sendNow(answer.result);
    if (replied === 'later') {
      await handOver(answer.result, answer.verdict);
      return done;
    }
    // The verdict follows the result, or its refusal: the parent must not say "running…" forever.
    if (answer.verdict && (await sendNow(answer.verdict)) === 'later') {
      await handOver(answer.verdict);
    }
    return done;

    async function probe(request: ProbeRequest): Promise<AnyProbeResult> {
      try {
        return await opts.probe({ request, run }, signal);
      } catch (err) {
        // Stopped past its deadline (Overdue): the answer says so, as a PROBE_ERROR.
        return failedResult(request, scrubText((err as Error)?.message ?? String(err)));
      }
    }
  };
}
