import { formatHostPort } from '../probes/net/target.js';

/** `host:port`, the watch id. */
export function watchId(host: string, port: number): string {
  return formatHostPort(host, port).toLowerCase();
}
