/** What a parsed command asks of the workers: plain JSON, it travels in job data. */
import type { ProbeRequest } from '../probes/index.js';
import type { WatchOp } from './watch-op.js';

/** How to run the probes of a plan. */
export interface RunSettings {
  timeoutMs: number;
  /** PEM bundles to trust in addition to the defaults (CLI only: paths on the operator's machine). */
  caFiles: string[];
  /** Turn the address guard on (always on for chat). */
  denyPrivate: boolean;
  /**
   * `--from`: run in these regions and compare (`['all']`: every live region, until the front end
   * resolves it to their names). Unset: any worker, as without regions.
   */
  from?: string[];
}

/** Probes to run for one command. */
export interface ProbePlan {
  kind: 'probes';
  command: string;
  requests: ProbeRequest[];
  /** `check`: one combined report for the host instead of one report per probe. */
  combine?: { title: string };
  run: RunSettings;
  json: boolean;
}

/** `watch …`: runs where the watches are (a worker with Redis). */
export interface WatchPlan {
  kind: 'watch';
  op: WatchOp;
  json: boolean;
}

/** `details #W12`: a stored result in full, answered by a worker (results are kept in Redis). */
export interface DetailsPlan {
  kind: 'details';
  /** `W12` (without `#`). */
  ref: string;
}
