/**
 * Watches of every kind (certificate, http, dns, wechat): what is watched (Watch), what is
 * remembered between checks (WatchState), and the problems incidents are opened for. Plain JSON:
 * both live in one Redis hash per watch. A stored watch without `kind` is a certificate watch.
 */
import type { IncidentProblem, Lang, Platform, TimelineEntry } from '../model/index.js';
import type { CertPin } from '../probes/cert/index.js';
import type { RecordType, ResolverSpec } from '../probes/dns/types.js';
import type { CertMemory } from './issuer.js';
import type { LegacyMemory } from './legacy-due.js';

/** Default thresholds, in days before notAfter. */
export const DEFAULT_DAYS: readonly number[] = [30, 14, 7, 3, 1];

export interface Destination {
  platform: Platform;
  /** Slack team id / WeCom corp id; '' when unknown (a file watch: delivery needs only the conversation). */
  workspace: string;
  /** Slack channel id; WeCom `chat:<chatid>`, `user:<userid>` or `robot:<name>`. */
  conversation: string;
}

export type WatchKind = 'cert' | 'http' | 'dns' | 'wechat';

export const WATCH_KINDS: readonly WatchKind[] = ['cert', 'http', 'dns', 'wechat'];

/** What every kind of watch has: where it warns, who added it, its reference. */
interface WatchBase {
  /** Unique across kinds (id.ts): `host:port` (cert), `http:<url>`, `dns:<name>`, `wechat:<alias>`. */
  id: string;
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
  /**
   * Checked in each of these regions' workers (`regions:` in the file, `--from` in chat), sorted,
   * once each; absent: checked by any worker, as before regions existed.
   */
  regions?: string[];
}

export interface CertWatch extends WatchBase {
  /** Absent in watches stored before other kinds existed. */
  kind?: 'cert';
  host: string;
  port: number;
  /** Connect to this address instead of resolving host (curl --resolve). */
  connectTo?: string;
  /** Thresholds in days, highest first. */
  days: number[];
  /** A certificate outside these is CERT_PIN_MISMATCH (watches file `pin:`). */
  pin?: CertPin;
}

export interface HttpWatch extends WatchBase {
  kind: 'http';
  /** Absolute http(s) URL, as `new URL().href` writes it. */
  url: string;
  /** Connect to this address for the URL's host and port (curl --resolve). */
  connectTo?: string;
  /** Inclusive range of the final status (default 200–299). */
  status: [number, number];
  /** Text the body must contain. */
  body?: string;
  /** Latency threshold of the whole exchange, ms. */
  maxMs?: number;
}

export interface DnsWatch extends WatchBase {
  kind: 'dns';
  /** Lower case, no trailing dot. */
  name: string;
  type: RecordType;
  /** The resolvers to compare; empty: the dns probe's defaults. */
  resolvers: ResolverSpec[];
  /** The answers every resolver must give (any order); else DNS_UNEXPECTED_ANSWER. */
  expect?: string[];
}

/** `API_DOMAINS` is the alias of the api-domains reachability watch. */
export interface WechatWatch extends WatchBase {
  kind: 'wechat';
  alias: string;
  /** api-domains only: the domains in failover order (default the five WeChat API domains). */
  domains?: Array<{ host: string; port: number }>;
}

export type Watch = CertWatch | HttpWatch | DnsWatch | WechatWatch;

/** The alias of `wechat: api-domains`: reachability of the WeChat API domains, no app. */
export const API_DOMAINS = 'api-domains';

export function kindOf(watch: Pick<Watch, 'kind'>): WatchKind {
  return watch.kind ?? 'cert';
}

export function isCertWatch<W extends { kind?: WatchKind }>(
  watch: W,
): watch is W & { kind?: 'cert' } {
  return kindOf(watch) === 'cert';
}

/** What the watch probes, as a person writes it: `host:port`, the URL, the name, the alias. */
export function targetOf(watch: Watch | WatchSpecOf<Watch>): string {
  switch (watch.kind) {
    case 'http':
      return watch.url;
    case 'dns':
      return watch.name;
    case 'wechat':
      return watch.alias;
    default:
      return watch.id;
  }
}

/** Omit over each member of a union (Omit alone flattens it). */
export type WatchSpecOf<W> = W extends unknown ? Omit<W, 'ref'> : never;

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
  /**
   * A watch checked from several regions: every region that saw the problem at the last check
   * that heard them all (sorted); a change is said in the thread (`regions` event).
   */
  seenFrom?: string[];
}

export type ProblemView = IncidentProblem;

export interface WatchState {
  checkedAt?: number;
  /** Worst status of the last conclusive check, and the earliest expiry in the chain. */
  status?: 'ok' | 'warn' | 'fail' | 'error';
  earliestNotAfter?: string;
  /** Consecutive checks that could not reach the server. */
  unreachable: number;
  /** http, dns, wechat: consecutive checks whose diagnosis has a cause (warn or fail). */
  failing?: number;
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
  /** A regional watch: what each listed region saw at the last check (absent otherwise). */
  regions?: Record<string, RegionState>;
  /** TLS 1.0/1.1: when last asked, the last answer (legacy-due.ts). */
  legacy?: LegacyMemory;
}

/** A region's last view of a regional watch: its status, or no answer from its worker. */
export type RegionState = 'ok' | 'warn' | 'fail' | 'error' | 'no-answer';

export function emptyState(): WatchState {
  return { unreachable: 0, notified: {}, broken: [], incidents: [], next: 1 };
}
