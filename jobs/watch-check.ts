/** The watch `check` job: one due watch checked (probe, incident logic, messages queued). */
import type { Job } from 'bullmq';
import type { AnyProbeResult } from '../src/probes/index.js';
import type { WatchCheckJobData } from '../src/queue/watch-jobs.js';
import type { WatchService } from '../src/watch/service.js';

/** Keeps a watch's latest result (for /metrics and the status page); never throws. */
export type RecordResult = (id: string, result: AnyProbeResult) => Promise<void>;

export function createWatchCheckProcessor(service: WatchService, record?: RecordResult) {
  return async (job: Job<WatchCheckJobData>): Promise<{ outcome: 'checked' | 'gone' }> => {
    const { id } = job.data;
    return { outcome: await service.check(id, async (result) => record?.(id, result)) };
  };
}
