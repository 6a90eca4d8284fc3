/** The root cause across probes (src/probes/cause.ts): the causal order and its consequences. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { attribute, STAGE_OF, STAGES, stageOf } from '../src/probes/cause.js';
import { combine } from '../src/probes/combine.js';
import { FINDING_CODES, type FindingCode, finding } from '../src/probes/findings.js';
import type { Finding, ProbeResult } from '../src/probes/types.js';
import { statusOf } from '../src/probes/verdict.js';

function result(probe: string, ...findings: Finding[]): ProbeResult {
  return {
    probe,
    target: probe === 'http' ? 'https://api.example.com/' : 'api.example.com',
    status: statusOf(findings),
    findings,
    detail: {},
    startedAt: '2026-11-27T00:00:00.000Z',
    durationMs: 5,
  };
}

const f = (code: FindingCode, message = code.toLowerCase()) => finding(code, message);

/** `probe/CODE → consequenceOf` of every finding, in order. */
function marks(results: readonly ProbeResult[]): string[] {
  return results.flatMap((r) =>
    r.findings.map((x) => `${r.probe}/${x.code}${x.consequenceOf ? ` ← ${x.consequenceOf}` : ''}`),
  );
}

describe('the causal order', () => {
  test('resolve → connect → handshake → certificate → http → wechat, every code placed', () => {
    assert.deepEqual(
      [...STAGES],
      ['resolve', 'connect', 'handshake', 'certificate', 'http', 'wechat'],
    );
    for (const code of FINDING_CODES) assert.ok(code in STAGE_OF, code);
    assert.equal(stageOf('cert', 'CONNECT_REFUSED'), 'connect');
    assert.equal(stageOf('http', 'CHAIN_INCOMPLETE'), 'certificate');
    assert.equal(stageOf('dns', 'ADDRESS_BLOCKED'), 'resolve', 'every dns finding is resolution');
    assert.equal(stageOf('cert', 'PROBE_ERROR'), null);
  });

  test('the earliest failing step is the root cause; later independent ones are others', () => {
    const a = attribute([
      result('cert', f('CERT_EXPIRED')),
      result('dns', f('DNS_SERVFAIL')),
      result('http', f('HTTP_5XX')),
    ]);
    assert.equal(a.cause?.code, 'DNS_SERVFAIL');
    assert.deepEqual(
      a.others.map((o) => `${o.probe}/${o.code}`),
      ['cert/CERT_EXPIRED', 'http/HTTP_5XX'],
    );
    assert.equal(a.status, 'fail');
  });

  test('a failure outranks an earlier warning; the warning stays an independent problem', () => {
    const a = attribute([
      result('cert', f('CERT_EXPIRING')),
      result('dns', f('DNS_INCONSISTENT')),
      result('http', f('HTTP_5XX')),
    ]);
    assert.equal(a.cause?.code, 'HTTP_5XX');
    assert.deepEqual(
      a.others.map((o) => o.code),
      ['DNS_INCONSISTENT', 'CERT_EXPIRING'],
    );
  });
});

