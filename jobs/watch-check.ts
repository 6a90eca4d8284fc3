/** The watch `check` job: one due watch checked (probe, incident logic, messages queued). */
import type { Job } from 'bullmq';
import type { AnyProbeResult } from '../src/probes/index.js';
import type { WatchCheckJobData } from '../src/queue/watch-jobs.js';
import type { WatchService } from '../src/watch/service.js';

/**
 * Keeps a watch's latest result (for /metrics and the status page), per region for a watch with
 * regions; never throws.
 */
export type RecordResult = (id: string, result: AnyProbeResult, region?: string) => Promise<void>;

export function createWatchCheckProcessor(service: WatchService, record?: RecordResult) {
  return async (job: Job<WatchCheckJobData>): Promise<{ outcome: 'checked' | 'gone' }> => {
    const { id } = job.data;
    return {
      outcome: await service.check(id, async (results) => {
        for (const { result, region } of results) await record?.(id, result, region);
      }),
    };
  };
}
