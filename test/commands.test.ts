import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS, plan, UsageError } from '../commands/index.js';
import { usageHelp } from '../src/chat/help.js';
import { replyText } from '../src/render/errcode.js';

function probes(argv: string[], surface: 'cli' | 'chat' = 'cli') {
  const p = plan(argv, surface);
  assert.equal(p.kind, 'probes');
  return p as Extract<typeof p, { kind: 'probes' }>;
}

describe('command parsing', () => {
  it('cert: host[:port], --resolve applies only to the matching host and port', () => {
    const p = probes([
      'cert',
      'API.Example.com:8443',
      '--resolve',
      'api.example.com:8443:127.0.0.1',
      '--warn-days',
      '14',
    ]);
    assert.deepEqual(p.requests, [
      {
        probe: 'cert',
        spec: { host: 'api.example.com', port: 8443, warnDays: 14, connectTo: '127.0.0.1' },
      },
    ]);
    const other = probes([
      'cert',
      'api.example.com',
      '--resolve',
      'api.example.com:8443:127.0.0.1',
    ]);
    assert.deepEqual(other.requests[0], {
      probe: 'cert',
      spec: { host: 'api.example.com', port: 443, warnDays: 30 },
    });
  });

  it('cert: IPv6 literals and URLs are targets too', () => {
    assert.deepEqual(probes(['cert', '[::1]:8443']).requests[0], {
      probe: 'cert',
      spec: { host: '::1', port: 8443, warnDays: 30 },
    });
    assert.deepEqual(probes(['cert', 'https://api.example.com:9443/path']).requests[0], {
      probe: 'cert',
      spec: { host: 'api.example.com', port: 9443, warnDays: 30 },
    });
  });

  it('dns: type and resolvers', () => {
    const p = probes([
      'dns',
      'example.com',
      '--type',
      'caa',
      '--resolver',
      '127.0.0.1:5353',
      '--resolver',
      'system',
    ]);
    assert.deepEqual(p.requests[0], {
      probe: 'dns',
      spec: {
        name: 'example.com',
        type: 'CAA',
        resolvers: [{ address: '127.0.0.1', port: 5353 }, 'system'],
      },
    });
  });

  it('check: cert + dns + http for one host; no dns for an IP literal', () => {
    const p = probes(['check', 'api.example.com']);
    assert.deepEqual(
      p.requests.map((r) => r.probe),
      ['cert', 'dns', 'http'],
    );
    assert.equal(p.combine?.title, 'api.example.com');
    const ip = probes(['check', '127.0.0.1:8443']);
    assert.deepEqual(
      ip.requests.map((r) => r.probe),
      ['cert', 'http'],
    );
    assert.equal(
      ip.requests[1]?.probe === 'http' && ip.requests[1].spec.url,
      'https://127.0.0.1:8443/',
    );
  });

  it('--file builds requests per line with the same options', () => {
    const p = probes(['cert', '--file', 'hosts.txt', '--concurrency', '8', '--warn-days', '7']);
    assert.equal(p.requests.length, 0);
    assert.equal(p.batch?.concurrency, 8);
    assert.deepEqual(p.batch?.request('a.example.com:444'), {
      probe: 'cert',
      spec: { host: 'a.example.com', port: 444, warnDays: 7 },
    });
  });

  it('chat turns the guard on and refuses terminal-only options', () => {
    assert.equal(probes(['cert', 'api.example.com'], 'chat').run.denyPrivate, true);
    assert.equal(probes(['cert', 'api.example.com']).run.denyPrivate, false);
    assert.equal(probes(['cert', 'api.example.com', '--deny-private']).run.denyPrivate, true);
    assert.throws(
      () => plan(['cert', 'x.example.com', '--ca', '/etc/passwd'], 'chat'),
      /only available in the terminal/,
    );
    assert.throws(
      () => plan(['cert', '--file', '/etc/passwd'], 'chat'),
      /only available in the terminal/,
    );
  });

  const bad: Array<[string[], RegExp]> = [
    [[], /missing command/],
    [['frobnicate'], /unknown command/],
    [['cert'], /missing target/],
    [['cert', 'a.example.com', 'b.example.com'], /one target at a time/],
    [['cert', 'a.example.com', '--bogus'], /Unknown option '--bogus'/],
    [['cert', 'a.example.com', '--timeout', 'soon'], /--timeout wants a whole number/],
    [['cert', 'a.example.com', '--timeout', '0'], /--timeout wants a whole number/],
    [['cert', 'a.example.com:99999'], /bad port/],
    [['cert', 'bad host!'], /not a host name/],
    [['cert', 'a.example.com', '--resolve', 'a.example.com:443'], /--resolve wants HOST:PORT:ADDR/],
    [['cert', 'a.example.com', '--concurrency', '4'], /--concurrency only applies with --file/],
    [['cert', 'a.example.com', '--file', 'x'], /either on the command line or with --file/],
    [['dns', 'example.com', '--type', 'SOAP'], /--type must be one of/],
    [['dns', 'example.com', '--resolver', 'not-an-ip'], /--resolver/],
    [['dns', '192.0.2.1'], /takes a name, not an IP address/],
    [['http', 'ftp://example.com/'], /http/],
    [['check', 'https://example.com/'], /not a URL/],
    [['help', 'nope'], /no command named/],
  ];
  for (const [argv, message] of bad) {
    it(`rejects ${JSON.stringify(argv)} with a usage error`, () => {
      assert.throws(
        () => plan(argv, 'cli'),
        (err: unknown) => err instanceof UsageError && message.test(err.message),
      );
    });
  }

  it('details: one #reference, in chat; the terminal is told that check prints everything', () => {
    for (const ref of ['#W48213907', 'W48213907', 'w48213907']) {
      assert.deepEqual(plan(['details', ref], 'chat'), { kind: 'details', ref: 'W48213907' });
    }
    for (const bad of [[], ['#X12'], ['#W1', '#W2'], ['api.example.com']]) {
      assert.throws(() => plan(['details', ...bad], 'chat'), UsageError, JSON.stringify(bad));
    }
    assert.throws(() => plan(['details', '#W12'], 'cli'), /prints every detail already/);
  });

  it('help lists every command and shows one command in full', () => {
    const all = plan(['help'], 'cli');
    assert.equal(all.kind, 'reply');
    for (const name of ['cert', 'dns', 'http', 'check', 'help'])
      assert.match(all.kind === 'reply' ? replyText(all) : '', new RegExp(`\\b${name}\\b`));
    const one = plan(['help', 'cert'], 'cli');
    assert.match(one.kind === 'reply' ? replyText(one) : '', /--servername NAME[\s\S]*examples:/);
  });
});

