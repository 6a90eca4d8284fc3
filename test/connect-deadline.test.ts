/**
 * The connect deadline (ProbeContext.connectTimeoutMs): a host that drops SYNs (test/fixtures/
 * dead-host.ts, on loopback) is CONNECT_TIMEOUT once the connect deadline passes, saying within how
 * long, not at the probe's deadline; watch checks have one (3 s) by default.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { probeCert } from '../src/probes/cert/index.js';
import { createContext } from '../src/probes/context.js';
import { probeHttp } from '../src/probes/http/index.js';
import type { Finding } from '../src/probes/types.js';
import { certWatchProbe } from '../src/watch/probe.js';
import type { CertWatch } from '../src/watch/types.js';
import { type DeadHost, startDeadHost } from './fixtures/dead-host.js';

let dead: DeadHost;
before(async () => {
  dead = await startDeadHost();
});
after(() => dead.close());

const connectFinding = (findings: Finding[]) => {
  const f = findings.find((x) => x.code === 'CONNECT_TIMEOUT');
  assert.ok(f, JSON.stringify(findings));
  return f;
};

describe('connect deadline', () => {
  test('without one, a dead host is a connect timeout at the probe deadline', async () => {
    const ctx = createContext({ timeoutMs: 400 });
    const r = await probeCert({ host: '127.0.0.1', port: dead.port, warnDays: 30 }, ctx);
    ctx.release();
    const f = connectFinding(r.findings);
    assert.match(f.message, /timed out/);
    assert.equal(f.variant, undefined);
  });

  test('cert: not established within the connect deadline, well inside the probe deadline', async () => {
    const ctx = createContext({ timeoutMs: 60_000, connectTimeoutMs: 300 });
    const r = await probeCert({ host: '127.0.0.1', port: dead.port, warnDays: 30 }, ctx);
    ctx.release();
    assert.equal(r.status, 'fail');
    const f = connectFinding(r.findings);
    assert.equal(f.message, `connection to 127.0.0.1:${dead.port} not established within 0.3 s`);
    assert.equal(f.variant, 'within');
    assert.deepEqual(f.args, { where: `127.0.0.1:${dead.port}`, seconds: 0.3 });
    assert.equal(ctx.signal.aborted, false, 'the probe deadline did not end it');
  });

  test('http: the same finding through the connector', async () => {
    const ctx = createContext({ timeoutMs: 60_000, connectTimeoutMs: 300 });
    const r = await probeHttp({ url: `http://127.0.0.1:${dead.port}/`, resolve: [] }, ctx);
    ctx.release();
    assert.equal(ctx.signal.aborted, false, 'the probe deadline did not end it');
    assert.ok(
      r.findings.some((f) => /not established within 0\.3 s/.test(f.message)),
      JSON.stringify(r.findings),
    );
  });

  test('a watch check has a 3 s connect deadline by default', async () => {
    const watch: CertWatch = {
      id: `127.0.0.1:${dead.port}`,
      host: '127.0.0.1',
      port: dead.port,
      days: [30],
      to: [],
      source: 'file',
      lang: 'en',
      ref: 'W1',
    };
    const probe = certWatchProbe({ allow: [], timeoutMs: 60_000 });
    const r = await probe(watch, Date.now);
    const f = connectFinding(r.findings);
    assert.match(f.message, /not established within 3 s$/);
  });
});
