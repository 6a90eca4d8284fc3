import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { probeCert } from '../../src/probes/cert/index.js';
import { createContext } from '../../src/probes/context.js';
import { GUARDED_POLICY, refusal } from '../../src/probes/net/guard.js';

describe('attack: reaching internal addresses through the guard', () => {
  for (const address of ['::7f00:1', '[::7f00:1]', '::a00:1', '::a9fe:a9fe', '::808:808']) {
    it(`refuses the IPv4-compatible IPv6 address ${address} (::/96 is never public)`, () => {
      assert.match(refusal(GUARDED_POLICY, address) ?? 'allowed', /ipv4Compatible/);
    });
  }

  it('still lets public IPv6 through', () => {
    assert.equal(refusal(GUARDED_POLICY, '2400:3200::1'), null);
  });

  it('does not say which private address a public name resolved to', async () => {
    const ctx = createContext({
      timeoutMs: 2000,
      policy: GUARDED_POLICY,
      lookup: async () => [{ address: '10.20.30.40', family: 4 }],
    });
    const r = await probeCert({ host: 'intranet.example.test', port: 443, warnDays: 30 }, ctx);
    assert.deepEqual(
      r.findings.map((f) => f.code),
      ['ADDRESS_BLOCKED'],
    );
    const text = JSON.stringify(r);
    assert.ok(!text.includes('10.20.30.40'), text);
    assert.match(r.findings[0]?.message ?? '', /private/);
  });

  it('names the address when the user typed it', async () => {
    const ctx = createContext({ timeoutMs: 2000, policy: GUARDED_POLICY });
    const r = await probeCert({ host: '10.20.30.40', port: 443, warnDays: 30 }, ctx);
    assert.match(r.findings[0]?.message ?? '', /10\.20\.30\.40 is in a private range/);
  });
});
