/**
 * Certificate watches: what is watched (Watch), what is remembered between checks (WatchState),
 * and the problems incidents are opened for. Plain JSON: both live in one Redis hash per watch.
 */
import type { IncidentProblem, Lang, Platform, TimelineEntry } from '../model/index.js';
import type { CertPin } from '../probes/cert/index.js';
import type { CertMemory } from './issuer.js';

/** Default thresholds, in days before notAfter. */
export const DEFAULT_DAYS: readonly number[] = [30, 14, 7, 3, 1];

export interface Destination {
  platform: Platform;
  /** Slack team id / WeCom corp id; '' when unknown (a file watch: delivery needs only the conversation). */
  workspace: string;
  /** Slack channel id; WeCom `chat:<chatid>`, `user:<userid>` or `robot:<name>`. */
  conversation: string;
}

export interface Watch {
  /** `host:port`, lower case: one watch per endpoint. */
  id: string;
  host: string;
  port: number;
  /** Connect to this address instead of resolving host (curl --resolve). */
  connectTo?: string;
  /** Thresholds in days, highest first. */
  days: number[];
  to: Destination[];
  source: 'file' | 'chat';
  lang: Lang;
  /** Short reference shown on every incident message (`W12`). */
  ref: string;
  /** Who added it (chat), for `watch list`. */
  addedBy?: string;
  /**
   * The conversation it was added from (chat): it may list, change and remove it, as may the
   * conversations its notices go to. File watches have none.
   */
  owner?: Destination;
  /** A certificate outside these is CERT_PIN_MISMATCH (watches file `pin:`). */
  pin?: CertPin;
}

/** The level an expiry has reached: a threshold in days, or EXPIRED. */
export const EXPIRED = -1;

export type ProblemKind = 'expiry' | 'breakage';

/** One open or recently closed incident: one per (watch, problem key). */
export interface Incident {
  /** Per watch, increasing: message ids derive from it. */
  n: number;
  /** `exp:leaf`, `exp:ca:<subject hash>`, or a breakage code (`CHAIN_INCOMPLETE`, `UNREACHABLE`). */
  key: string;
  open: boolean;
  openedAt: number;
  closedAt?: number;
  /** What the parent says now. */
  view: ProblemView;
  /** Consecutive checks without the problem (2 close it). */
  clear: number;
  /** Last notice or reminder: reminders count from here. */
  lastNoticeAt: number;
  ack?: { user: string; at: number };
  snoozedUntil?: number;
  /** Parent revision: each edit of the parent has its own message id. */
  rev: number;
  /** What happened, oldest first, bounded (src/watch/timeline.ts); absent on older state. */
  timeline?: TimelineEntry[];
  /** Entries dropped from the middle of a long timeline. */
  timelineDropped?: number;
}

export type ProblemView = IncidentProblem;

export interface WatchState {
  checkedAt?: number;
  /** Worst status of the last conclusive check, and the earliest expiry in the chain. */
  status?: 'ok' | 'warn' | 'fail' | 'error';
  earliestNotAfter?: string;
  /** Consecutive checks that could not reach the server. */
  unreachable: number;
  /**
   * Dedupe of expiry notices: fingerprint (first 16 hex) → lowest level notified. A notice for
   * (watch, fingerprint, threshold) goes out once, whichever certificate is served in between.
   */
  notified: Record<string, number>;
  /** Breakage notices sent, as `<code>:<leaf fingerprint>`. */
  broken: string[];
  incidents: Incident[];
  /** Next incident number. */
  next: number;
  /** No messages at all until then (`watch mute`). */
  mutedUntil?: number;
  /** Who issues the certificate: the known CAs and keys, the last renewal (issuer.ts). */
  cert?: CertMemory;
}

export function emptyState(): WatchState {
  return { unreachable: 0, notified: {}, broken: [], incidents: [], next: 1 };
}
