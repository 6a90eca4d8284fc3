/**
 * The benchmark's TLS server, in its own process so its CPU is not counted as the client's.
 * Reads {keyPem, chainPem} as JSON on stdin, prints the port, serves until stdin closes. Counts
 * how each connection went: handshake completed (and closed cleanly or with an error) or failed,
 * as a monitored server's log would.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import tls from 'node:tls';

// The first line carries the keys; the parent closing stdin (or dying) ends the farm. Any later
// line asks for the tally of how clients left: one JSON line back.
const lines = createInterface({ input: process.stdin });
const [input] = (await once(lines, 'line')) as [string];
lines.on('close', () => process.exit(0));
const tally = { completed: 0, failed: 0, cleanClose: 0, resetClose: 0 };
lines.on('line', () => process.stdout.write(`${JSON.stringify(tally)}\n`));
const { keyPem, chainPem } = JSON.parse(input) as { keyPem: string; chainPem: string };
const server = tls.createServer({ key: keyPem, cert: chainPem, ciphers: 'DEFAULT@SECLEVEL=0' });
server.on('secureConnection', (s) => {
  tally.completed++;
  let reset = false;
  s.on('error', () => {
    reset = true;
  });
  s.on('close', () => (reset ? tally.resetClose++ : tally.cleanClose++));
  s.end();
});
server.on('tlsClientError', () => tally.failed++);
server.on('connection', (s) => s.on('error', () => {}));
server.listen(0, '127.0.0.1');
await once(server, 'listening');
process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
