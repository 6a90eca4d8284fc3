import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { Secret } from '../config/secret.js';
import { type HealthSources, healthHandler } from './health.js';
import { type IncidentRecordRouteDeps, incidentRecordRoutes } from './incident-records.js';
import { metricsHandler } from './metrics.js';
import { type StatusSources, statusJsonHandler, statusPageHandler } from './status.js';
import { statusAllowed } from './status-token.js';

/** Same shape as bolt's CustomRoute, so HTTP mode mounts these on the Slack receiver's port. */
export interface Route {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export function opsRoutes(deps: {
  health: HealthSources;
  registry: Registry;
  /** Post-incident records under /status/incidents (the bot role, which has Redis). */
  records?: Omit<IncidentRecordRouteDeps, 'authorized'> & { token: Secret | null };
}): Route[] {
  const token = deps.records?.token ?? null;
  return [
    { path: '/healthz', method: ['GET'], handler: healthHandler(deps.health) },
    { path: '/metrics', method: ['GET'], handler: metricsHandler(deps.registry) },
    ...(deps.records
      ? incidentRecordRoutes({
          ...deps.records,
          authorized: (req) => statusAllowed(req, token),
        })
      : []),
  ];
}

/** The status page and its data, behind WX_STATUS_TOKEN (status-token.ts). */
export function statusRoutes(sources: StatusSources): Route[] {
  return [
    { path: '/status', method: ['GET'], handler: statusPageHandler(sources) },
    { path: '/status.json', method: ['GET'], handler: statusJsonHandler(sources) },
  ];
}
