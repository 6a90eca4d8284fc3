/**
 * The watches file read, validated and written to Redis on a thread of its own, which ends when
 * it is done. Why: a large file's load allocates far more than it keeps (20,000 watches: some
 * 150 MB through the parser, the validation and the Redis client), and V8 sizes the heap after
 * what it saw; loaded on the worker's own heap, that heap then stays about twice the size a sweep
 * needs for as long as the process runs. A thread's heap goes with the thread.
 */
import { Worker } from 'node:worker_threads';
import { ConfigError } from '../config/error.js';
import type { Lang } from '../model/index.js';
import type { RedisTarget } from '../queue/connection.js';

export interface ApartLoad {
  path: string;
  lang: Lang | null;
  /** Where the watches go: the worker's Redis (credentials stay in this process's memory). */
  redis: RedisTarget;
  prefix: string;
}

export interface ApartLoaded {
  added: number;
  removed: number;
}

/** What the thread posts: the file read and valid (or not), then the load's end. */
export type ApartMessage =
  | { step: 'read'; count: number }
  | { step: 'loaded'; added: number; removed: number }
  | { step: 'failed'; message: string; problems?: readonly string[] };

export interface ApartLoading {
  /** The watches in the file, once read and valid; the file's ConfigError if it is not. */
  read: Promise<number>;
  /** Once they are in Redis; the load's error otherwise (the file's too, when it is bad). */
  loaded: Promise<ApartLoaded>;
  /** Ends the thread, its load unfinished if it was (shutdown). */
  stop(): Promise<void>;
}

export function loadWatchesFileApart(load: ApartLoad): ApartLoading {
  const thread = new Worker(new URL('./file-apart-thread.js', import.meta.url), {
    workerData: load,
  });
  let onRead: (count: number) => void = () => {};
  const read = new Promise<number>((resolve) => {
    onRead = resolve;
  });
  const loaded = new Promise<ApartLoaded>((resolve, reject) => {
    thread.on('message', (m: ApartMessage) => {
      if (m.step === 'read') onRead(m.count);
      else if (m.step === 'loaded') resolve({ added: m.added, removed: m.removed });
      else reject(m.problems ? new ConfigError(m.problems) : new Error(m.message));
    });
    thread.once('error', reject);
    thread.once('exit', (code) => reject(new Error(`the watches file loader exited (${code})`)));
  });
  // A failure before the file was read is the read's failure too.
  const settled = loaded.finally(() => {
    thread.terminate().catch(() => {});
  });
  settled.catch(() => {});
  return {
    read: Promise.race([read, settled.then(() => read)]),
    loaded: settled,
    stop: async () => {
      await thread.terminate();
    },
  };
}
