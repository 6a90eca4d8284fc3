/**
 * A queue's job counts by state and its connected workers, read on demand (the process's metrics
 * read them at scrape time).
 */
import { type ConnectionOptions, Queue } from 'bullmq';
import { regionQueue } from './names.js';

export interface JobCounts {
  readonly name: string;
  getJobCounts(): Promise<Record<string, number>>;
  /** Workers connected now (BullMQ lists them with CLIENT LIST). */
  getWorkersCount(): Promise<number>;
  close(): Promise<void>;
}

/**
 * A BullMQ queue's counts on a shared connection. A Queue whose set-up failed (Redis down at the
 * time) stays failed, so after an error the next scrape starts with a fresh one.
 */
export function jobCounts(
  name: string,
  opts: { connection: ConnectionOptions; prefix: string },
): JobCounts {
  let queue: Queue | undefined;
  const fresh = () => {
    // A reader: it leaves the queue's settings (its event stream's length) to those who write.
    const q = new Queue(name, {
      connection: opts.connection,
      prefix: opts.prefix,
      skipMetasUpdate: true,
    });
    // Reported by getJobCounts' rejection; unheard, an 'error' event would crash the process.
    q.on('error', () => {});
    return q;
  };
  const ask = async <T>(question: (q: Queue) => Promise<T>): Promise<T> => {
    queue ??= fresh();
    const current = queue;
    try {
      return await question(current);
    } catch (err) {
      if (queue === current) queue = undefined;
      current.close().catch(() => {});
      throw err;
    }
  };
  return {
    name,
    getJobCounts: () => ask((q) => q.getJobCounts()),
    getWorkersCount: () => ask((q) => q.getWorkersCount()),
    close: async () => {
      await queue?.close();
    },
  };
}

export interface RegionJobCounts {
  /** The counts of `probe@REGION` for every region `regions()` names now. */
  list(): Promise<JobCounts[]>;
  close(): Promise<void>;
}

/**
 * The regions' probe queues (`probe@north`), which come and go with their workers: the names are
 * read at each scrape (`regions`, from the heartbeats), a queue handle kept per region seen.
 */
export function regionJobCounts(
  regions: () => Promise<string[]>,
  opts: { connection: ConnectionOptions; prefix: string },
): RegionJobCounts {
  const byRegion = new Map<string, JobCounts>();
  return {
    async list() {
      const names = [...new Set(await regions())].sort();
      return names.map((region) => {
        let counts = byRegion.get(region);
        if (!counts) {
          counts = jobCounts(regionQueue(region), opts);
          byRegion.set(region, counts);
        }
        return counts;
      });
    },
    async close() {
      await Promise.all([...byRegion.values()].map((c) => c.close()));
    },
  };
}
