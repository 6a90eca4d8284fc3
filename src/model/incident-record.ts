/**
 * The post-incident record: what happened to one incident of a watch, from its opening to its
 * recovery. Plain JSON, language-free: the timeline lives on the incident (src/watch/timeline.ts),
 * the record is made when it closes (src/watch/record.ts), kept in Redis
 * (src/store/incident-records.ts) and rendered per surface (src/render/incident-record*.ts).
 */
import type { IncidentProblem } from './message.js';

/** What a check saw at one moment: the facts a record compares before and after. */
export interface SeenFacts {
  /** The served certificate's SHA-256 fingerprint, first 16 hex (the leaf, or the element expiring). */
  fp?: string;
  /** Days left on that certificate, and the threshold it had reached (-1 expired, null none). */
  days?: number;
  level?: number | null;
  notAfter?: string;
  /** The finding code the incident is about, as seen then. */
  code?: string;
  /** Other watch kinds: the DNS answers or the HTTP status seen, one line. */
  answer?: string;
}

export type TimelineEvent =
  | 'opened'
  | 'reopened'
  | 'threshold'
  | 'changed'
  | 'acknowledged'
  | 'snoozed'
  | 'recovered';

/** One line of an incident's timeline (ms since the epoch: it lives in the watch's state). */
export interface TimelineEntry {
  at: number;
  event: TimelineEvent;
  /** Who acknowledged or snoozed (the platform's user id). */
  by?: string;
  /** Snoozed until (ms). */
  until?: number;
  seen?: SeenFacts;
}

/** The fix that was applied, as the checks saw it: what was served before, and after. */
export interface RecordFix {
  what: 'certificate' | 'issuer' | 'answer';
  before: string;
  after: string;
}

export interface IncidentRecord {
  /** `W48213907.3`: the watch's reference and the incident's number (`/wx incident report #W….3`). */
  id: string;
  ref: string;
  n: number;
  watchId: string;
  /** `host:port` (or a URL, a DNS name: other watch kinds). */
  target: string;
  /** The watch kind (`cert`; http, dns, wechat once they exist). */
  kind: string;
  /** The problem key (`exp:leaf`, `CHAIN_INCOMPLETE`, `UNREACHABLE` …). */
  key: string;
  /** The problem as last seen while open: the root-cause sentence and its hint come from it. */
  problem: IncidentProblem;
  openedAt: string;
  /** Absent: still open (a record asked for before recovery). */
  closedAt?: string;
  durationMs: number;
  /** Regions the problem was seen from, when watches are checked from several. */
  regions?: string[];
  timeline: Array<Omit<TimelineEntry, 'at' | 'until'> & { at: string; until?: string }>;
  /** Entries dropped from the middle of a long timeline (bounded). */
  dropped?: number;
  fix?: RecordFix;
}
