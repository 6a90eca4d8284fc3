/**
 * The `notify` job: deliver one OutboundMessage through its platform's adapter, at most once per
 * message id. Rate limits delay the job by exactly Retry-After without using up an attempt;
 * permanent refusals fail it without retries; anything else is retried with backoff. A message
 * that replies to or edits another by id (threadOf / updateOf) waits until that one is delivered
 * and takes its reference from the receipt. The notify queue's `answer` jobs (a command answered
 * in chat) compose their messages first (answer.ts), then deliver them here.
 */
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import {
  type ChatDelivery,
  type DeliveryReceipt,
  type Log,
  type OutboundMessage,
  PermanentDeliveryError,
  type Platform,
  RateLimitedError,
} from '../src/model/index.js';
import type { NotifyJobData, NotifyJobResult } from '../src/queue/job-data.js';
import type { SentMessages } from '../src/store/dedupe.js';

export interface NotifyJobOptions {
  deliveries: Partial<Record<Platform, ChatDelivery>>;
  sent: SentMessages;
  /** How long a reply or edit waits for its parent's delivery before looking again (default 2000). */
  parentWaitMs?: number;
  /** Each delivery is logged at info (the counterpart of the front end's "command queued"). */
  log?: Pick<Log, 'info'>;
  /**
   * A job with a follow-up counts each of its messages here as it goes (a job's own outcome is
   * one message's); jobs of one message are counted by the worker's job events.
   */
  onMessage?: (platform: Platform, outcome: DeliveryOutcome) => void;
  /**
   * The most times a job may start: the worker's maxStartedAttempts. A job at its last start is
   * not retried whatever attempts it has left, and one delayed from it is failed at its next start
   * without running, so each message's outcome is decided in this run: a rate limit or a missing
   * parent no longer waits, a transient error is a failure, and the follow-up still goes.
   */
  maxStarts?: number;
  now?: () => number;
}

/** Waits for a parent that is not delivered yet; past this many starts, delivers unthreaded. */
const PARENT_WAITS = 30;

/** What became of one message of a job, for wx_deliveries_total. */
export type DeliveryOutcome = 'delivered' | 'retried' | 'failed';

/**
 * Errors of a job with a follow-up whose messages were counted one by one (onMessage): the
 * worker's job-level count leaves them out.
 */
const counted = new WeakSet<Error>();
export function countedPerMessage(err: Error): boolean {
  return counted.has(err);
}

/** Delivers one message, at most once per id; false `fresh` when an earlier run did. */
type DeliverOne = (
  message: OutboundMessage,
) => Promise<{ receipt: DeliveryReceipt; fresh: boolean }>;

/**
 * The notify processor: delivers `data` as job `job`'s work, the notify job's own data or the
 * messages a command's answer job made in this run (answer.ts). `perMessage`: each message is
 * counted through onMessage even without a follow-up (the worker's job events skip that job).
 */
export type Deliverer = (
  job: Job<unknown, NotifyJobResult>,
  token: string | undefined,
  data: NotifyJobData,
  perMessage?: boolean,
) => Promise<NotifyJobResult>;

export function createDeliverer({
  deliveries,
  sent,
  parentWaitMs = 2000,
  log,
  onMessage,
  maxStarts,
  now = Date.now,
}: NotifyJobOptions): Deliverer {
  const send = createSender({ deliveries, sent, ...(log ? { log } : {}), now });
  return async (job, token, data, perMessage = false) => {
    // attemptsStarted counts this start too (moveToActive counts it before the job is handed over).
    const lastStart = maxStarts !== undefined && (job.attemptsStarted ?? 0) >= maxStarts;
    const deliverOne: DeliverOne = async (m) => {
      const earlier = await sent.get(m.id);
      if (earlier) return { receipt: earlier, fresh: false };
      const message = await resolveParent(m, job, token, lastStart);
      try {
        return { receipt: await send(message, job.id), fresh: true };
      } catch (err) {
        if (err instanceof RateLimitedError) {
          // No later start would run it: failed for good rather than delayed into nothing.
          if (lastStart) throw new UnrecoverableError(`${err.message} at the job's last start`);
          await job.moveToDelayed(Date.now() + err.retryAfterMs, token);
          throw new DelayedError();
        }
        if (err instanceof PermanentDeliveryError || err instanceof NoDeliveryError) {
          throw new UnrecoverableError(err.message);
        }
        throw err;
      }
    };

    const { followUp, ...first } = data;
    if (!followUp && !perMessage) return (await deliverOne(first)).receipt;
    return deliverWithFollowUp(job, first, followUp, deliverOne, lastStart, (outcome) =>
      onMessage?.(first.platform, outcome),
    );
  };

  /** threadRef / messageRef from the receipt of the message named by threadOf / updateOf. */
  async function resolveParent(
    m: OutboundMessage,
    job: Job<unknown, NotifyJobResult>,
    token: string | undefined,
    lastStart: boolean,
  ): Promise<OutboundMessage> {
    const message = { ...m };
    const parentId = message.threadOf ?? message.updateOf;
    if (parentId === undefined) return message;
    const parent = await sent.get(parentId);
    if (parent === null && !lastStart && (job.attemptsStarted ?? 0) < PARENT_WAITS) {
      await job.moveToDelayed(Date.now() + parentWaitMs, token);
      throw new DelayedError();
    }
    if (parent?.ref !== undefined) {
      if (message.threadOf !== undefined) message.threadRef = parent.ref;
      if (message.updateOf !== undefined) message.messageRef = parent.ref;
    } else if (message.threadOf !== undefined) {
      // No thread to reply in (the platform has none, or the parent never made it): say it
      // on its own rather than not at all. An edit goes on without a messageRef: the adapter
      // decides (Slack skips it).
      message.action = 'post';
    }
    return message;
  }
}

