import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { type HealthSources, healthHandler } from './health.js';
import { type IncidentRecordRouteDeps, incidentRecordRoutes } from './incident-records.js';
import { metricsHandler } from './metrics.js';

/** Same shape as bolt's CustomRoute, so HTTP mode mounts these on the Slack receiver's port. */
export interface Route {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * Who may read the incident records. MERGE: replace with the status page's WX_STATUS_TOKEN check
 * (src/http/status-token.ts). Until then it refuses everyone: records are never served unguarded.
 */
export function recordsAuthorized(_req: IncomingMessage): boolean {
  return false;
}

export function opsRoutes(deps: {
  health: HealthSources;
  registry: Registry;
  /** Post-incident records under /status/incidents (the bot role, which has Redis). */
  records?: Omit<IncidentRecordRouteDeps, 'authorized'>;
}): Route[] {
  return [
    { path: '/healthz', method: ['GET'], handler: healthHandler(deps.health) },
    { path: '/metrics', method: ['GET'], handler: metricsHandler(deps.registry) },
    ...(deps.records
      ? incidentRecordRoutes({ ...deps.records, authorized: recordsAuthorized })
      : []),
  ];
}
