/**
 * Loading a watches file of 20,000 watches into a spawned redis-server: one watch at a time as
 * before (a reference then a write per watch, two round trips each) against the batched load
 * (three round trips per 500 watches), first load and reload. `--watches N` to change the size;
 * `--json` adds the figures as one JSON line.
 */
import { parseArgs } from 'node:util';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import { loadFileWatches, refTarget } from '../src/watch/file-load.js';
import { watchRefs } from '../src/watch/refs.js';
import { firstCheckAt } from '../src/watch/schedule.js';
import type { WatchSpec } from '../src/watch/service.js';
import { createWatchStore } from '../src/watch/store.js';
import type { Watch } from '../src/watch/types.js';
import { startRedis } from '../test/fixtures/redis.js';
import { emitJson, JSON_FLAG } from './json-out.js';

const { values } = parseArgs({
  options: { watches: { type: 'string', default: '20000' }, ...JSON_FLAG },
});
const count = Number(values.watches);

function specs(): WatchSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `host${i}.example:443`,
    host: `host${i}.example`,
    port: 443,
    days: [30, 14, 7],
    source: 'file' as const,
    to: [{ platform: 'slack' as const, workspace: '', conversation: 'C0BENCH' }],
  })) as WatchSpec[];
}

async function main() {
  const redis = await startRedis();
  const conn = createQueueConnection(redis.url, 'worker');
  const list = specs();
  const deps = (prefix: string) => ({
    store: createWatchStore(conn, { prefix }),
    refs: watchRefs(conn, { prefix }),
    now: Date.now,
  });
  const time = async (fn: () => Promise<unknown>) => {
    const start = performance.now();
    await fn();
    return performance.now() - start;
  };
  try {
    const old = deps('{bench-old}');
    const oneAtATime = await time(async () => {
      await old.store.all();
      const now = Date.now();
      for (const spec of list) {
        const ref = await old.refs.assign(refTarget(spec));
        await old.store.put({ ...spec, ref } as Watch, firstCheckAt(spec.id, now));
      }
    });
    const batched = deps('{bench-new}');
    const first = await time(() => loadFileWatches(batched, list));
    const reload = await time(() => loadFileWatches(batched, list));
    const row = (name: string, ms: number) =>
      console.log(
        `${name.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${((ms * 1000) / count).toFixed(0).padStart(5)} µs/watch`,
      );
    console.log(`watches file load, ${count} watches (goal: batched, linear)`);
    row('one watch at a time (before)', oneAtATime);
    row('batched, first load', first);
    row('batched, reload', reload);
    console.log(`speed-up of the first load: ${(oneAtATime / first).toFixed(1)}×`);
    emitJson(values.json, {
      watches: count,
      oneAtATimeMs: oneAtATime,
      firstMs: first,
      reloadMs: reload,
    });
  } finally {
    await quit(conn);
    await redis.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
