/**
 * Every watch's latest result in blackbox_exporter's names (probe_success, probe_duration_seconds,
 * probe_ssl_earliest_cert_expiry, probe_http_status_code, probe_http_duration_seconds{phase},
 * probe_dns_lookup_time_seconds), labelled target, kind and region, read from Redis at scrape
 * time: one scrape of the bot covers every worker's checks, and a removed watch's series go.
 */
import { Gauge, type Registry } from 'prom-client';
import { within } from '../http/within.js';
import { HTTP_PHASES, type ResultSnapshot } from '../store/result-snapshot.js';

/** The snapshots to export (src/watch/latest.ts); rejects when Redis does not answer. */
export type SnapshotSource = () => Promise<ResultSnapshot[]>;

const LABELS = ['target', 'kind', 'region'] as const;

/** Registers the gauges; returns a function that stops exporting them. */
export function registerWatchResults(
  registry: Registry,
  source: SnapshotSource,
  opts: { timeoutMs?: number } = {},
): () => void {
  const timeoutMs = opts.timeoutMs ?? 1000;
  // Every gauge's collect starts in the same tick of a scrape: they share one read of Redis.
  let pending: Promise<ResultSnapshot[]> | null = null;
  const read = (): Promise<ResultSnapshot[]> => {
    if (!pending) {
      pending = within(source(), timeoutMs, (ms) => `no answer within ${ms} ms`)
        .catch(() => [])
        .finally(() => {
          pending = null;
        });
    }
    return pending;
  };
  const labels = (s: ResultSnapshot) => ({ target: s.target, kind: s.kind, region: s.region });

  const names: string[] = [];
  /** A gauge filled at scrape time from the snapshots that have its value. */
  const gauge = (name: string, help: string, value: (s: ResultSnapshot) => number | undefined) => {
    names.push(name);
    return new Gauge({
      name,
      help,
      labelNames: LABELS,
      registers: [registry],
      async collect() {
        const snapshots = await read();
        this.reset();
        for (const s of snapshots) {
          const v = value(s);
          if (v !== undefined) this.set(labels(s), v);
        }
      },
    });
  };

  gauge('probe_success', 'Whether the latest check of the watch succeeded (1) or not (0).', (s) =>
    s.success ? 1 : 0,
  );
  gauge(
    'probe_duration_seconds',
    'How long the latest check of the watch took.',
    (s) => s.durationSeconds,
  );
  gauge(
    'probe_ssl_earliest_cert_expiry',
    'Earliest notAfter (unix seconds) over the certificate chain the server sent.',
    (s) => s.certExpiry,
  );
  gauge(
    'probe_http_status_code',
    'HTTP status of the final response (0: none arrived).',
    (s) => s.httpStatus,
  );
  gauge(
    'probe_dns_lookup_time_seconds',
    'Name resolution time (http: the resolve phase; dns: the slowest resolver compared).',
    (s) => s.dnsLookupSeconds,
  );
  gauge(
    'wx_watch_checked_timestamp_seconds',
    'When the latest check of the watch ended (unix seconds): stale in a region whose workers are gone.',
    (s) => Math.floor(s.checkedAt / 1000),
  );
  names.push('probe_http_duration_seconds');
  new Gauge({
    name: 'probe_http_duration_seconds',
    help: 'Duration of each phase of the HTTP request, summed over redirects.',
    labelNames: [...LABELS, 'phase'] as const,
    registers: [registry],
    async collect() {
      const snapshots = await read();
      this.reset();
      for (const s of snapshots) {
        if (!s.httpPhases) continue;
        for (const phase of HTTP_PHASES) this.set({ ...labels(s), phase }, s.httpPhases[phase]);
      }
    },
  });
  return () => {
    for (const name of names) registry.removeSingleMetric(name);
  };
}
