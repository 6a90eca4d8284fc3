/**
 * A worker's heartbeat: says in Redis, now and every BEAT_EVERY_MS, that this process serves its
 * region (what `--from` and `/wx regions` go by). A beat that fails is logged once per run of
 * failures; the next one tries again.
 */
import { hostname } from 'node:os';
import { version } from '../config/version.js';
import type { RedisClient } from '../model/index.js';
import { BEAT_EVERY_MS, createWorkerBeats } from '../store/worker-beats.js';
import type { Logger } from './log.js';

export interface Heartbeat {
  stop(): void;
}

export function startHeartbeat(
  redis: RedisClient,
  opts: { prefix: string; region: string; log: Logger; everyMs?: number },
): Heartbeat {
  const beats = createWorkerBeats(redis, { prefix: opts.prefix });
  let failing = false;
  const beat = () => {
    beats
      .beat({
        region: opts.region,
        host: hostname(),
        pid: process.pid,
        version,
        lastSeen: Date.now(),
      })
      .then(
        () => {
          failing = false;
        },
        (err: Error) => {
          if (!failing)
            opts.log.warn({ err: err.message, region: opts.region }, 'heartbeat failed');
          failing = true;
        },
      );
  };
  beat();
  const timer = setInterval(beat, opts.everyMs ?? BEAT_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