describe('consequences', () => {
  test('NXDOMAIN: the cert and http resolution failures follow from it', () => {
    const a = attribute([
      result('cert', f('DNS_FAILED')),
      result('dns', f('DNS_NXDOMAIN')),
      result('http', f('DNS_FAILED')),
    ]);
    assert.deepEqual(marks(a.results), [
      'cert/DNS_FAILED ← dns/DNS_NXDOMAIN',
      'dns/DNS_NXDOMAIN',
      'http/DNS_FAILED ← dns/DNS_NXDOMAIN',
    ]);
    assert.equal(a.cause?.probe, 'dns');
    assert.equal(a.cause?.code, 'DNS_NXDOMAIN');
    assert.deepEqual(a.others, []);
  });

  test("CHAIN_INCOMPLETE: http's handshake failure follows from it", () => {
    const a = attribute([
      result('cert', f('CHAIN_INCOMPLETE'), f('CHAIN_HAS_ROOT')),
      result('dns'),
      result('http', f('TLS_HANDSHAKE_FAILED')),
    ]);
    assert.deepEqual(marks(a.results), [
      'cert/CHAIN_INCOMPLETE',
      'cert/CHAIN_HAS_ROOT',
      'http/TLS_HANDSHAKE_FAILED ← cert/CHAIN_INCOMPLETE',
    ]);
    assert.equal(a.cause?.code, 'CHAIN_INCOMPLETE');
    // http reports the verification error under the cert code: the same finding seen twice.
    const b = attribute([
      result('cert', f('CERT_EXPIRING'), f('CHAIN_INCOMPLETE')),
      result('http', f('CHAIN_INCOMPLETE')),
    ]);
    assert.deepEqual(marks(b.results).at(-1), 'http/CHAIN_INCOMPLETE ← cert/CHAIN_INCOMPLETE');
  });

  test('a refused connection: the other connect failures follow from it', () => {
    const a = attribute([
      result('cert', f('CONNECT_REFUSED')),
      result('dns'),
      result('http', f('CONNECT_TIMEOUT')),
    ]);
    assert.deepEqual(marks(a.results), [
      'cert/CONNECT_REFUSED',
      'http/CONNECT_TIMEOUT ← cert/CONNECT_REFUSED',
    ]);
    assert.equal(a.cause?.code, 'CONNECT_REFUSED');
  });

  test('cert ok and HTTP 502: HTTP_5XX is the cause', () => {
    const a = attribute([
      result('cert', f('REVOCATION_UNCHECKED')),
      result('dns'),
      result('http', f('HTTP_5XX'), f('HTTP_NO_HSTS')),
    ]);
    assert.equal(a.cause?.probe, 'http');
    assert.equal(a.cause?.code, 'HTTP_5XX');
    assert.ok(a.results.every((r) => r.findings.every((x) => x.consequenceOf === undefined)));
    assert.equal(a.status, 'fail');
  });

  test('nothing follows from a step the other probe got past', () => {
    // cert resolved the name (its own resolver) and was refused: not because of the NXDOMAIN.
    const a = attribute([
      result('cert', f('CONNECT_REFUSED')),
      result('dns', f('DNS_NXDOMAIN')),
      result('http', f('CONNECT_REFUSED')),
    ]);
    assert.deepEqual(marks(a.results), [
      'cert/CONNECT_REFUSED',
      'dns/DNS_NXDOMAIN',
      'http/CONNECT_REFUSED ← cert/CONNECT_REFUSED',
    ]);
    assert.equal(a.cause?.code, 'DNS_NXDOMAIN');
    assert.deepEqual(
      a.others.map((o) => o.code),
      ['CONNECT_REFUSED'],
    );
  });

  test('a warning never explains away a failure (the status would hide it)', () => {
    const partial = { ...f('DNS_NXDOMAIN'), severity: 'warn' as const };
    const a = attribute([
      result('cert', f('DNS_FAILED')),
      result('dns', partial, f('DNS_PARTIAL_FAILURE')),
      result('http', f('DNS_FAILED')),
    ]);
    assert.deepEqual(marks(a.results), [
      'cert/DNS_FAILED',
      'dns/DNS_NXDOMAIN',
      'dns/DNS_PARTIAL_FAILURE',
      'http/DNS_FAILED ← cert/DNS_FAILED',
    ]);
    assert.equal(a.cause?.code, 'DNS_FAILED');
    assert.equal(a.status, 'fail');
  });

  test('the status is the worst among causes, not among consequences', () => {
    const blocked = attribute([
      result('cert', f('ADDRESS_BLOCKED')),
      result('http', f('ADDRESS_BLOCKED')),
    ]);
    assert.equal(blocked.status, 'error');
    assert.equal(marks(blocked.results)[1], 'http/ADDRESS_BLOCKED ← cert/ADDRESS_BLOCKED');
    // An http handshake failure explained by a certificate warning would lower fail to warn: it is not explained.
    const a = attribute([
      result('cert', f('CERT_EXPIRING')),
      result('http', f('TLS_HANDSHAKE_FAILED')),
    ]);
    assert.equal(a.status, 'fail');
    assert.equal(a.cause?.code, 'TLS_HANDSHAKE_FAILED');
  });

  test('within one probe, findings are independent', () => {
    const a = attribute([result('cert', f('TLS_LEGACY_PROTOCOL'), f('CERT_EXPIRED'))]);
    assert.deepEqual(marks(a.results), ['cert/TLS_LEGACY_PROTOCOL', 'cert/CERT_EXPIRED']);
  });

  test('the inputs are not changed', () => {
    const input = [result('cert', f('CONNECT_REFUSED')), result('http', f('CONNECT_REFUSED'))];
    const before = JSON.stringify(input);
    attribute(input);
    assert.equal(JSON.stringify(input), before);
  });
});

describe('combine', () => {
  test('adds cause and consequenceOf; cause is null when the status is ok', () => {
    const bad = combine('api.example.com', [
      result('cert', f('CONNECT_REFUSED')),
      result('http', f('CONNECT_REFUSED')),
    ]);
    assert.deepEqual(bad.cause, {
      probe: 'cert',
      code: 'CONNECT_REFUSED',
      severity: 'fail',
      message: 'connect_refused',
      hint: finding('CONNECT_REFUSED', '').hint,
    });
    assert.equal(bad.results[1]?.findings[0]?.consequenceOf, 'cert/CONNECT_REFUSED');
    const good = combine('api.example.com', [result('cert', f('CHAIN_HAS_ROOT')), result('dns')]);
    assert.equal(good.status, 'ok');
    assert.equal(good.cause, null);
  });
});
