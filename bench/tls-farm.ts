/**
 * The benchmark's TLS server, in its own process so its CPU is not counted as the client's.
 * Reads {keyPem, chainPem} as JSON on stdin, prints the port, serves until stdin closes.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import tls from 'node:tls';

// The first line carries the keys; the parent closing stdin (or dying) ends the farm.
const lines = createInterface({ input: process.stdin });
const [input] = (await once(lines, 'line')) as [string];
lines.on('close', () => process.exit(0));
const { keyPem, chainPem } = JSON.parse(input) as { keyPem: string; chainPem: string };
const server = tls.createServer({ key: keyPem, cert: chainPem, ciphers: 'DEFAULT@SECLEVEL=0' });
server.on('secureConnection', (s) => {
  s.on('error', () => {});
  s.end();
});
server.on('tlsClientError', () => {});
server.on('connection', (s) => s.on('error', () => {}));
server.listen(0, '127.0.0.1');
await once(server, 'listening');
process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
