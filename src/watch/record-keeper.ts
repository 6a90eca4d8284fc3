/**
 * Keeps the record of every incident that closes, when it closes (the watch's state forgets
 * closed incidents after 14 days; records stay as long as configured), and finds the record a
 * person asks for: from the watch's state while it still has the incident, else from the store.
 */
import type { IncidentRecord } from '../model/index.js';
import type { IncidentRecords, StoredRecord } from '../store/incident-records.js';
import type { RefPlace } from '../store/short-refs.js';
import { buildRecord, recordId } from './record.js';
import { type Conversation, sameConversation } from './scope.js';
import type { StoredWatch } from './store.js';
import type { Watch, WatchState } from './types.js';

/** The conversations a watch's records may be shown in: its owner's and its destinations. */
export function placesOf(watch: Watch): RefPlace[] {
  const all = watch.owner ? [watch.owner, ...watch.to] : watch.to;
  return all.map(({ platform, workspace, conversation }) => ({
    platform,
    workspace,
    conversation,
  }));
}

/** Records of the incidents that were open in `prev` (or new) and are closed in `next`. */
export function closedRecords(watch: Watch, prev: WatchState, next: WatchState, now: number) {
  const out: StoredRecord[] = [];
  for (const incident of next.incidents) {
    if (incident.open) continue;
    const before = prev.incidents.find((i) => i.n === incident.n);
    if (before && !before.open) continue;
    out.push({ record: buildRecord(watch, incident, now), places: placesOf(watch) });
  }
  return out;
}

export interface RecordQuery {
  /** The watch, when it still exists and the asker may see it. */
  watch: StoredWatch | null;
  ref: string;
  /** Incident number; undefined: the latest. */
  n?: number;
  here: Conversation;
  admin: boolean;
}

/** The record asked for, or null when there is none this conversation may see. */
export async function findRecord(
  records: IncidentRecords,
  q: RecordQuery,
  now: number,
): Promise<IncidentRecord | null> {
  let n = q.n;
  if (n === undefined) {
    const known = [
      ...(q.watch?.state.incidents.map((i) => i.n) ?? []),
      ...(await records.numbers(q.ref)),
    ];
    if (known.length === 0) return null;
    n = Math.max(...known);
  }
  const incident = q.watch?.state.incidents.find((i) => i.n === n);
  if (q.watch && incident) {
    const record = buildRecord(q.watch.watch, incident, now);
    // Kept again: a record lost to a crash between the state's write and its own comes back.
    if (!incident.open) await records.put({ record, places: placesOf(q.watch.watch) }, now);
    return record;
  }
  const stored = await records.get(recordId(q.ref, n));
  if (!stored) return null;
  const mayShow = q.admin || stored.places.some((p) => sameConversation(p, q.here));
  return mayShow ? stored.record : null;
}
