/**
 * The queues the watch feature writes to: `notify` for its messages, `watch` for checks to run
 * soon and for the sweep's job scheduler (a BullMQ scheduler, not a timer).
 */
import { Queue } from 'bullmq';
import type { OutboundMessage, RedisClient } from '../model/index.js';
import { notifyJobFor } from './job-options.js';
import { QUEUES } from './names.js';
import { openNotifyQueue } from './notify-queue.js';
import {
  CHECK_PRIORITY,
  SWEEP_SCHEDULER,
  WATCH_EVENTS_KEPT,
  WATCH_JOBS,
  type WatchCheckJobData,
  watchCheckJobOptions,
} from './watch-jobs.js';

export interface WatchQueues {
  /** The `watch` queue, where the sweep adds the checks that are due. */
  watch: Queue;
  /** Queues notify jobs (deterministic ids: queuing twice is harmless). */
  enqueue(messages: OutboundMessage[]): Promise<void>;
  /** Queues an immediate check of a watch. */
  checkSoon(id: string, at: number): Promise<void>;
  /** Every worker process upserts the same scheduler: one sweep per interval, whoever runs it. */
  scheduleSweep(everyMs: number): Promise<void>;
  close(): Promise<void>;
}

export function openWatchQueues(
  connection: RedisClient,
  prefix: string,
  onError: (err: Error) => void,
): WatchQueues {
  const watch = new Queue(QUEUES.watch, {
    connection,
    prefix,
    streams: { events: { maxLen: WATCH_EVENTS_KEPT } },
  });
  const notify = openNotifyQueue(connection, prefix);
  for (const q of [watch, notify]) q.on('error', onError);
  return {
    watch,
    async enqueue(messages) {
      if (messages.length === 0) return;
      await notify.addBulk(messages.map(notifyJobFor));
    },
    async checkSoon(id, at) {
      const data: WatchCheckJobData = { id, dueAt: at };
      await watch.add(WATCH_JOBS.check, data, watchCheckJobOptions(data, CHECK_PRIORITY.soon));
    },
    async scheduleSweep(everyMs) {
      await watch.upsertJobScheduler(
        SWEEP_SCHEDULER,
        { every: everyMs },
        { name: WATCH_JOBS.sweep, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
      );
    },
    async close() {
      await Promise.all([watch.close(), notify.close()]);
    },
  };
}
