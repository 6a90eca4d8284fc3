import type { IncomingMessage, ServerResponse } from 'node:http';
import { within } from './within.js';

export interface HealthSources {
  /** Resolves when Redis answers PING; rejects (or hangs, bounded by timeoutMs) otherwise. */
  pingRedis(): Promise<unknown>;
  /** Job workers running in this process; omitted where none are expected (the bot role). */
  workers?: () => number;
  /** The job workers' region (WX_REGION); omitted where none run. */
  region?: string;
  /** Why the job workers can take no work (every slot held past its deadline), or null. */
  stuck?: () => string | null;
  /** Slack Socket Mode: null while connected, else why not; omitted where Slack calls us (HTTP mode). */
  slack?: () => string | null;
  timeoutMs?: number;
}

export interface HealthBody {
  status: 'ok' | 'unavailable';
  redis: string;
  workers?: number;
  /** The region whose probes this process's workers take (WX_REGION). */
  region?: string;
  slack?: string;
  /** Why the process is not healthy. */
  reason?: string;
}

export interface HealthReport {
  httpStatus: 200 | 503;
  body: HealthBody;
}

export async function checkHealth(sources: HealthSources): Promise<HealthReport> {
  const timeoutMs = sources.timeoutMs ?? 1000;
  let redis = 'ok';
  try {
    await within(sources.pingRedis(), timeoutMs, (ms) => `no answer to PING within ${ms} ms`);
  } catch (err) {
    redis = `error: ${(err as Error).message}`;
  }
  const workers = sources.workers?.();
  const reasons: string[] = [];
  if (redis !== 'ok') reasons.push(`redis ${redis}`);
  if (workers === 0) reasons.push('no job workers running');
  const stuck = sources.stuck?.();
  if (stuck) reasons.push(stuck);
  const slack = sources.slack?.();
  if (slack) reasons.push(slack);
  const body: HealthBody = {
    status: reasons.length === 0 ? 'ok' : 'unavailable',
    redis,
    ...(workers === undefined ? {} : { workers }),
    ...(sources.region === undefined ? {} : { region: sources.region }),
    ...(slack === undefined ? {} : { slack: slack ?? 'ok' }),
    ...(reasons.length === 0 ? {} : { reason: reasons.join('; ') }),
  };
  return { httpStatus: reasons.length === 0 ? 200 : 503, body };
}

/** GET /healthz: 200 with `{redis: 'ok', workers: n}`, else 503 with the reason. */
export function healthHandler(sources: HealthSources) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    checkHealth(sources).then(
      (report) => {
        res.writeHead(report.httpStatus, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
        });
        res.end(JSON.stringify(report.body));
      },
      (err: Error) => {
        res.writeHead(503, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ status: 'unavailable', reason: err.message }));
      },
    );
  };
}
