/**
 * TLS 1.0/1.1 in certificate watches, through the watch service with the real cert probe and the
 * Redis store, against a real TLS server on loopback that still accepts TLS 1.0: the check asks
 * when legacyDue says so (first check, a day on, the check after the certificate changed), and
 * between those the last answer stands, so the TLS_LEGACY_PROTOCOL incident neither closes nor
 * reopens. Plus rememberLegacy, pure.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, type TestContext, test } from 'node:test';
import tls from 'node:tls';
import type { IncidentContent, OutboundMessage } from '../src/model/index.js';
import { LEGACY_SKIPPED } from '../src/probes/cert/legacy.js';
import type { CertResult } from '../src/probes/index.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import { watchId } from '../src/watch/id.js';
import { rememberLegacy } from '../src/watch/legacy-due.js';
import { certWatchProbe, type WatchProbe } from '../src/watch/probe.js';
import { watchRefs } from '../src/watch/refs.js';
import { type CertWatchSpec, WatchService } from '../src/watch/service.js';
import { createWatchStore } from '../src/watch/store.js';
import { certResult } from './fixtures/cert-results.js';
import { days, type Issued, issue } from './fixtures/pki.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.now();
const root = issue({ cn: 'wxdoctor Legacy Root', ca: true, notAfter: days(3650) });
const ca = issue({ cn: 'wxdoctor Legacy CA', ca: true, issuer: root, notAfter: days(1000) });
const leaf = () => issue({ cn: 'localhost', issuer: ca, notAfter: days(89) });

let redis: TestRedis;
let prefixes = 0;
before(async () => {
  redis = await startRedis();
});
after(async () => {
  await redis.close();
});

/** TLS 1.0 to 1.3, serving whatever `chain()` says at each connection. */
async function legacyServer(t: TestContext, chain: () => Issued[]) {
  const options = { minVersion: 'TLSv1', maxVersion: 'TLSv1.3', ciphers: 'DEFAULT@SECLEVEL=0' };
  const context = (c: Issued[]) =>
    tls.createSecureContext({
      ...options,
      key: c[0]?.keyPem,
      cert: c.map((x) => x.certPem).join(''),
    } as tls.SecureContextOptions);
  const first = chain();
  const server = tls.createServer({
    ...options,
    SNICallback: (_name, cb) => cb(null, context(chain())),
    key: first[0]?.keyPem,
    cert: first.map((x) => x.certPem).join(''),
  } as tls.TlsOptions);
  server.on('secureConnection', (s) => {
    s.on('error', () => {});
    s.end();
  });
  server.on('tlsClientError', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return (server.address() as AddressInfo).port;
}

async function harness(t: TestContext, chain: () => Issued[]) {
  const port = await legacyServer(t, chain);
  const prefix = `{wxl${++prefixes}}`;
  const conn = createQueueConnection(redis.url, 'worker');
  t.after(() => quit(conn));
  const clock = { now: T0 };
  const sent: OutboundMessage[] = [];
  const asked: boolean[] = [];
  const real = certWatchProbe({ allow: [], timeoutMs: 5000, extraCaPem: [root.certPem] });
  const probe: WatchProbe = (w, now, opts) => {
    asked.push(opts?.checkLegacy === true);
    return real(w, now, opts);
  };
  const store = createWatchStore(conn, { prefix });
  const service = new WatchService({
    store,
    refs: watchRefs(conn, { prefix }),
    enqueue: async (m) => {
      sent.push(...m);
    },
    checkSoon: async () => {},
    probe,
    now: () => clock.now,
  });
  const spec: CertWatchSpec = {
    id: watchId('localhost', port),
    host: 'localhost',
    port,
    connectTo: '127.0.0.1',
    days: [30, 14, 7, 3, 1],
    to: [{ platform: 'slack', workspace: 'T1', conversation: 'C1' }],
    source: 'file',
    lang: 'en',
  };
  await service.syncFile([spec]);
  /** One check `advanceMs` later: whether it asked, what it posted, the result it kept. */
  const check = async (advanceMs: number) => {
    clock.now += advanceMs;
    const from = sent.length;
    let kept: CertResult | undefined;
    assert.equal(
      await service.check(spec.id, async (r) => {
        kept = r[0]?.result as CertResult;
      }),
      'checked',
    );
    const said = sent
      .slice(from)
      .filter((m) => m.action !== 'update')
      .map((m) => {
        const c = m.content as IncidentContent;
        return `${m.action} ${c.event} ${c.problem.kind === 'breakage' ? c.problem.code : 'expiry'}`;
      });
    const legacyOpen = (await store.get(spec.id))?.state.incidents.some(
      (i) => i.key === 'TLS_LEGACY_PROTOCOL' && i.open,
    );
    return {
      asked: asked.at(-1),
      said,
      legacyOpen,
      codes: (kept?.findings ?? []).map((f) => f.code).filter((c) => c !== 'REVOCATION_UNCHECKED'),
      status: kept?.status,
    };
  };
  return { check, store, spec };
}

describe('watches and TLS 1.0/1.1', () => {
  test('asked on the first check and daily; the answer stands in between: no flapping', async (t) => {
    const h = await harness(t, () => [cert, ca]);
    const first = await h.check(0);
    assert.equal(first.asked, true, 'never asked: asked');
    assert.deepEqual(first.said, ['post opened TLS_LEGACY_PROTOCOL']);
    assert.deepEqual(first.codes, ['TLS_LEGACY_PROTOCOL']);
    assert.equal(first.status, 'warn');

    // Hours later, not asked: the last answer is in the result, the incident stays open.
    for (const hours of [1, 1, 1, 6]) {
      const c = await h.check(hours * HOUR);
      assert.equal(c.asked, false, `${hours} h on`);
      assert.deepEqual(c.said, []);
      assert.deepEqual(c.codes, ['TLS_LEGACY_PROTOCOL']);
      assert.equal(c.status, 'warn');
      assert.equal(c.legacyOpen, true);
    }
    const state = (await h.store.get(h.spec.id))?.state;
    assert.equal(state?.legacy?.detail?.status, 'accepted');
    assert.deepEqual(state?.legacy?.detail?.accepted, ['TLSv1', 'TLSv1.1']);
    assert.equal(state?.legacy?.mark?.at, T0);

    // A day after it last asked: asked again.
    const daily = await h.check(15 * HOUR);
    assert.equal(daily.asked, true);
    assert.equal(daily.legacyOpen, true);
    assert.deepEqual(daily.said, []);
  });

  test('the check after the certificate changed asks again', async (t) => {
    let served = [cert, ca];
    const h = await harness(t, () => served);
    assert.equal((await h.check(0)).asked, true);
    assert.equal((await h.check(HOUR)).asked, false);
    served = [leaf(), ca];
    const changed = await h.check(HOUR);
    assert.equal(changed.asked, false, 'the change is seen by this check');
    assert.deepEqual(changed.codes, ['TLS_LEGACY_PROTOCOL'], 'the last answer stands meanwhile');
    assert.equal((await h.check(HOUR)).asked, true, 'the next one asks');
    assert.equal((await h.check(HOUR)).asked, false);
  });
});

const cert = leaf();

describe('rememberLegacy', () => {
  const now = Date.parse('2026-12-01T00:00:00Z');
  const ok = () =>
    certResult(now, [{ role: 'leaf', fp: 'AA:BB:CC:DD:EE:FF:00:11:22', notAfter: now + 90 * DAY }]);

  test('an answer is remembered; a clear "refused" replaces "accepted"', () => {
    const r = ok();
    r.detail.legacy = { status: 'accepted', accepted: ['TLSv1'], note: 'TLSv1 with X' };
    const a = rememberLegacy(undefined, r, now);
    assert.deepEqual(a.memory, {
      leaf: 'aabbccddeeff0011',
      mark: { at: now, fingerprint256: 'aabbccddeeff0011' },
      detail: r.detail.legacy,
    });
    const refused = ok();
    refused.detail.legacy = { status: 'refused', accepted: [], note: 'alert protocol_version' };
    const b = rememberLegacy(a.memory, refused, now + DAY);
    assert.equal(b.memory.detail?.status, 'refused');
    assert.deepEqual(b.result.findings, []);
    assert.equal(b.result.status, 'ok');
  });

  test('not asked, or no clear answer: the last answer is put in the result', () => {
    const memory = {
      leaf: 'aabbccddeeff0011',
      mark: { at: now, fingerprint256: 'aabbccddeeff0011' },
      detail: { status: 'accepted' as const, accepted: ['TLSv1' as const], note: 'TLSv1 with X' },
    };
    const notAsked = ok();
    notAsked.detail.legacy = LEGACY_SKIPPED;
    const skipped = rememberLegacy(memory, notAsked, now + HOUR);
    assert.deepEqual(
      skipped.result.findings.map((f) => f.code),
      ['TLS_LEGACY_PROTOCOL'],
    );
    assert.equal(skipped.result.status, 'warn');
    assert.equal(skipped.result.detail.legacy.status, 'accepted');
    assert.deepEqual(skipped.memory.mark, memory.mark, 'not asked: the mark stays');

    const unclear = ok();
    unclear.detail.legacy = { status: 'unknown', accepted: [], note: 'timed out' };
    const u = rememberLegacy(memory, unclear, now + DAY);
    assert.equal(u.memory.mark?.at, now + DAY, 'asked: not again for a day');
    assert.deepEqual(
      u.result.findings.map((f) => f.code),
      ['TLS_LEGACY_PROTOCOL'],
    );
  });

  test('a result without a certificate is left alone', () => {
    const none = certResult(now, [], ['CONNECT_TIMEOUT']);
    const memory = { leaf: 'x', detail: { status: 'accepted' as const, accepted: [], note: '' } };
    const r = rememberLegacy(memory, none, now);
    assert.equal(r.result, none);
    assert.equal(r.memory, memory);
  });
});