/** No adapter for the message's platform in this process. */
export class NoDeliveryError extends Error {}

/**
 * Delivers one message as it stands (its thread or message reference already resolved) and
 * records the receipt: the platform adapter's errors are the caller's to handle. `jobId`: the
 * job doing it, for the log line.
 */
export type Sender = (
  message: OutboundMessage,
  jobId: string | undefined,
) => Promise<DeliveryReceipt>;

export function createSender({
  deliveries,
  sent,
  log,
  now = Date.now,
}: Pick<NotifyJobOptions, 'deliveries' | 'sent' | 'log' | 'now'>): Sender {
  return async (message, jobId) => {
    const delivery = deliveries[message.platform];
    if (!delivery) throw new NoDeliveryError(`no chat delivery for ${message.platform}`);
    const receipt = await delivery.deliver(message);
    // Exactly-once has one gap left: a worker that dies after the platform accepted the
    // message and before this line records it will deliver it again when the job is
    // recovered. Closing it needs an idempotency key on the platform's side (Slack has none
    // for chat.postMessage); keeping nothing but this single write in between keeps the
    // window as small as it can be.
    await sent.record(message.id, receipt);
    log?.info(
      deliveredFields(message, jobId, now()),
      message.content.type === 'result' ? 'result delivered' : 'message delivered',
    );
    return receipt;
  };
}

/**
 * A message and the one that must follow it, if any (the result, then the parent edited to the
 * verdict), in one job: the follow-up goes once the first is delivered, or has failed for good.
 * A retried job finds what an earlier run delivered (sent) and goes on from there. Each message
 * is counted on its own (onMessage); the job's outcome is the first message's.
 */
async function deliverWithFollowUp(
  job: Job<unknown, NotifyJobResult>,
  first: OutboundMessage,
  followUp: OutboundMessage | undefined,
  deliverOne: DeliverOne,
  lastStart: boolean,
  count: (outcome: DeliveryOutcome) => void,
): Promise<NotifyJobResult> {
  // BullMQ retries a failed job only while it has attempts and starts left.
  const last = lastStart || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  const outcomeOf = (err: unknown): DeliveryOutcome | undefined =>
    err instanceof DelayedError
      ? undefined
      : err instanceof UnrecoverableError || last
        ? 'failed'
        : 'retried';
  const mark = (err: unknown) => {
    if (err instanceof Error) counted.add(err);
    return err;
  };
  let receipt: NotifyJobResult;
  try {
    const done = await deliverOne(first);
    if (done.fresh) count('delivered');
    receipt = done.receipt;
  } catch (err) {
    const outcome = outcomeOf(err);
    if (outcome === undefined) throw err;
    count(outcome);
    // Failed for good: the follow-up goes all the same (the verdict after a result that could
    // not be posted), then the job fails with the first message's reason.
    if (outcome === 'failed' && followUp) {
      await followUpOnce(followUp, deliverOne, count, outcomeOf, mark);
    }
    throw mark(err);
  }
  if (followUp) await followUpOnce(followUp, deliverOne, count, outcomeOf, mark);
  return receipt;
}

async function followUpOnce(
  followUp: OutboundMessage,
  deliverOne: DeliverOne,
  count: (outcome: DeliveryOutcome) => void,
  outcomeOf: (err: unknown) => DeliveryOutcome | undefined,
  mark: (err: unknown) => unknown,
): Promise<void> {
  try {
    const done = await deliverOne(followUp);
    if (done.fresh) count('delivered');
  } catch (err) {
    const outcome = outcomeOf(err);
    if (outcome === undefined) throw err;
    count(outcome);
    // Given up on: the first message stands; the job ends as its delivery did.
    if (outcome === 'failed') return;
    throw mark(err);
  }
}

/**
 * What a delivery log line says: which command or incident (invocation id, `ref`), the job, the
 * kind of destination (never its address) and how long after the command was received.
 */
export function deliveredFields(
  message: OutboundMessage,
  jobId: string | undefined,
  nowMs: number,
): Record<string, unknown> {
  const c = message.content;
  const invocation = 'invocation' in c ? c.invocation : undefined;
  const ref = invocation?.ref ?? (c.type === 'incident' ? c.ref : undefined);
  const receivedMs = invocation ? Date.parse(invocation.receivedAt) : Number.NaN;
  return {
    ...(invocation || message.invocationId
      ? { invocation: invocation?.id ?? message.invocationId }
      : {}),
    ...(ref ? { ref } : {}),
    job: jobId,
    message: message.id,
    content: c.type,
    action: message.action,
    destination: destinationKind(message),
    ...(Number.isNaN(receivedMs) ? {} : { sinceReceivedMs: Math.max(0, nowMs - receivedMs) }),
  };
}

/** `slack`, `slack-ephemeral`, `wecom-user`, `wecom-chat`, `wecom-robot`, `wecom-aibot`… */
function destinationKind(m: OutboundMessage): string {
  if (m.platform === 'slack') return m.action === 'ephemeral' ? 'slack-ephemeral' : 'slack';
  return `wecom-${m.conversation.split(':')[0]}`;
}

/** Exponential backoff for the `delivery` type: "equal jitter" (half fixed, half random), capped. */
export function deliveryBackoff(baseMs: number, capMs = 5 * 60_000) {
  return (attemptsMade: number): number => {
    const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  };
}
