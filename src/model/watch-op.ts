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
  | { op: 'snooze'; id: string; incident: number; ms: number };

/** `host:port`, the watch id. */
export function watchId(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`.toLowerCase();
}
