/**
 * `check --resolver` makes cert and http resolve through the named resolver: under the chat
 * address guard, an internal resolver is never asked (no DNS queries from the bot into the
 * internal network), exactly as the dns part refuses it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createContext } from '../../src/probes/context.js';
import { runProbe } from '../../src/probes/index.js';
import { GUARDED_POLICY } from '../../src/probes/net/guard.js';
import { DnsServer } from '../fixtures/dns-server.js';

let dns: DnsServer;
before(async () => {
  dns = await new DnsServer({
    zone: { 'api.example.com': [{ type: 'A', data: '127.0.0.1' }] },
  }).start();
});
after(() => dns.close());

test('guarded: cert and http do not ask a loopback resolver given with --resolver', async () => {
  const resolvers = [dns.resolver];
  const ctx = () => createContext({ timeoutMs: 3000, policy: GUARDED_POLICY });
  const cert = await runProbe(
    { probe: 'cert', spec: { host: 'api.example.com', port: 443, warnDays: 30, resolvers } },
    ctx(),
  );
  const http = await runProbe(
    { probe: 'http', spec: { url: 'https://api.example.com/', resolve: [], resolvers } },
    ctx(),
  );
  for (const r of [cert, http]) {
    assert.deepEqual(
      r.findings.map((f) => f.code),
      ['DNS_FAILED'],
      JSON.stringify(r.findings),
    );
    assert.match(r.findings[0]?.message ?? '', /refused by address guard/);
  }
  assert.equal(dns.queries.length, 0, 'the resolver was never asked');
});
