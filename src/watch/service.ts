/**
 * What the worker does with watches, over the store: check one (probe, evaluate, save, queue
 * the messages), change incident state (acknowledge, snooze, mute), add, remove, and make the
 * file's watches the ones in Redis. State is written compare-and-set, with its messages in an
 * outbox that is queued after the write: a crash anywhere loses nothing and repeats nothing.
 */
import type { OutboundMessage } from '../model/index.js';
import { wholeDaysLeft } from '../probes/cert/wording.js';
import type { AnyProbeResult, CertResult } from '../probes/index.js';
import type { IncidentRecords } from '../store/incident-records.js';
import { loadFileWatches, refTarget } from './file-load.js';
import {
  acknowledge,
  type EvaluateOptions,
  type Evaluation,
  evaluate,
  snooze,
} from './incident.js';
import { legacyWanted, rememberLegacy } from './legacy-due.js';
import type { WatchProbe } from './probe.js';
import { closedRecords } from './record-keeper.js';
import type { ShortRefs } from './refs.js';
import { combineRegions, namedRegions, type RegionalCheck } from './regional.js';
import type { RegionalProbe } from './regional-probe.js';
import { DEFAULT_INTERVALS, type Intervals, nextCheckAt } from './schedule.js';
import type { StoredWatch, WatchStore } from './store.js';
import {
  type CertWatch,
  isCertWatch,
  kindOf,
  targetOf,
  type Watch,
  type WatchSpecOf,
  type WatchState,
} from './types.js';

export interface WatchServiceDeps {
  store: WatchStore;
  refs: ShortRefs;
  /** Queues notify jobs (deterministic ids: queuing twice is harmless). */
  enqueue(messages: OutboundMessage[]): Promise<void>;
  /** Queues an immediate check of a watch. */
  checkSoon(id: string, now: number): Promise<void>;
  probe: WatchProbe;
  /** Runs a watch that lists regions in those regions' workers; unset: such watches run here. */
  regional?: RegionalProbe;
  /** The clock: every decision reads it, never Date.now(). */
  now(): number;
  intervals?: Intervals;
  evaluate?: EvaluateOptions;
  onProbeResult?: (result: AnyProbeResult) => void;
  /** After every check (metrics, benchmarks). */
  onChecked?: (id: string, outcome: 'checked' | 'gone') => void;
  /** Where the record of each incident that closes is kept (`/wx incident report`). */
  records?: IncidentRecords;
}

/** A check's result, with the region it ran in for a watch with regions. */
export interface CheckedResult {
  region?: string;
  result: AnyProbeResult;
}

/** A watch as configured, before it has a reference. */
export type WatchSpec = WatchSpecOf<Watch>;

/** A certificate watch as configured. */
export type CertWatchSpec = WatchSpecOf<CertWatch>;

const CAS_ATTEMPTS = 8;

export class WatchService {
  private readonly intervals: Intervals;

  constructor(private readonly deps: WatchServiceDeps) {
    this.intervals = deps.intervals ?? DEFAULT_INTERVALS;
  }

  /**
   * Probes the watch and acts on the result; 'gone' when it was removed meanwhile. `checked`
   * sees the results once its state is saved (the job keeps the latest for /metrics): one, or
   * one per listed region with its region (a watch with `regions`).
   */
  async check(
    id: string,
    checked?: (results: CheckedResult[]) => Promise<unknown>,
  ): Promise<'checked' | 'gone'> {
    const stored = await this.deps.store.get(id);
    if (!stored) return 'gone';
    const regional = await this.regionalCheck(stored.watch);
    // A regional watch's probes run in its regions' workers (no TLS 1.0/1.1 hellos there).
    const checkLegacy =
      !regional && isCertWatch(stored.watch) && legacyWanted(stored.state.legacy, this.deps.now());
    let results: CheckedResult[];
    if (regional) {
      // Each region's worker reported its probe to its own metrics.
      results = regional.answers;
    } else {
      const result = await this.deps.probe(stored.watch, this.deps.now, { checkLegacy });
      results = [{ result }];
      try {
        this.deps.onProbeResult?.(result);
      } catch {
        // Metrics never fail a check.
      }
    }
    const done = await this.update(
      id,
      (s) => {
        const now = this.deps.now();
        // A watch replaced while it was probed (another target) is checked again next time.
        if (!sameTarget(s.watch, stored.watch)) return null;
        let ev: Evaluation;
        if (regional) ev = this.evaluateRegional(s.watch, s.state, regional, now);
        else {
          const probed = (results[0] as CheckedResult).result;
          const legacy =
            isCertWatch(s.watch) && probed.probe === 'cert'
              ? rememberLegacy(s.state.legacy, probed as CertResult, now)
              : null;
          // With the last TLS 1.0/1.1 answer when this check did not ask (legacy-due.ts).
          if (legacy) results = [{ result: legacy.result }];
          ev = evaluate(s.watch, s.state, legacy?.result ?? probed, now, this.deps.evaluate);
          if (legacy) ev.state.legacy = legacy.memory;
          if (ev.state.regions) delete ev.state.regions;
        }
        const nextAt = nextCheckAt(
          id,
          ev.state,
          now,
          this.intervals,
          kindOf(s.watch),
          this.deps.evaluate?.unreachableAfter,
        );
        return { ...ev, nextAt };
      },
      // Read before the probe: still current unless someone wrote meanwhile (then read again).
      stored,
    );
    const outcome = done ? 'checked' : 'gone';
    if (done) await checked?.(results);
    this.deps.onChecked?.(id, outcome);
    return outcome;
  }

