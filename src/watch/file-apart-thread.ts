/** The thread of loadWatchesFileApart (file-apart.ts): read, validate, write, post the outcome. */
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError } from '../config/error.js';
import { createQueueConnection, quit } from '../queue/connection.js';
import { readWatchesFile } from './file.js';
import type { ApartLoad, ApartMessage } from './file-apart.js';
import { loadFileWatches } from './file-load.js';
import { watchRefs } from './refs.js';
import { createWatchStore } from './store.js';

const { path, lang, redis, prefix } = workerData as ApartLoad;

const post = (m: ApartMessage) => parentPort?.postMessage(m);

async function run(): Promise<void> {
  let specs: ReturnType<typeof readWatchesFile>;
  try {
    specs = readWatchesFile(path, process.env, lang);
  } catch (err) {
    if (err instanceof ConfigError) {
      post({ step: 'failed', message: err.message, problems: err.problems });
      return;
    }
    throw err;
  }
  post({ step: 'read', count: specs.length });
  // Waits out a Redis outage, as the worker's own connection does.
  const connection = createQueueConnection(redis, 'worker');
  try {
    const loaded = await loadFileWatches(
      {
        store: createWatchStore(connection, { prefix }),
        refs: watchRefs(connection, { prefix }),
        now: Date.now,
      },
      specs,
    );
    post({ step: 'loaded', ...loaded });
  } finally {
    await quit(connection);
  }
}

run().catch((err: Error) => post({ step: 'failed', message: err?.message ?? String(err) }));
