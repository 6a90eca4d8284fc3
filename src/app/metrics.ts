/**
 * Prometheus metrics (prom-client, a registry of our own). The certificate expiry gauge is named
 * and shaped like blackbox_exporter's so existing alert rules and dashboards carry over.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { findCommand } from '../../commands/index.js';
import { within } from '../http/within.js';
import { DEFAULT_REGION, type Platform } from '../model/index.js';
import type { AnyProbeResult, CertResult } from '../probes/index.js';
import { formatHostPort } from '../probes/net/target.js';

/** A queue whose job counts are read at scrape time (a BullMQ Queue, or queue/job-counts.ts, fits). */
export interface CountedQueue {
  readonly name: string;
  getJobCounts(): Promise<Record<string, number>>;
}

export interface Metrics {
  readonly registry: Registry;
  recordCommand(platform: Platform, command: string): void;
  /** Duration, findings and (cert) the earliest expiry of the chain the server sent. */
  observeProbe(result: AnyProbeResult): void;
  /** Adds queues to report in `wx_queue_jobs`; returns a function that stops reporting them. */
  countJobs(queues: readonly CountedQueue[]): () => void;
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
  const certExpiry = new Gauge({
    name: 'probe_ssl_earliest_cert_expiry',
    help: 'Earliest notAfter (unix seconds) over the certificate chain the server sent, by host.',
    labelNames: ['host', 'region'] as const,
    registers: [registry],
  });

  const queues = new Set<CountedQueue>();
  new Gauge({
    name: 'wx_queue_jobs',
    help: 'Jobs in each queue by state, read from BullMQ at scrape time.',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        [...queues].map(async (q) => {
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
    countJobs(list) {
      for (const q of list) queues.add(q);
      return () => {
        for (const q of list) queues.delete(q);
      };
    },
    render: () => registry.metrics(),
  };
}

/** Unix seconds of the earliest notAfter in the chain as sent; null when none was received. */
export function earliestExpiry(result: CertResult): number | null {
  let min: number | null = null;
  for (const el of result.detail.chain) {
    const ms = Date.parse(el.notAfter);
    if (Number.isFinite(ms) && (min === null || ms < min)) min = ms;
  }
  return min === null ? null : Math.floor(min / 1000);
}

/** `api.example.com` on 443, `api.example.com:8443` otherwise (as people type it). */
function hostLabel(result: CertResult): string {
  const { host, port } = result.detail;
  return formatHostPort(host, port, 443);
}
