import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { type HealthSources, healthHandler } from './health.js';
import { metricsHandler } from './metrics.js';
import { type StatusSources, statusJsonHandler, statusPageHandler } from './status.js';

/** Same shape as bolt's CustomRoute, so HTTP mode mounts these on the Slack receiver's port. */
export interface Route {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export function opsRoutes(deps: { health: HealthSources; registry: Registry }): Route[] {
  return [
    { path: '/healthz', method: ['GET'], handler: healthHandler(deps.health) },
    { path: '/metrics', method: ['GET'], handler: metricsHandler(deps.registry) },
  ];
}

/** The status page and its data, behind WX_STATUS_TOKEN (status-token.ts). */
export function statusRoutes(sources: StatusSources): Route[] {
  return [
    { path: '/status', method: ['GET'], handler: statusPageHandler(sources) },
    { path: '/status.json', method: ['GET'], handler: statusJsonHandler(sources) },
  ];
}
