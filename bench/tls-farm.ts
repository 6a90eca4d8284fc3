/**
 * The benchmark's TLS server, in its own process so its CPU is not counted as the client's.
 * Reads {keyPem, chainPem} as JSON on stdin (optionally {host, port} to listen on, default
 * 127.0.0.1 and any free port, and {names: true} to count handshakes per SNI name), prints the
 * port, serves until stdin closes. Counts how each connection went: handshake completed (and
 * closed cleanly or with an error) or failed, as a monitored server's log would.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import tls from 'node:tls';

// The first line carries the keys; the parent closing stdin (or dying) ends the farm. Any later
// line asks for the tally of how clients left ("names": the handshakes per SNI name): one JSON
// line back.
const lines = createInterface({ input: process.stdin });
const [input] = (await once(lines, 'line')) as [string];
lines.on('close', () => process.exit(0));
const { keyPem, chainPem, host, port, names } = JSON.parse(input) as {
  keyPem: string;
  chainPem: string;
  host?: string;
  port?: number;
  names?: boolean;
};
const tally = { completed: 0, failed: 0, cleanClose: 0, resetClose: 0 };
const perName: Record<string, number> = {};
lines.on('line', (line) =>
  process.stdout.write(`${JSON.stringify(line === 'names' ? perName : tally)}\n`),
);
const server = tls.createServer({ key: keyPem, cert: chainPem, ciphers: 'DEFAULT@SECLEVEL=0' });
server.on('secureConnection', (s) => {
  tally.completed++;
  if (names) {
    const name = (s as tls.TLSSocket & { servername?: string | false }).servername || '';
    perName[name] = (perName[name] ?? 0) + 1;
  }
  let reset = false;
  s.on('error', () => {
    reset = true;
  });
  s.on('close', () => (reset ? tally.resetClose++ : tally.cleanClose++));
  s.end();
});
server.on('tlsClientError', () => tally.failed++);
server.on('connection', (s) => s.on('error', () => {}));
server.listen(port ?? 0, host ?? '127.0.0.1');
await once(server, 'listening');
process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
