/**
 * An OCSP responder's good answer is reused in-process until its nextUpdate (keyed by issuer and
 * serial), as stapling servers do; answers without nextUpdate, and other answers, are asked again.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, type TestContext, test } from 'node:test';
import { probeCert } from '../src/probes/cert/index.js';
import { clearOcspAnswers } from '../src/probes/cert/ocsp-cache.js';
import { createContext } from '../src/probes/context.js';
import type { LookupFn } from '../src/probes/types.js';
import { OcspResponder } from './fixtures/ocsp-responder.js';
import { bundle, days, type Issued, issue } from './fixtures/pki.js';
import { startTlsServer } from './fixtures/tls-server.js';

const root = issue({ cn: 'wxdoctor Reuse Root', ca: true, notAfter: days(3650) });
const intermediate = issue({ cn: 'wxdoctor Reuse CA', ca: true, issuer: root });
const loopback: LookupFn = async () => [{ address: '127.0.0.1', family: 4 }];
const HOUR = 3_600_000;

async function setUp(t: TestContext) {
  const responder = new OcspResponder(intermediate);
  const url = await responder.start();
  t.after(() => responder.close());
  const leaf: Issued = issue({
    cn: 'localhost',
    sans: ['localhost'],
    issuer: intermediate,
    ocspUrl: url,
  });
  responder.set(leaf, { status: 'good' });
  const server = await startTlsServer({
    keyPem: leaf.keyPem,
    chainPem: bundle(leaf, intermediate),
  });
  t.after(() => server.close());
  const probe = (now = new Date()) =>
    probeCert(
      { host: 'localhost', port: server.port, warnDays: 30, checkLegacy: false, checkCaa: false },
      createContext({
        timeoutMs: 5000,
        extraCaPem: [root.certPem],
        lookup: loopback,
        now: () => now,
      }),
    );
  return { responder, probe };
}

describe('OCSP answers reused until nextUpdate', () => {
  beforeEach(() => clearOcspAnswers());

  test('a good answer is reused until its nextUpdate, then asked again', async (t) => {
    const { responder, probe } = await setUp(t);
    responder.options = { nextUpdate: new Date(Date.now() + 2 * HOUR) };
    for (let i = 0; i < 3; i++) {
      const r = await probe();
      assert.equal(r.detail.revocation.status, 'good');
      assert.equal(r.detail.revocation.source, 'responder');
    }
    assert.equal(responder.requests.length, 1);
    // An hour on: still valid. Three hours on: past nextUpdate, so the responder is asked.
    await probe(new Date(Date.now() + HOUR));
    assert.equal(responder.requests.length, 1);
    responder.options = { nextUpdate: new Date(Date.now() + 5 * HOUR) };
    const later = await probe(new Date(Date.now() + 3 * HOUR));
    assert.equal(later.detail.revocation.status, 'good');
    assert.equal(responder.requests.length, 2);
  });

  test('no nextUpdate: newer information is always available, so every probe asks', async (t) => {
    const { responder, probe } = await setUp(t);
    responder.options = { nextUpdate: null };
    await probe();
    await probe();
    assert.equal(responder.requests.length, 2);
  });
});
