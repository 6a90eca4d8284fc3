/**
 * A regional watch's probe: the watch's request sent to each listed region that has a live
 * worker (its `probe@REGION` queue), the answers awaited together for the probe's deadline plus
 * the regional margin. A listed region with no live worker is not sent anything (a queue nobody
 * takes would only fill up): it is REGION_NO_ANSWER at once, as is a live one that stays silent.
 */

import type { AnyProbeResult } from '../probes/index.js';
import { failedResult } from '../probes/index.js';
import { REGION_MARGIN_MS } from '../queue/command-flow.js';
import type { RegionProber } from '../queue/region-probe.js';
import type { RegionAnswer } from './regional.js';
import { watchRequest } from './request.js';
import type { Watch } from './types.js';

export interface RegionalRun {
  /** One per listed region, in the watch's order. */
  answers: RegionAnswer[];
  /** How long the regions were waited for. */
  waitedMs: number;
  /** The watch's probe's result shape, saying nothing (a silent region's result is made from it). */
  empty: AnyProbeResult;
}

export type RegionalProbe = (watch: Watch) => Promise<RegionalRun>;

export interface RegionalProbeOptions {
  prober: RegionProber;
  /** The regions with a live worker now (heartbeats). */
  live: () => Promise<string[]>;
  /** The probe's deadline (WX_PROBE_TIMEOUT_MS, as a local watch check). */
  timeoutMs: number;
  /** Beyond the deadline, before a region is REGION_NO_ANSWER (default REGION_MARGIN_MS). */
  marginMs?: number;
}

export function regionalWatchProbe(opts: RegionalProbeOptions): RegionalProbe {
  return async (watch) => {
    const request = watchRequest(watch);
    const listed = watch.regions ?? [];
    const live = new Set(await opts.live());
    const send = listed.filter((r) => live.has(r));
    const waitedMs = opts.timeoutMs + (opts.marginMs ?? REGION_MARGIN_MS);
    const got =
      send.length === 0
        ? []
        : await opts.prober.run({
            // Unique per check: a retried check job probes again rather than reading an old answer.
            key: `watch:${watch.id}:${Date.now()}`,
            request,
            run: { timeoutMs: opts.timeoutMs, denyPrivate: watch.source === 'chat' },
            regions: send,
            waitMs: waitedMs,
          });
    const answers = listed.map(
      (region) => got.find((a) => a.region === region) ?? { region, result: null },
    );
    return { answers, waitedMs, empty: failedResult(request, 'no answer') };
  };
}
