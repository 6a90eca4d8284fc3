import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { describe, it } from 'node:test';
import { createContext } from '../src/probes/context.js';
import { DialError, dial } from '../src/probes/net/dial.js';
import { GUARDED_POLICY, normaliseIp, parseAllowList, refusal } from '../src/probes/net/guard.js';

describe('address guard', () => {
  const refused: Array<[string, string]> = [
    ['2130706433', 'decimal IPv4 for 127.0.0.1'],
    ['0177.0.0.1', 'octal IPv4 for 127.0.0.1'],
    ['0x7f.1', 'hex short IPv4 for 127.0.0.1'],
    ['127.1', 'short IPv4'],
    ['::ffff:127.0.0.1', 'v4-mapped loopback'],
    ['::ffff:7f00:1', 'v4-mapped loopback, hex form'],
    ['[::]', 'bracketed unspecified IPv6'],
    ['::', 'unspecified IPv6'],
    ['::1', 'IPv6 loopback'],
    ['[::1]', 'bracketed IPv6 loopback'],
    ['0.0.0.0', 'unspecified IPv4'],
    ['fe80::1%eth0', 'link-local with zone id'],
    ['169.254.169.254', 'cloud metadata'],
    ['100.64.0.1', 'CGNAT'],
    ['100.100.100.200', 'Alibaba Cloud metadata (CGNAT range)'],
    ['fd00::1', 'unique local IPv6'],
    ['fd00:ec2::254', 'AWS IPv6 metadata'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['2002:a00:1::1', '6to4 of 10.0.0.1'],
  ];
  for (const [address, why] of refused) {
    it(`refuses ${address} (${why})`, () => {
      assert.notEqual(refusal(GUARDED_POLICY, address), null);
    });
  }

  const allowed = ['101.91.22.7', '8.8.8.8', '2402:4e00::', '64:ff9b::808:808', '::ffff:8.8.8.8'];
  for (const address of allowed) {
    it(`lets public ${address} through`, () => {
      assert.equal(refusal(GUARDED_POLICY, address), null);
    });
  }

  it('allows everything when the policy is open', () => {
    assert.equal(refusal({ denyPrivate: false, allow: [] }, '127.0.0.1'), null);
  });

  it('lets allow-listed ranges through, v4-mapped included', () => {
    const policy = { denyPrivate: true, allow: parseAllowList(['10.0.0.0/8', '127.0.0.1']) };
    assert.equal(refusal(policy, '10.9.8.7'), null);
    assert.equal(refusal(policy, '::ffff:10.9.8.7'), null);
    assert.equal(refusal(policy, '127.0.0.1'), null);
    assert.notEqual(refusal(policy, '127.0.0.2'), null);
    assert.notEqual(refusal(policy, '192.168.0.1'), null);
  });

  it('names the bad allow-list entry', () => {
    assert.throws(() => parseAllowList(['10.0.0.0/8', 'nonsense']), /nonsense/);
  });

  it('normalises odd IPv4 spellings and leaves names alone', () => {
    assert.equal(normaliseIp('2130706433'), '127.0.0.1');
    assert.equal(normaliseIp('[::ffff:127.0.0.1]'), '127.0.0.1');
    assert.equal(normaliseIp('api.example.com'), null);
  });

  it('answers the same after its memory of addresses has filled and started over', () => {
    assert.match(refusal(GUARDED_POLICY, '0x7f.1') ?? '', /loopback/);
    for (let i = 0; i < 5000; i++) {
      const address = `11.${(i >> 8) & 255}.${i & 255}.1`;
      assert.equal(refusal(GUARDED_POLICY, address), null, address);
      assert.equal(normaliseIp(address), address);
    }
    assert.match(refusal(GUARDED_POLICY, '0x7f.1') ?? '', /loopback/);
    assert.equal(refusal({ denyPrivate: true, allow: ['127.0.0.0/8'] }, '0x7f.1'), null);
    assert.equal(normaliseIp('0x7f.1'), '127.0.0.1');
  });
});

describe('dial applies the guard to the address actually connected to', () => {
  it('refuses a name that resolves to loopback, without connecting', async () => {
    const server = net.createServer();
    let connections = 0;
    server.on('connection', (s) => {
      connections++;
      s.destroy();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as net.AddressInfo;
    try {
      const ctx = createContext({
        timeoutMs: 2000,
        policy: GUARDED_POLICY,
        lookup: async () => [{ address: '127.0.0.1', family: 4 }],
      });
      await assert.rejects(dial({ host: 'rebind.example.test', port }, ctx), (err: unknown) => {
        assert.ok(err instanceof DialError);
        assert.equal(err.code, 'ADDRESS_BLOCKED');
        assert.match(err.message, /rebind\.example\.test: it resolves only to private/);
        return true;
      });
      // The same name through an allow-list connects.
      const open = createContext({
        timeoutMs: 2000,
        policy: { denyPrivate: true, allow: ['127.0.0.0/8'] },
        lookup: async () => [{ address: '127.0.0.1', family: 4 }],
      });
      const dialed = await dial({ host: 'rebind.example.test', port }, open);
      dialed.socket.destroy();
      assert.equal(dialed.address, '127.0.0.1');
      assert.equal(connections, 1);
    } finally {
      server.close();
    }
  });

  it('checks a --resolve address too, in its odd spellings', async () => {
    const ctx = createContext({ timeoutMs: 2000, policy: GUARDED_POLICY });
    await assert.rejects(
      dial({ host: 'api.example.test', port: 443, connectTo: '0177.0.0.1' }, ctx),
      {
        code: 'ADDRESS_BLOCKED',
      },
    );
  });

  it('skips blocked addresses and connects to a permitted one', async () => {
    const ctx = createContext({
      timeoutMs: 2000,
      policy: { denyPrivate: true, allow: ['127.0.0.2/32'] },
      lookup: async () => [
        { address: '127.0.0.1', family: 4 },
        { address: '127.0.0.2', family: 4 },
      ],
    });
    const server = net.createServer((s) => s.destroy());
    server.listen(0, '127.0.0.2');
    await once(server, 'listening');
    const { port } = server.address() as net.AddressInfo;
    try {
      const dialed = await dial({ host: 'two.example.test', port }, ctx);
      dialed.socket.destroy();
      assert.equal(dialed.address, '127.0.0.2');
    } finally {
      server.close();
    }
  });

  it('reports a name that does not resolve as DNS_FAILED', async () => {
    const ctx = createContext({
      timeoutMs: 2000,
      lookup: async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
      },
    });
    await assert.rejects(dial({ host: 'nx.example.test', port: 443 }, ctx), { code: 'DNS_FAILED' });
  });
});
