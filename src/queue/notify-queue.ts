/**
 * The `notify` queue, for adding delivery jobs. A Queue writes its events stream's length into the
 * queue's meta when it opens, so every opener must agree on it: they all open it here.
 */
import { Queue } from 'bullmq';
import type { RedisClient } from '../model/index.js';
import type { NotifyJobData } from './job-data.js';
import { QUEUES } from './names.js';
import { EVENTS_KEPT } from './watch-jobs.js';

export function openNotifyQueue(connection: RedisClient, prefix: string): Queue<NotifyJobData> {
  return new Queue<NotifyJobData>(QUEUES.notify, {
    connection,
    prefix,
    streams: { events: { maxLen: EVENTS_KEPT } },
  });
}
