/**
 * The cert probe leaves a server politely: a completed handshake ends with close_notify and a FIN,
 * never a reset, so monitored servers do not log every check as a failed handshake; a raw hello
 * abandoned at ServerHelloDone says so (user_canceled, close_notify) before its FIN.
 */
import assert from 'node:assert/strict';
import { describe, type TestContext, test } from 'node:test';
import { probeCert } from '../src/probes/cert/index.js';
import { createContext } from '../src/probes/context.js';
import { probeHttp } from '../src/probes/http/index.js';
import { connectTcp } from '../src/probes/net/dial.js';
import { clientHello } from '../src/probes/tls/hello.js';
import type { LookupFn } from '../src/probes/types.js';
import { type CloseWatch, startCloseWatch } from './fixtures/close-watch.js';
import { bundle, days, issue, rsaKeyPem } from './fixtures/pki.js';

const root = issue({ cn: 'wxdoctor Close Root', ca: true, notAfter: days(3650) });
const leaf = issue({ cn: 'localhost', sans: ['localhost'], issuer: root, keyPem: rsaKeyPem() });
const loopback: LookupFn = async () => [{ address: '127.0.0.1', family: 4 }];

const ALERT = 21;
const WARNING = 1;
const USER_CANCELED = 90;
const CLOSE_NOTIFY = 0;

async function watch(t: TestContext, opts: Parameters<typeof startCloseWatch>[0] = {}) {
  const w = await startCloseWatch({ key: leaf.keyPem, cert: bundle(leaf, root), ...opts });
  t.after(() => w.close());
  return w;
}

function probe(w: CloseWatch, checkLegacy: boolean) {
  return probeCert(
    { host: 'localhost', port: w.port, warnDays: 30, checkLegacy, checkRevocation: false },
    createContext({ timeoutMs: 5000, extraCaPem: [root.certPem], lookup: loopback }),
  );
}

describe('the cert probe closes TLS cleanly', () => {
  test('TLS 1.3: the server sees a completed handshake and an orderly close', async (t) => {
    const w = await watch(t);
    const r = await probe(w, false);
    assert.equal(r.detail.protocol, 'TLSv1.3');
    assert.deepEqual(await w.serverViews(1), [{ handshake: 'completed', close: 'clean' }]);
    const [leaving] = await w.leavings(1);
    assert.equal(leaving?.ended, 'fin');
  });

  test('TLS 1.2: the last record the client sends is an alert (close_notify), then a FIN', async (t) => {
    const w = await watch(t, { maxVersion: 'TLSv1.2' });
    const r = await probe(w, false);
    assert.equal(r.detail.protocol, 'TLSv1.2');
    assert.deepEqual(await w.serverViews(1), [{ handshake: 'completed', close: 'clean' }]);
    const [leaving] = await w.leavings(1);
    assert.equal(leaving?.records.at(-1), ALERT, `records sent: ${leaving?.records.join(',')}`);
    assert.equal(leaving?.ended, 'fin');
  });

  test('legacy hellos say user_canceled and close_notify before they hang up', async (t) => {
    const w = await watch(t, { minVersion: 'TLSv1', maxVersion: 'TLSv1.2' });
    const r = await probe(w, true);
    assert.equal(r.detail.legacy.status, 'accepted');
    // The main session and two raw hellos (capped at TLS 1.1, then 1.0).
    const leavings = await w.leavings(3);
    const raw = leavings.filter((l) => !l.records.includes(20));
    assert.equal(raw.length, 2, JSON.stringify(leavings));
    for (const l of raw) {
      assert.deepEqual(l.clearAlerts, [
        [WARNING, USER_CANCELED],
        [WARNING, CLOSE_NOTIFY],
      ]);
      assert.equal(l.ended, 'fin');
    }
  });

  test('an accepted raw hello leaves the same way on its own', async (t) => {
    const w = await watch(t, { maxVersion: 'TLSv1.2' });
    const socket = await connectTcp('127.0.0.1', w.port, new AbortController().signal);
    const outcome = await clientHello({
      socket,
      servername: 'localhost',
      maxVersion: 'TLSv1.2',
      signal: new AbortController().signal,
    });
    assert.equal(outcome.outcome, 'accepted');
    const [leaving] = await w.leavings(1);
    assert.deepEqual(leaving?.clearAlerts, [
      [WARNING, USER_CANCELED],
      [WARNING, CLOSE_NOTIFY],
    ]);
    assert.equal(leaving?.ended, 'fin');
  });
});

test('the http probe: a completed handshake and an orderly close (FIN, no reset)', async (t) => {
  const w = await startCloseWatch({ key: leaf.keyPem, cert: bundle(leaf, root) }, (s) =>
    s.on('data', () => s.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok')),
  );
  t.after(() => w.close());
  const r = await probeHttp(
    { url: `https://localhost:${w.port}/`, resolve: [] },
    createContext({ timeoutMs: 5000, extraCaPem: [root.certPem], lookup: loopback }),
  );
  assert.equal(r.detail.hops[0]?.status, 200);
  assert.deepEqual(await w.serverViews(1), [{ handshake: 'completed', close: 'clean' }]);
  assert.equal((await w.leavings(1))[0]?.ended, 'fin');
});
