/** The watch `check` job: one due watch checked (probe, incident logic, messages queued). */
import type { Job } from 'bullmq';
import type { WatchCheckJobData } from '../src/queue/watch-jobs.js';
import type { WatchService } from '../src/watch/service.js';

export function createWatchCheckProcessor(service: WatchService) {
  return async (job: Job<WatchCheckJobData>): Promise<{ outcome: 'checked' | 'gone' }> => {
    return { outcome: await service.check(job.data.id) };
  };
}
