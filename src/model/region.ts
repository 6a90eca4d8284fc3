/** Where a worker runs (WX_REGION) and what a heartbeat says of it; plain JSON. */

/** The region of a worker that names none. */
export const DEFAULT_REGION = 'default';

/** `--from all`: every region with a live worker. */
export const ALL_REGIONS = 'all';

/** Lower-case letters, digits and inner dashes, 1 to 32 of them (a queue name and a label value). */
export function isRegionName(name: string): boolean {
  return /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/.test(name) && name !== ALL_REGIONS;
}

export const REGION_RULE = 'lower-case letters, digits and dashes (at most 32), not "all"';

/** A worker's heartbeat: what `/wx regions` lists. */
export interface WorkerBeat {
  region: string;
  host: string;
  pid: number;
  version: string;
  /** Epoch ms of the last beat. */
  lastSeen: number;
}

/** A region with at least one live worker. */
export interface LiveRegion {
  region: string;
  /** Its workers' latest beat (epoch ms). */
  lastSeen: number;
  workers: number;
  /** The versions its workers run, sorted. */
  versions: string[];
}
