/** What `/wx watch …` asks of the worker that owns the watches (plain JSON, travels in job data). */
export type WatchOp =
  | ({
      op: 'add';
      /** Raw `--to` values (`#C0123`, `slack:C0123`, `wecom-robot:ops`); none: where it was typed. */
      to: string[];
      days?: number[];
      /** `--from north,east`: checked in each of these regions (names checked live at intake). */
      regions?: string[];
    } & WatchAddTarget)
  | { op: 'rm'; id: string }
  | { op: 'list' }
  | { op: 'mute'; id: string; ms: number }
  | { op: 'check'; id: string }
  | { op: 'ack'; id: string; incident: number }
  | { op: 'snooze'; id: string; incident: number; ms: number }
  /**
   * `/wx incident report #W12[.3]` (by reference) or the Report button (`host:port n`): the
   * post-incident record of incident n, or of the watch's latest one.
   */
  | { op: 'report'; ref?: string; id?: string; incident?: number };

/** What `watch add` watches: a certificate (no kind), a URL, a DNS name or a WeChat app. */
export type WatchAddTarget =
  | { kind?: 'cert'; host: string; port: number; connectTo?: string }
  | { kind: 'http'; url: string; connectTo?: string }
  | { kind: 'dns'; name: string }
  | { kind: 'wechat'; alias: string };
