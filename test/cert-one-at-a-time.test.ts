/**
 * Against a server that serves one connection at a time (`openssl s_server`), the cert probe's
 * legacy-TLS hellos start only after its main session is closed, so they get a definite answer
 * instead of waiting behind the probe's own open session.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, type TestContext, test } from 'node:test';
import { probeCert } from '../src/probes/cert/index.js';
import { createContext } from '../src/probes/context.js';
import type { LookupFn } from '../src/probes/types.js';
import { type OneAtATime, startOneAtATime, startOpensslServer } from './fixtures/one-at-a-time.js';
import { bundle, days, issue } from './fixtures/pki.js';

const root = issue({ cn: 'wxdoctor One Root', ca: true, notAfter: days(3650) });
const leaf = issue({ cn: 'localhost', sans: ['localhost'], issuer: root });
const loopback: LookupFn = async () => [{ address: '127.0.0.1', family: 4 }];

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function probeOn(t: TestContext, start: typeof startOneAtATime) {
  const server: OneAtATime = await start(leaf.keyPem, bundle(leaf, root));
  t.after(() => server.close());
  return probeCert(
    { host: 'localhost', port: server.port, warnDays: 30, checkRevocation: false, checkCaa: false },
    createContext({ timeoutMs: 8000, extraCaPem: [root.certPem], lookup: loopback }),
  );
}

describe('cert probe against a one-connection-at-a-time server', () => {
  test('node server: the legacy hello gets a definite answer (refused)', async (t) => {
    const r = await probeOn(t, startOneAtATime);
    assert.equal(r.status, 'ok', JSON.stringify(r.findings));
    assert.equal(r.detail.protocol, 'TLSv1.3');
    assert.equal(r.detail.legacy.status, 'refused', r.detail.legacy.note);
  });

  test('openssl s_server: the same', { skip: !hasOpenssl() && 'no openssl' }, async (t) => {
    const r = await probeOn(t, startOpensslServer);
    assert.equal(r.status, 'ok', JSON.stringify(r.findings));
    assert.ok(r.detail.protocol, 'the handshake completed');
    assert.equal(r.detail.legacy.status, 'refused', r.detail.legacy.note);
  });
});
