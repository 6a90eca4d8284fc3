/**
 * The watch worker's concurrency follows the work: the controller (pure) with fake samples, the
 * sweep's pace (what can start before the next tick), and the wiring on a target it adjusts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adaptConcurrency } from '../src/app/adaptive-concurrency.js';
import {
  type ConcurrencyLimits,
  type LoadSample,
  nextConcurrency,
  Pace,
  startableIn,
} from '../src/queue/concurrency.js';

const limits: ConcurrencyLimits = { max: 512 };
const easy = (peakInFlight: number): LoadSample => ({ lagP99Ms: 5, cpu: 0.2, peakInFlight });

/** Runs the controller over samples made from the current concurrency; the values it took. */
function run(start: number, samples: number, sample: (c: number) => LoadSample, l = limits) {
  const seen = [start];
  let c = start;
  for (let i = 0; i < samples; i++) {
    c = nextConcurrency(c, sample(c), l);
    seen.push(c);
  }
  return seen;
}

test('network-bound checks filling every slot: it grows to the maximum in a few samples, never past it', () => {
  const seen = run(64, 15, (c) => easy(c));
  assert.ok(
    seen.every((c, i) => i === 0 || c >= (seen[i - 1] as number)),
    `never down: ${seen}`,
  );
  assert.equal(seen.at(-1), 512);
  assert.ok(seen.indexOf(512) <= 10, `512 within 10 samples: ${seen}`);
});

test('slots not all taken (no more work waiting): it stays where it is', () => {
  assert.deepEqual(
    run(64, 5, () => easy(20)),
    [64, 64, 64, 64, 64, 64],
  );
});

test('the event loop lagging: it shrinks, down to the floor and no lower', () => {
  const seen = run(512, 20, (c) => ({ lagP99Ms: 330, cpu: 0.5, peakInFlight: c }));
  assert.ok(seen[1] !== undefined && seen[1] < 512);
  assert.equal(seen.at(-1), 16);
  assert.ok(seen.every((c) => c >= 16));
});

test('the CPU saturated: it shrinks even with a quiet event loop', () => {
  assert.ok(nextConcurrency(256, { lagP99Ms: 5, cpu: 0.97, peakInFlight: 256 }, limits) < 256);
});

test('between the low and high marks: it holds (no oscillation around a mark)', () => {
  assert.equal(nextConcurrency(200, { lagP99Ms: 60, cpu: 0.5, peakInFlight: 200 }, limits), 200);
  assert.equal(nextConcurrency(200, { lagP99Ms: 5, cpu: 0.8, peakInFlight: 200 }, limits), 200);
});

test('a maximum below the floor is both; a small one still grows by at least one', () => {
  assert.deepEqual(
    run(8, 3, (c) => easy(c), { max: 8 }),
    [8, 8, 8, 8],
  );
  assert.deepEqual(
    run(8, 3, (c) => ({ ...easy(c), lagP99Ms: 500 }), { max: 8 }),
    [8, 8, 8, 8],
  );
  assert.deepEqual(
    run(2, 3, (c) => easy(c), { max: 10, floor: 2 }),
    [2, 3, 4, 5],
  );
});

test('the sweep queues what the slots start before the next tick at the measured pace', () => {
  const pace = new Pace(1000);
  for (let i = 0; i < 200; i++) pace.observe(250);
  assert.ok(Math.abs(pace.meanMs() - 250) < 1, `${pace.meanMs()}`);
  // 64 slots, 30 s, 250 ms a check: 7,680 can start, and half again while it grows.
  assert.equal(startableIn(30_000, 64, pace.meanMs(), 1), 7680);
  assert.equal(startableIn(30_000, 64, 250), 11_520);
  pace.observe(Number.NaN);
  assert.ok(Number.isFinite(pace.meanMs()));
});

test('wired to a worker: a full worker with an idle process grows, and stop() ends the sampling', async (t) => {
  const target = { concurrency: 4 };
  // Marks no shared test machine can cross: only saturation decides.
  const calm = { max: 64, floor: 1, lagHighMs: 1e9, lagLowMs: 1e9, cpuHigh: 1e9, cpuLow: 1e9 };
  let grew = () => {};
  const grown = new Promise<void>((r) => {
    grew = r;
  });
  const adaptive = adaptConcurrency([target], calm, { everyMs: 10, onChange: () => grew() });
  // The sampling timer is unref'd (it never holds a worker process open): hold this one meanwhile.
  const alive = setInterval(() => {}, 1000);
  t.after(() => {
    adaptive.stop();
    clearInterval(alive);
  });
  const holds: Array<() => void> = [];
  const jobs = Array.from({ length: 4 }, () =>
    adaptive.track(() => new Promise<void>((r) => holds.push(r))),
  );
  assert.equal(adaptive.inFlight(), 4);
  await grown;
  assert.ok(target.concurrency > 4, `grew: ${target.concurrency}`);
  for (const release of holds) release();
  await Promise.all(jobs);
  assert.equal(adaptive.inFlight(), 0);
});
