/** What to say and where: every front end renders a MessageContent its own way. */
import type { CombinedReport } from '../probes/combine.js';
import type { AnyProbeResult, Finding, Status } from '../probes/index.js';
import type { RegionsReport } from '../probes/regions/index.js';
import type { IncidentRecord } from './incident-record.js';
import type { Invocation } from './invocation.js';
import type { Lang, Platform } from './lang.js';

/** A verdict's cause: a finding's code and words (probes/types.ts `Finding`). */
export interface VerdictCause {
  probe: string;
  code: string;
  /** English, as the probe said it. */
  message: string;
  args?: Record<string, string | number>;
  variant?: string;
}

/** What to say; adapters render it (Block Kit, WeCom markdown). */
export type MessageContent =
  /** The parent message: who asked what, still running. */
  | { type: 'pending'; invocation: Invocation }
  /**
   * The answer, in the thread: verdict, cause and fix, the other problems and a few key facts;
   * the rest is in `details` (`invocation.ref` names them).
   */
  | {
      type: 'result';
      invocation: Invocation;
      results: AnyProbeResult[];
      combined?: CombinedReport;
      /** `--from`: each region's answer side by side and their comparison (results is empty). */
      regions?: RegionsReport;
    }
  /** Everything of a result (`/wx details #W12`, the Details button): tables, timings, leaf. */
  | DetailsContent
  /** The parent, edited to a one-line verdict once the result is in. */
  | {
      type: 'verdict';
      invocation: Invocation;
      status: Status;
      summary: string;
      /**
       * What the line names: a combined check's root cause, or a single probe's worst problem (as
       * its answer opens). `args`/`variant` let the renderer say it in the reader's language.
       */
      cause?: VerdictCause;
    }
  /** A short notice: usage help, rate limit, queue unavailable. */
  | { type: 'notice'; level: 'info' | 'error'; text: string }
  | IncidentContent
  | IncidentRecordContent;

/** A stored result in full; `invocation` is the command that produced it (its `ref` kept it). */
export interface DetailsContent {
  type: 'details';
  invocation: Invocation;
  results: AnyProbeResult[];
  combined?: CombinedReport;
  regions?: RegionsReport;
}

/** A certificate-watch incident (src/watch/): its parent (current state) or one event in its thread. */
export interface IncidentContent {
  type: 'incident';
  /** parent: posted once, then edited to the current state; event: one reply in its thread. */
  part: 'parent' | 'event';
  event: IncidentEvent;
  /** Short reference (`W12`) on every message: WeCom has no threads, people quote it. */
  ref: string;
  watchId: string;
  /** Incident number within the watch (buttons carry watchId + incident). */
  incident: number;
  /** `host:port`. */
  target: string;
  open: boolean;
  problem: IncidentProblem;
  openedAt: string;
  ack?: { user: string; at: string };
  snoozedUntil?: string;
  /** Broadcast-worthy: expired, or within 3 days. */
  critical: boolean;
  /**
   * The `regions` event of a watch checked from several regions: every region that sees the
   * problem now (all of them too, unlike `problem.regions`), sorted.
   */
  seenFrom?: string[];
}

export type IncidentEvent =
  | 'opened'
  | 'threshold'
  | 'changed'
  /** A watch checked from several regions: the set of regions that see the problem changed. */
  | 'regions'
  | 'reminder'
  | 'recovered'
  | 'acknowledged'
  | 'snoozed'
  | 'state';

export type IncidentProblem = (
  | {
      kind: 'expiry';
      role: 'leaf' | 'intermediate' | 'root';
      subject: string;
      fingerprint256: string;
      notAfter: string;
      daysLeft: number;
      /** Threshold reached (days), -1 once expired; null: above every threshold (renewed). */
      level: number | null;
    }
  | {
      kind: 'breakage';
      code: string;
      message: string;
      hint: string;
      /**
       * The finding the problem was seen as (with its args), so every language can say it. Its
       * message and hint are the problem's own unless given (the state keeps them once).
       */
      finding?: Pick<Finding, 'code' | 'args' | 'variant'> &
        Partial<Pick<Finding, 'message' | 'hint'>>;
      /** CERT_ISSUER_CHANGED: the CA chain the watch knew, and the one served now. */
      change?: { before: CaChainView; after: CaChainView };
      /**
       * Set when the view is the root cause of a diagnosis (http, dns and wechat watches): the
       * probe that found it. `message` is then the cause sentence, the incident's headline.
       */
      probe?: string;
    }
) & {
  /**
   * A watch checked from several regions: the regions the problem is seen from, when not all of
   * them ("served by the east edge only"); absent when every region sees it, or no regions.
   */
  regions?: string[];
};

/** A certificate's issuing side, as a watch remembers it (SPKI SHA-256 in base64). */
export interface CaChainView {
  /** The leaf's issuer DN, one line. */
  issuer: string;
  leafSpki: string;
  notBefore: string;
  notAfter: string;
  /** The CA certificates on its path, leaf's issuer first. */
  cas: Array<{ subject: string; spki: string }>;
}

export interface OutboundMessage {
  /** Deterministic (derived from the invocation): a retried delivery with the same id is not repeated. */
  id: string;
  platform: Platform;
  workspace: string;
  conversation: string;
  /** post: new message; reply: in `threadRef`'s thread; update: edit `messageRef`; ephemeral: only `user` sees it. */
  action: 'post' | 'reply' | 'update' | 'ephemeral';
  threadRef?: string;
  messageRef?: string;
  user?: string;
  /** Slack: also show a thread reply in the channel. */
  broadcast?: boolean;
  /** WeCom group robots (`robot:<name>`): userids to @mention at the end; ignored elsewhere. */
  mentions?: string[];
  /** The invocation this message answers (for adapters' fallbacks, e.g. Slack's response_url). */
  invocationId?: string;
  /** Reply in the thread of the message with this id: notify takes threadRef from its receipt. */
  threadOf?: string;
  /** Edit the message with this id: notify takes messageRef from its receipt. */
  updateOf?: string;
  content: MessageContent;
  lang: Lang;
}

/** `/wx incident report`: the record, short in the thread, whole as a Markdown file (or a link). */
export interface IncidentRecordContent {
  type: 'incident-record';
  record: IncidentRecord;
  /** WeCom: where the Markdown file is served (`/status/incidents/<id>.md?sig=…`). */
  link?: string;
}
