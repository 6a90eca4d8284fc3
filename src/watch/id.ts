/** `host:port`, the watch id. */
export function watchId(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`.toLowerCase();
}