  /** A watch with regions, run in them and combined; null for any other watch. */
  private async regionalCheck(watch: Watch): Promise<RegionalCheck | null> {
    if (!watch.regions?.length || !this.deps.regional) return null;
    const run = await this.deps.regional(watch);
    return combineRegions(watch, run.answers, run.empty, run.waitedMs);
  }

  private evaluateRegional(
    watch: Watch,
    prev: WatchState,
    regional: RegionalCheck,
    now: number,
  ): Evaluation {
    const ev = regional.result
      ? evaluate(
          watch,
          prev,
          regional.result,
          now,
          this.deps.evaluate,
          namedRegions(regional.affected, watch.regions ?? []),
          regional.complete ? regional.affected : undefined,
        )
      : // Inconclusive (a region silent, the others clean): nothing opens or closes.
        { state: { ...structuredClone(prev), checkedAt: now }, messages: [] };
    return { ...ev, state: { ...ev.state, regions: regional.regions } };
  }

  async acknowledge(id: string, n: number, user: string): Promise<boolean> {
    return this.update(id, (s) => acknowledge(s.watch, s.state, n, user, this.deps.now()));
  }

  /** `by`: who snoozed it, for the incident's timeline. */
  async snooze(id: string, n: number, ms: number, by?: string): Promise<boolean> {
    const now = this.deps.now();
    return this.update(id, (s) => snooze(s.watch, s.state, n, now + ms, now, by));
  }

  async mute(id: string, ms: number): Promise<boolean> {
    const until = this.deps.now() + ms;
    return this.update(id, (s) => ({ state: { ...s.state, mutedUntil: until }, messages: [] }));
  }

  /** Adds or replaces a watch; a new one gets a reference and is checked at once. */
  async add(spec: WatchSpec): Promise<{ watch: Watch; created: boolean }> {
    const existing = await this.deps.store.get(spec.id);
    const watch = { ...spec, ref: await this.refFor(spec, existing) } as Watch;
    const now = this.deps.now();
    const { created } = await this.deps.store.put(watch, now);
    if (created) await this.deps.checkSoon(watch.id, now);
    return { watch, created };
  }

  async remove(id: string): Promise<boolean> {
    return this.deps.store.remove(id);
  }

  async recheck(id: string): Promise<boolean> {
    const now = this.deps.now();
    if (!(await this.deps.store.get(id))) return false;
    await this.deps.checkSoon(id, now);
    return true;
  }

  get(id: string): Promise<StoredWatch | null> {
    return this.deps.store.get(id);
  }

  list(): Promise<StoredWatch[]> {
    return this.deps.store.all();
  }

  /** Makes the file's watches the ones in Redis (see loadFileWatches). */
  syncFile(specs: WatchSpec[]): Promise<{ added: number; removed: number }> {
    return loadFileWatches(this.deps, specs);
  }

  /**
   * A watch keeps its reference for life; a new one gets one, claimed atomically (two adds at
   * once agree). It resolves where the watch posts, kept current as that changes.
   */
  private async refFor(spec: WatchSpec, existing: StoredWatch | null): Promise<string> {
    const known = existing?.watch.ref;
    const [ref] = await this.deps.refs.claim([
      {
        holder: this.deps.store.refHolder(spec.id),
        target: refTarget(spec),
        ...(known ? { known } : {}),
      },
    ]);
    return ref as string;
  }

  /**
   * The records of incidents this write closed. A failure loses nothing the report needs for 14
   * days (it rebuilds the record from the state), so it never fails the check.
   */
  private async keepRecords(stored: StoredWatch, state: WatchState): Promise<void> {
    const { records } = this.deps;
    if (!records) return;
    const now = this.deps.now();
    for (const record of closedRecords(stored.watch, stored.state, state, now)) {
      await records.put(record, now).catch(() => undefined);
    }
  }

  /** Queues what an earlier writer decided but may not have queued (it crashed in between). */
  private async flush(stored: StoredWatch): Promise<void> {
    if (stored.outbox.length === 0) return;
    await this.deps.enqueue(stored.outbox);
    await this.deps.store.clearOutbox(stored.watch.id, stored.outbox.length);
  }

  /** Read, decide (pure), write compare-and-set with the messages, then queue them. */
  private async update(
    id: string,
    decide: (s: StoredWatch) => (Evaluation & { nextAt?: number }) | null,
    first?: StoredWatch,
  ): Promise<boolean> {
    let read = first;
    for (let i = 0; i < CAS_ATTEMPTS; i++) {
      const stored = read ?? (await this.deps.store.get(id));
      read = undefined;
      if (!stored) return false;
      await this.flush(stored);
      const decided = decide(stored);
      if (!decided) return false;
      const { state, messages, nextAt } = decided;
      if (!(await this.deps.store.saveState(id, stored.version, state, messages, nextAt ?? null))) {
        continue;
      }
      await this.keepRecords(stored, state);
      if (messages.length > 0) {
        await this.deps.enqueue(messages);
        await this.deps.store.clearOutbox(id, messages.length);
      }
      return true;
    }
    throw new Error(`watch ${id}: state kept changing under ${CAS_ATTEMPTS} attempts`);
  }
}

function sameTarget(a: Watch, b: Watch): boolean {
  return kindOf(a) === kindOf(b) && targetOf(a) === targetOf(b);
}

/** Whole days to the earliest expiry, rounded toward zero (as the cert probe counts them). */
export function daysLeft(state: WatchState, now: number): number | null {
  if (!state.earliestNotAfter) return null;
  return wholeDaysLeft(Date.parse(state.earliestNotAfter), now);
}
