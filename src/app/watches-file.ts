/** The watches file of a worker process: loaded into Redis at start-up, reloaded on every change. */
import type { Config } from '../config/index.js';
import type { RedisTarget } from '../queue/connection.js';
import { loadWatchesFileApart } from '../watch/file-apart.js';
import { syncWatchesFile } from '../watch/file-sync.js';
import type { WatchService, WatchSpec } from '../watch/service.js';
import type { Logger } from './log.js';
import type { Closers } from './shutdown.js';

export interface WatchesFileOptions {
  config: Config;
  /** Watches given in code (tests) instead of the configured file's. */
  specs?: WatchSpec[];
  watches: WatchService;
  /** The worker's Redis, for the loader's own connection. */
  redis: RedisTarget;
  log: Logger;
  closers: Closers;
}

/**
 * The file's watches into Redis now (none configured removes file watches), then on every change.
 * Resolves once the file is read and valid; rejects with its ConfigError, which stops start-up.
 * The load itself, and every reload, run on a thread of their own (watch/file-apart.ts).
 */
export async function startWatchesFile(opts: WatchesFileOptions): Promise<void> {
  const { config, watches, log, closers } = opts;
  const { file } = config.watches;
  if (opts.specs || !file) {
    const specs = opts.specs ?? [];
    watches.syncFile(specs).then(
      (r) => log.info({ file, watches: specs.length, ...r }, 'watches loaded'),
      (err: Error) => log.error({ err: err.message, file }, 'watches not loaded'),
    );
    return;
  }
  let current: ReturnType<typeof loadWatchesFileApart> | undefined;
  let sync: ReturnType<typeof syncWatchesFile> | undefined;
  const loadApart = () => {
    current = loadWatchesFileApart({
      path: file,
      lang: config.lang,
      redis: opts.redis,
      prefix: config.queuePrefix,
    });
    return current;
  };
  // A load still waiting for Redis at shutdown is given up: the next start loads the file again.
  closers.add('watches file', async () => {
    sync?.close();
    await current?.stop();
  });
  const logged = async (loading: ReturnType<typeof loadApart>) => {
    const [count, r] = await Promise.all([loading.read, loading.loaded]);
    log.info({ file, watches: count, ...r }, 'watches loaded');
    return count;
  };
  const first = loadApart();
  logged(first).catch(
    (err: Error) =>
      err.name !== 'ConfigError' && log.error({ err: err.message, file }, 'watches not loaded'),
  );
  await first.read;
  sync = syncWatchesFile({
    path: file,
    reload: () => logged(loadApart()),
    onReload: (r) => {
      if (!r.ok)
        log.warn(
          { file, error: r.error },
          'watches file not reloaded: keeping the watches loaded before',
        );
    },
  });
}
