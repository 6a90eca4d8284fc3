/** The watches file of a worker process: loaded into Redis at start-up, reloaded on every change. */
import type { Config } from '../config/index.js';
import { readWatchesFile } from '../watch/file.js';
import { syncWatchesFile } from '../watch/file-sync.js';
import type { WatchService, WatchSpec } from '../watch/service.js';
import type { Logger } from './log.js';
import type { Closers } from './shutdown.js';

/** The file's watches into Redis now (none configured removes file watches), then on every change. */
export function startWatchesFile(
  config: Config,
  specs: WatchSpec[],
  watches: WatchService,
  log: Logger,
  closers: Closers,
): void {
  const { file } = config.watches;
  const apply = (list: typeof specs) =>
    watches.syncFile(list).then((r) => {
      log.info({ file, watches: list.length, ...r }, 'watches loaded');
      return r;
    });
  apply(specs).catch((err: Error) => log.error({ err: err.message, file }, 'watches not loaded'));
  if (!file) return;
  const sync = syncWatchesFile({
    path: file,
    load: () => readWatchesFile(file, process.env, config.lang),
    apply,
    onReload: (r) => {
      if (!r.ok)
        log.warn(
          { file, error: r.error },
          'watches file not reloaded: keeping the watches loaded before',
        );
    },
  });
  closers.add('watches file', async () => sync.close());
}
