import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { plan } from '../../commands/index.js';
import { describeRedis } from '../../src/config/redis.js';
import { parseHttpUrl } from '../../src/probes/http/url.js';
import { parseResolveOverride } from '../../src/probes/net/resolve-override.js';
import { bracketHost, formatHostPort } from '../../src/probes/net/target.js';
import { bundle, goodChain } from '../fixtures/pki.js';
import { wx } from '../fixtures/wx.js';

function probes(argv: string[]) {
  const p = plan(argv, 'cli');
  assert.equal(p.kind, 'probes');
  return p as Extract<typeof p, { kind: 'probes' }>;
}

describe('IPv6 literals are bracketed in every URL and host:port we build', () => {
  for (const target of ['[::1]', '::1']) {
    it(`check ${target}: https://[::1]/, cert [::1]:443, title [::1]`, () => {
      const p = probes(['check', target]);
      assert.equal(p.combine?.title, '[::1]');
      const http = p.requests.find((r) => r.probe === 'http');
      assert.deepEqual(http?.spec, { url: 'https://[::1]/', resolve: [] });
      const cert = p.requests.find((r) => r.probe === 'cert');
      assert.deepEqual(cert?.spec, { host: '::1', port: 443, warnDays: 30 });
    });
  }

  it('check [::1]:8443 and http ::1', () => {
    const http = probes(['check', '[::1]:8443']).requests.find((r) => r.probe === 'http');
    assert.deepEqual(http?.spec, { url: 'https://[::1]:8443/', resolve: [] });
    assert.equal(parseHttpUrl('::1').href, 'https://[::1]/');
    assert.deepEqual(probes(['http', '2001:db8::1']).requests[0]?.spec, {
      url: 'https://[2001:db8::1]/',
      resolve: [],
    });
  });

  it('host:port text: formatHostPort, --resolve with a bracketed host, Redis endpoints', () => {
    assert.equal(formatHostPort('::1', 443), '[::1]:443');
    assert.equal(formatHostPort('::1', 443, 443), '[::1]');
    assert.equal(formatHostPort('api.example.com', 8443, 443), 'api.example.com:8443');
    assert.equal(bracketHost('[::1]'), '[::1]');
    assert.deepEqual(parseResolveOverride('[::1]:8443:127.0.0.1'), {
      host: '::1',
      port: 8443,
      address: '127.0.0.1',
    });
    assert.equal(
      describeRedis({
        kind: 'cluster',
        nodes: [
          { host: 'fd00::7', port: 7000 },
          { host: '10.0.0.1', port: 7001 },
        ],
      } as never),
      'cluster [fd00::7]:7000,10.0.0.1:7001',
    );
  });
});

describe('api-domains and cert against a server on [::1]', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wx-v6-'));
  const pki = goodChain('::1', { leaf: { sans: ['::1'] } });
  const rootFile = join(dir, 'root.pem');
  writeFileSync(rootFile, pki.root.certPem);
  let server: https.Server;
  let port: number;

  before(async () => {
    server = https.createServer(
      { key: pki.leaf.keyPem, cert: bundle(pki.leaf, pki.intermediate) },
      (_req, res) => res.end('ok'),
    );
    server.listen(0, '::1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('api-domains --domains [::1]:PORT: the HTTP part reaches https://[::1]:PORT/', async () => {
    const args = [
      'api-domains',
      '--domains',
      `[::1]:${port}`,
      '--resolver',
      '127.0.0.1:9',
      '--ca',
      rootFile,
      '--timeout',
      '3000',
    ];
    const r = await wx([...args, '--json']);
    const row = JSON.parse(r.stdout).detail.domains[0];
    assert.equal(row.http.httpStatus, 200, r.stdout);
    assert.equal(row.reachable, true);

    const human = await wx(args);
    assert.match(human.stdout, new RegExp(`^  \\[::1\\]:${port} `, 'm'));
  });

  it('cert [::1]:PORT shows the address as [::1]:PORT', async () => {
    const r = await wx(['cert', `[::1]:${port}`, '--ca', rootFile, '--timeout', '3000']);
    assert.match(r.stdout, new RegExp(`address +\\[::1\\]:${port}\\b`));
  });
});
