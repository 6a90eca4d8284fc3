/**
 * The benchmark's TLS server, in its own process so its CPU is not counted as the client's.
 * Reads {keyPem, chainPem} as JSON on stdin, prints the port, serves until stdin closes.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';

let input = '';
for await (const chunk of process.stdin) {
  input += chunk;
  if (input.includes('\n')) break;
}
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
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
