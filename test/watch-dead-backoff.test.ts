/**
 * Dead-host backoff, pure, on a fake clock: a certificate watch whose server cannot be reached is
 * checked at the failing interval until its incident opens (no later than before), then at
 * doubling intervals up to the cap; the first check that reaches it again brings the failing
 * interval back, and two clean ones close the incident.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyCertDetail } from '../src/probes/cert/index.js';
import { finding } from '../src/probes/findings.js';
import type { CertResult } from '../src/probes/index.js';
import { evaluate } from '../src/watch/incident.js';
import { DEFAULT_INTERVALS, intervalFor, nextCheckAt } from '../src/watch/schedule.js';
import { type CertWatch, emptyState, type WatchState } from '../src/watch/types.js';
import { certResult, DAY } from './fixtures/cert-results.js';

const MIN = 60_000;
const watch: CertWatch = {
  id: 'api.example.com:443',
  host: 'api.example.com',
  port: 443,
  days: [30, 14, 7, 3, 1],
  to: [{ platform: 'slack', workspace: 'T1', conversation: 'C1' }],
  source: 'file',
  lang: 'en',
  ref: 'W1',
};

function dead(now: number): CertResult {
  const detail = emptyCertDetail({ host: watch.host, port: watch.port, warnDays: 30 });
  const f = finding('CONNECT_TIMEOUT', 'connection to 192.0.2.1:443 not established within 3 s');
  return {
    probe: 'cert',
    target: watch.id,
    status: 'fail',
    findings: [f],
    detail,
    startedAt: new Date(now).toISOString(),
    durationMs: 3000,
  };
}

const alive = (now: number) =>
  certResult(now, [{ role: 'leaf', fp: 'AA:BB', notAfter: now + 90 * DAY }]);

/** Checks the watch when due, `n` times: the waits before each and what each posted. */
function run(state: WatchState, t0: number, results: Array<(now: number) => CertResult>) {
  let now = t0;
  let s = state;
  const waits: number[] = [];
  const events: string[][] = [];
  for (const result of results) {
    const ev = evaluate(watch, s, result(now), now);
    s = ev.state;
    events.push(ev.messages.filter((m) => m.action === 'post').map((m) => m.id));
    const next = nextCheckAt(watch.id, s, now);
    waits.push(next - now);
    now = next;
  }
  return { state: s, waits, events };
}

/** The wait without the per-watch spread (up to 10 % of the interval). */
const interval = (wait: number, of: number) => wait >= of && wait < of * 1.1;

describe('dead-host backoff', () => {
  test('failing interval until the incident opens, then 2x, 4x, 8x … up to the cap', () => {
    const t0 = Date.parse('2026-12-01T00:00:00Z');
    const { waits, events, state } = run(emptyState(), t0, Array(9).fill(dead));
    const expected = [10, 10, 10, 20, 40, 80, 120, 120, 120].map((m) => m * MIN);
    waits.forEach((w, i) => {
      assert.ok(interval(w, expected[i] as number), `check ${i + 1}: waited ${w / MIN} min`);
    });
    // The incident opens at the third check, as before: 20 minutes after the first.
    assert.deepEqual(
      events.map((e) => e.length),
      [0, 0, 1, 0, 0, 0, 0, 0, 0],
    );
    assert.equal(state.unreachable, 9);
  });

  test('back: the failing interval until two clean checks close the incident', () => {
    const t0 = Date.parse('2026-12-01T00:00:00Z');
    const down = run(emptyState(), t0, Array(6).fill(dead));
    const up = run(down.state, t0, [alive, alive]);
    assert.ok(interval(up.waits[0] as number, 10 * MIN), 'still open: checked again soon');
    assert.equal(up.state.unreachable, 0);
    assert.equal(up.state.incidents.filter((i) => i.open).length, 0, 'closed after two');
    assert.ok((up.waits[1] as number) >= DAY, 'healthy again: daily');
  });

  test('the cap and the point where doubling starts follow the settings', () => {
    const now = Date.parse('2026-12-01T00:00:00Z');
    const at = (unreachable: number, deadAfter?: number) =>
      intervalFor({ ...emptyState(), unreachable }, now, DEFAULT_INTERVALS, 'cert', deadAfter) /
      MIN;
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((n) => at(n, 1)),
      [10, 20, 40, 80, 120],
    );
    assert.equal(at(10_000), 120, 'months dead: the cap');
    const iv = { ...DEFAULT_INTERVALS, deadMax: 30 * MIN };
    assert.equal(intervalFor({ ...emptyState(), unreachable: 9 }, now, iv) / MIN, 30);
  });
});