describe('help in chat lists only the options chat takes', () => {
  const TERMINAL = ['--file', '--concurrency', '--json', '--ca', '--deny-private', '--domains'];
  const text = (argv: string[], surface: 'cli' | 'chat') => {
    const p = plan(argv, surface);
    assert.equal(p.kind, 'reply');
    return replyText(p);
  };

  for (const c of COMMANDS) {
    it(`help ${c.name} in chat: no terminal-only option in usage, options or examples`, () => {
      const help = text(['help', c.name], 'chat');
      for (const flag of TERMINAL)
        assert.doesNotMatch(help, new RegExp(`${flag}\\b`), `${c.name}: ${flag}\n${help}`);
      for (const [name, spec] of Object.entries(c.flags ?? {})) {
        if (!spec.terminal) continue;
        const flag = spec.type === 'string' ? [`--${name}`, 'x'] : [`--${name}`];
        const argv = c.name === 'watch' ? ['watch', 'list', ...flag] : [c.name, ...flag];
        assert.throws(() => plan(argv, 'chat'), /only available in the terminal/, argv.join(' '));
      }
    });
  }

  it('the chat-valid options stay; the terminal still gets everything', () => {
    const chat = text(['help', 'cert'], 'chat');
    assert.match(
      chat,
      /^usage: wx cert <host\[:port\]> \[--servername NAME\] \[--resolve HOST:PORT:ADDR\] \[--pin-issuer NAME\]\.\.\. \[--pin-spki SHA256\]\.\.\. \[--resolver IP\[:PORT\]\] \[--timeout MS\] \[--warn-days N\]$/m,
    );
    assert.match(chat, /^ {2}--timeout MS {8}give up/m);
    assert.match(chat, /^ {2}--warn-days N/m);
    const dns = text(['help', 'dns'], 'chat');
    assert.match(dns, /--resolver IP\[:P\][^\n]*\n {22}Default: system/);
    assert.match(text(['help', 'api-domains'], 'chat'), /^usage: wx api-domains \[--resolve/m);
    const cli = text(['help', 'cert'], 'cli');
    for (const flag of ['--file', '--concurrency', '--json', '--ca', '--deny-private'])
      assert.match(cli, new RegExp(`${flag}\\b`));
    assert.match(text(['help', 'api-domains'], 'cli'), /\[--domains H\[:P\],…\]/);
  });

  it('the help that goes with a chat usage error is the chat one', () => {
    let err: unknown;
    try {
      plan(['cert'], 'chat');
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof UsageError);
    const help = usageHelp(err);
    assert.match(help, /^usage: wx cert /m);
    for (const flag of TERMINAL) assert.doesNotMatch(help, new RegExp(`${flag}\\b`));
  });
});
