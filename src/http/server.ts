import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Route } from './routes.js';

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/** The routes on their own node:http server (Socket Mode and the worker role have no receiver). */
export async function startOpsServer(
  routes: readonly Route[],
  port: number,
  host?: string,
): Promise<OpsServer> {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((r) => matches(r.path, path));
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    } else if (!route.method.includes(req.method ?? '')) {
      res
        .writeHead(405, { allow: route.method.join(', '), 'content-type': 'text/plain' })
        .end('method not allowed\n');
    } else {
      route.handler(req, res);
    }
  });
  // Probes and scrapes are short; idle keep-alive sockets must not hold up shutdown.
  server.keepAliveTimeout = 5000;
  server.listen(port, host);
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

/** An exact path, or one with `:name` segments (each matches one non-empty segment), as bolt's. */
export function matches(pattern: string, path: string): boolean {
  if (!pattern.includes('/:')) return pattern === path;
  const want = pattern.split('/');
  const got = path.split('/');
  return (
    want.length === got.length &&
    want.every((part, i) => (part.startsWith(':') ? (got[i] ?? '') !== '' : part === got[i]))
  );
}
