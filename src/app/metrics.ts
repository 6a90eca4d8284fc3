/**
 * Prometheus metrics (prom-client, a registry of our own): wxdoctor's own (`wx_*`: commands,
 * probes, findings, queues, workers, deliveries) and, where a front end runs, every watch's latest
 * result in blackbox_exporter's names (watch-metrics.ts).
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { findCommand } from '../../commands/index.js';
import { within } from '../http/within.js';
import { DEFAULT_REGION, type Platform } from '../model/index.js';
import type { AnyProbeResult, CertResult } from '../probes/index.js';
import { formatHostPort } from '../probes/net/target.js';
import { earliestExpiry } from '../store/result-snapshot.js';
import { registerWatchResults, type SnapshotSource } from './watch-metrics.js';

/** What became of one delivery attempt of a chat message. */
export type DeliveryOutcome = 'delivered' | 'retried' | 'failed';

/** A queue whose job counts are read at scrape time (a BullMQ Queue, or queue/job-counts.ts, fits). */
export interface CountedQueue {
  readonly name: string;
  getJobCounts(): Promise<Record<string, number>>;
  /** Workers connected to the queue now (BullMQ's CLIENT LIST); absent: not reported. */
  getWorkersCount?(): Promise<number>;
}

/** Queues whose names are known only at scrape time (the regions' `probe@REGION`). */
export type CountedQueues = () => Promise<readonly CountedQueue[]>;

export interface Metrics {
  readonly registry: Registry;
  recordCommand(platform: Platform, command: string): void;
  /** Duration, findings and (cert) the earliest expiry of the chain the server sent. */
  observeProbe(result: AnyProbeResult): void;
  /** A chat message delivered, retried after an error, or given up on (`wx_deliveries_total`). */
  recordDelivery(platform: Platform, outcome: DeliveryOutcome): void;
  /**
   * Adds queues to report in `wx_queue_jobs` and `wx_queue_workers`; returns a function that
   * stops reporting them.
   */
  countJobs(queues: readonly CountedQueue[] | CountedQueues): () => void;
  /** Exports every watch's latest result (the bot's role); returns a function that stops it. */
  exportWatchResults(source: SnapshotSource): () => void;
  /** The exposition text. */
  render(): Promise<string>;
}

export interface MetricsOptions {
  /** Hosts tracked by probe_ssl_earliest_cert_expiry; the least recently probed go first. */
  maxHosts?: number;
  /** A scrape does not wait longer than this for a queue's counts. */
  jobCountTimeoutMs?: number;
  defaultMetrics?: boolean;
  /** WX_REGION: the `region` label of every metric about probe results (default `default`). */
  region?: string;
}

/** Seconds: from a DNS answer on loopback to a probe that hits its 10 s deadline (or a longer one). */
const DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60];

export function createMetrics(opts: MetricsOptions = {}): Metrics {
  const maxHosts = opts.maxHosts ?? 1000;
  const region = opts.region ?? DEFAULT_REGION;
  const jobCountTimeoutMs = opts.jobCountTimeoutMs ?? 1000;
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry });

  const commands = new Counter({
    name: 'wx_commands_total',
    help: 'Commands received, by platform and command.',
    labelNames: ['platform', 'command'] as const,
    registers: [registry],
  });
  const probeDuration = new Histogram({
    name: 'wx_probe_duration_seconds',
    help: 'Time a probe took, by probe.',
    labelNames: ['probe', 'region'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const findings = new Counter({
    name: 'wx_findings_total',
    help: 'Findings reported by probes, by finding code (docs/findings.md).',
    labelNames: ['code', 'region'] as const,
    registers: [registry],
  });
  // Not probe_ssl_earliest_cert_expiry: that name is the watches' (target, kind, region), read
  // from Redis where a front end runs; this one is what this process itself probed.
  const certExpiry = new Gauge({
    name: 'wx_probe_ssl_earliest_cert_expiry',
    help: 'Earliest notAfter (unix seconds) over the certificate chain the server sent, by host, for the certificates this process probed.',
    labelNames: ['host', 'region'] as const,
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'wx_deliveries_total',
    help: 'Chat message delivery attempts by platform and outcome (delivered, retried, failed: given up).',
    labelNames: ['platform', 'outcome'] as const,
    registers: [registry],
  });

  const queues = new Set<CountedQueue>();
  const sources = new Set<CountedQueues>();
  /** The fixed queues and those the sources name now (a source that fails adds none). */
  const counted = async (): Promise<CountedQueue[]> => {
    const found = await Promise.all(
      [...sources].map((source) =>
        within(source(), jobCountTimeoutMs, (ms) => `no answer within ${ms} ms`).catch(() => []),
      ),
    );
    return [...queues, ...found.flat()];
  };
  new Gauge({
    name: 'wx_queue_jobs',
    help: 'Jobs in each queue by state, read from BullMQ at scrape time.',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        (await counted()).map(async (q) => {
          // Redis down or slow: the series go missing rather than the whole scrape failing.
          const counts = await within(
            q.getJobCounts(),
            jobCountTimeoutMs,
            (ms) => `no answer within ${ms} ms`,
          ).catch(() => null);
          for (const [state, n] of Object.entries(counts ?? {})) {
            this.set({ queue: q.name, state }, n);
          }
        }),
      );
    },
  });
  new Gauge({
    name: 'wx_queue_workers',
    help: 'Workers connected to each queue, read from Redis at scrape time (0: nobody takes its jobs).',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        (await counted()).map(async (q) => {
          if (!q.getWorkersCount) return;
          const n = await within(
            q.getWorkersCount(),
            jobCountTimeoutMs,
            (ms) => `no answer within ${ms} ms`,
          ).catch(() => null);
          if (n !== null) this.set({ queue: q.name }, n);
        }),
      );
    },
  });

  // Insertion order of a Map is recency order once an entry is deleted and re-added.
  const hosts = new Map<string, true>();
  const trackHost = (host: string, expiry: number) => {
    hosts.delete(host);
    hosts.set(host, true);
    certExpiry.set({ host, region }, expiry);
    for (const oldest of hosts.keys()) {
      if (hosts.size <= maxHosts) break;
      hosts.delete(oldest);
      certExpiry.remove({ host: oldest, region });
    }
  };

  return {
    registry,
    recordCommand(platform, command) {
      // Typed text is unbounded: only known command names become label values.
      const known = findCommand(command) ? command : 'unknown';
      commands.inc({ platform, command: known });
    },
    observeProbe(result) {
      probeDuration.observe({ probe: result.probe, region }, result.durationMs / 1000);
      for (const f of result.findings) findings.inc({ code: f.code, region });
      if (result.probe === 'cert') {
        const expiry = earliestExpiry(result);
        if (expiry !== null) trackHost(hostLabel(result), expiry);
      }
    },
    recordDelivery(platform, outcome) {
      deliveries.inc({ platform, outcome });
    },
    countJobs(list) {
      if (typeof list === 'function') {
        sources.add(list);
        return () => {
          sources.delete(list);
        };
      }
      for (const q of list) queues.add(q);
      return () => {
        for (const q of list) queues.delete(q);
      };
    },
    exportWatchResults: (source) => registerWatchResults(registry, source),
    render: () => registry.metrics(),
  };
}

/** `api.example.com` on 443, `api.example.com:8443` otherwise (as people type it). */
function hostLabel(result: CertResult): string {
  const { host, port } = result.detail;
  return formatHostPort(host, port, 443);
}
