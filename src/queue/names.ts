/**
 * Queue names, job ids and message ids. Every id derives from the invocation id, so a retried or
 * re-added job finds the job (and the delivery record) of its first run instead of making a new one.
 */

/** Default Redis key prefix. For Redis Cluster use a hash tag (`{wx}`) so a flow's keys share a slot. */
export const DEFAULT_PREFIX = 'wx';

export const QUEUES = {
  /** One probe request → one result; a command answered in chat outside regions, whole. */
  probe: 'probe',
  /**
   * The flow parent that assembles the results of a command run in regions or from the terminal
   * (`--from`), and hands them to `notify` (a command answered in chat has none: see COMMAND).
   */
  check: 'check',
  /** Delivery of one OutboundMessage to a chat platform. */
  notify: 'notify',
  /** Certificate watches: the sweep scheduler, one check per due watch, `/wx watch` commands. */
  watch: 'watch',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * The probe queue of one region (`probe@north`): only that region's workers take from it, so a
 * `--from north` probe runs there. Unrouted probes stay on `probe`, which every worker takes.
 */
export function regionQueue(region: string): string {
  return `${QUEUES.probe}@${region}`;
}

/** The job name of the delayed job that stops a regional check from waiting on a silent region. */
export const REGION_DEADLINE = 'regions-deadline';

/**
 * The job name of a command answered in chat outside regions: one job on the probe queue that
 * posts, probes and answers (jobs/command.ts).
 */
export const COMMAND = 'command';

/**
 * The job name of a command's delivery job as its flow's parent, which composed the answer from
 * its probe children: what bots before the one-job command queued. Workers still run those.
 */
export const ANSWER = 'answer';

/** The messages of one invocation: ids double as dedupe keys (`sent:<id>`). */
export function messageIds(invocationId: string) {
  return {
    parent: `${invocationId}:parent`,
    result: `${invocationId}:result`,
    verdict: `${invocationId}:verdict`,
    /** `details #W12`: the stored result in full, or why there is none. */
    details: `${invocationId}:details`,
  };
}

export function checkKey(invocationId: string): string {
  return `${invocationId}:check`;
}

export function commandKey(invocationId: string): string {
  return `${invocationId}:command`;
}

export function probeKey(invocationId: string, index: number): string {
  return `${invocationId}:probe:${index}`;
}

/** A regional command's probe `index`, run in `region`. */
export function regionProbeKey(invocationId: string, index: number, region: string): string {
  return `${invocationId}:probe:${index}@${region}`;
}

export function regionDeadlineKey(invocationId: string): string {
  return `${invocationId}:regions-deadline`;
}

/**
 * A BullMQ job id for a logical key. BullMQ refuses custom ids that contain `:` (it reserves them
 * for repeatable jobs), so `:` and the escape character itself are percent-encoded: the mapping
 * stays one-to-one and readable.
 */
export function jobId(key: string): string {
  return key.replaceAll('%', '%25').replaceAll(':', '%3A');
}
