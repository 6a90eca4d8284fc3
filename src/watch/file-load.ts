/**
 * The watches file into Redis, in batches: per batch one round trip claims the references (kept,
 * or assigned atomically so two workers loading at once agree), one keeps their targets current
 * and one writes the watches. Removals of file watches no longer in the file go in one round trip.
 */
import type { RefTarget, ShortRefs } from '../store/short-refs.js';
import { recheckText } from './refs.js';
import { firstCheckAt } from './schedule.js';
import type { WatchStore } from './store.js';
import type { Watch, WatchSpecOf } from './types.js';

/** Watches written per round trip. */
const BATCH = 500;

export interface FileLoadDeps {
  store: WatchStore;
  refs: ShortRefs;
  now(): number;
}

/** What a watch's reference re-runs, and where it resolves (where the watch's messages go). */
export function refTarget(spec: WatchSpecOf<Watch>): RefTarget {
  return {
    text: recheckText(spec.id),
    places: spec.to.map(({ platform, workspace, conversation }) => ({
      platform,
      workspace,
      conversation,
    })),
  };
}

/**
 * The file is authoritative for the hosts it names: its watches replace chat-added ones of the
 * same id, and file watches no longer in it are removed. New ones are first checked within a
 * minute (spread, so a large file does not fire at once).
 */
export async function loadFileWatches(
  deps: FileLoadDeps,
  specs: Array<WatchSpecOf<Watch>>,
): Promise<{ added: number; removed: number }> {
  const wanted = new Map(specs.map((s) => [s.id, s]));
  const known = new Map<string, string>();
  const gone: string[] = [];
  for (const { watch } of await deps.store.all()) {
    if (watch.ref) known.set(watch.id, watch.ref);
    if (watch.source === 'file' && !wanted.has(watch.id)) gone.push(watch.id);
  }
  const removed = await deps.store.removeMany(gone);
  const now = deps.now();
  const list = [...wanted.values()];
  let added = 0;
  for (let i = 0; i < list.length; i += BATCH) {
    const batch = list.slice(i, i + BATCH);
    const refs = await deps.refs.claim(
      batch.map((spec) => {
        const ref = known.get(spec.id);
        return {
          holder: deps.store.refHolder(spec.id),
          target: refTarget(spec),
          ...(ref ? { known: ref } : {}),
        };
      }),
    );
    const created = await deps.store.putMany(
      batch.map((spec, n) => ({
        watch: { ...spec, ref: refs[n] } as Watch,
        firstAt: firstCheckAt(spec.id, now),
      })),
    );
    added += created.filter(Boolean).length;
  }
  return { added, removed };
}
