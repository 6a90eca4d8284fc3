/** What `/wx watch …` asks of the worker that owns the watches (plain JSON, travels in job data). */
export type WatchOp =
  | {
      op: 'add';
      host: string;
      port: number;
      connectTo?: string;
      /** Raw `--to` values (`#C0123`, `slack:C0123`, `wecom-robot:ops`); none: where it was typed. */
      to: string[];
      days?: number[];
    }
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
