/**
 * Keeps Redis in step with the watches file: applied at start-up and again whenever the file
 * changes (fs.watch on its directory, since editors and ConfigMaps replace files by rename;
 * debounced). A bad edit keeps the watches that were loaded and logs why.
 */
import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface FileSyncOptions {
  path: string;
  /**
   * Reads, validates and applies the file, resolving with its count of watches; rejects with why
   * not (a ConfigError for a file that is not valid), leaving the watches loaded before.
   */
  reload(): Promise<number>;
  onReload?(outcome: { ok: true; count: number } | { ok: false; error: string }): void;
  debounceMs?: number;
}

export interface FileSync {
  /** Resolves once the reload in progress (if any) is done. */
  settled(): Promise<void>;
  close(): void;
}

export function syncWatchesFile(opts: FileSyncOptions): FileSync {
  const name = basename(opts.path);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const reload = () => {
    running = running.then(async () => {
      try {
        opts.onReload?.({ ok: true, count: await opts.reload() });
      } catch (err) {
        opts.onReload?.({ ok: false, error: (err as Error).message });
      }
    });
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(opts.path), (_event, file) => {
      // Kubernetes ConfigMaps swap a `..data` symlink: any change in the directory may be ours.
      if (file !== null && file !== name && !file.startsWith('..')) return;
      clearTimeout(timer);
      timer = setTimeout(reload, opts.debounceMs ?? 500);
    });
    watcher.on('error', (err) => opts.onReload?.({ ok: false, error: err.message }));
  } catch (err) {
    opts.onReload?.({ ok: false, error: `cannot watch ${opts.path}: ${(err as Error).message}` });
  }
  return {
    settled: () => running,
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
