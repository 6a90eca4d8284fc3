/**
 * A queue's job counts by state and its connected workers, read on demand (the process's metrics
 * read them at scrape time).
 */
import { type ConnectionOptions, Queue } from 'bullmq';

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
