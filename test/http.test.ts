import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { version } from '../src/config/version.js';
import { createContext } from '../src/probes/context.js';
import type { FindingCode } from '../src/probes/findings.js';
import { BODY_LIMIT, type HttpDetail, parseHttpUrl, probeHttp } from '../src/probes/http/index.js';
import { userAgent } from '../src/probes/http/user-agent.js';
import type { LookupFn, ProbeContext, ProbeResult } from '../src/probes/types.js';
import { type Handler, type RunningHttpServer, startHttpServer } from './fixtures/http-server.js';
import { bundle, days, goodChain, issue } from './fixtures/pki.js';
import { closedPort, startSilentServer } from './fixtures/tls-server.js';

/** As the callers (CLI, workers) pass it. */
const USER_AGENT = userAgent(version);

/** Every name is 127.0.0.1 unless mapped otherwise; records the names asked for. */
function loopbackLookup(map: Record<string, string> = {}): LookupFn & { asked: string[] } {
  const asked: string[] = [];
  const fn = async (name: string) => {
    asked.push(name);
    return [{ address: map[name] ?? '127.0.0.1', family: 4 as const }];
  };
  return Object.assign(fn, { asked });
}

function ctx(opts: Parameters<typeof createContext>[0] = {}): ProbeContext {
  return createContext({
    lookup: loopbackLookup(),
    timeoutMs: 5000,
    userAgent: USER_AGENT,
    ...opts,
  });
}

function codes(r: ProbeResult<HttpDetail>): FindingCode[] {
  return r.findings.map((f) => f.code);
}

async function withServer<T>(
  handler: Handler,
  run: (s: RunningHttpServer) => Promise<T>,
  opts: Parameters<typeof startHttpServer>[1] = {},
): Promise<T> {
  const server = await startHttpServer(handler, opts);
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

const chain = goodChain('localhost');
const tlsOpts = {
  tls: { keyPem: chain.leaf.keyPem, chainPem: bundle(chain.leaf, chain.intermediate) },
};
const trusted = { extraCaPem: [chain.root.certPem] };

describe('parseHttpUrl', () => {
  test('accepts http(s) URLs and bare hosts (as https)', () => {
    assert.equal(parseHttpUrl('http://example.com/a?b=1#frag').href, 'http://example.com/a?b=1');
    assert.equal(parseHttpUrl(' api.example.com ').href, 'https://api.example.com/');
    assert.equal(parseHttpUrl('api.example.com:8443/cb').href, 'https://api.example.com:8443/cb');
    assert.equal(parseHttpUrl('localhost:8080').href, 'https://localhost:8080/');
  });

  test('rejects other schemes, garbage and credentials with a clear message', () => {
    assert.throws(() => parseHttpUrl('ftp://example.com/'), /only http:\/\/ and https:\/\//);
    assert.throws(() => parseHttpUrl('http://exa mple.com/'), /not a URL/);
    assert.throws(() => parseHttpUrl(''), /no URL/);
    assert.throws(() => parseHttpUrl('https://user:pw@example.com/'), /user name or password/);
  });
});

describe('http probe: responses', () => {
  test('http 200: ok, every timing phase measured', async () => {
    await withServer(
      (_req, res) => {
        // Headers after ~60 ms, body ~250 ms later: processing and transfer must show both waits
        // (the wide gap keeps transfer above 40 ms even when a busy CI machine reads headers late).
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
          res.flushHeaders();
          setTimeout(() => res.end('hello'), 250);
        }, 60);
      },
      async (server) => {
        const r = await probeHttp({ url: server.url('/ping'), resolve: [] }, ctx());
        assert.equal(r.status, 'ok', JSON.stringify(r.findings));
        assert.deepEqual(r.findings, []);
        assert.equal(r.probe, 'http');
        assert.equal(r.target, server.url('/ping'));
        const d = r.detail;
        assert.equal(d.status, 200);
        assert.equal(d.statusText, 'OK');
        assert.equal(d.httpVersion, '1.1');
        assert.equal(d.address, '127.0.0.1');
        assert.equal(d.bodyBytes, 5);
        assert.equal(d.tls, undefined);
        assert.deepEqual(d.headers, { 'cache-control': 'no-store' });
        assert.equal(d.hops.length, 1);
        const t = d.timings;
        for (const k of [
          'resolveMs',
          'connectMs',
          'tlsMs',
          'processingMs',
          'transferMs',
        ] as const) {
          assert.ok(Number.isInteger(t[k]) && t[k] >= 0, `${k} = ${t[k]}`);
        }
        assert.equal(t.resolveMs, 0, 'an IP literal needs no DNS');
        assert.equal(t.tlsMs, 0);
        assert.ok(t.processingMs >= 40, `processing ${t.processingMs}`);
        assert.ok(t.transferMs >= 40, `transfer ${t.transferMs}`);
        assert.ok(t.totalMs >= t.processingMs + t.transferMs, `total ${t.totalMs}`);
        assert.deepEqual(d.hops[0]?.timings, t);
        assert.match(server.requests[0]?.headers['user-agent'] ?? '', /^wxdoctor\/\d+\.\d+\.\d+/);
        assert.equal(server.requests[0]?.method, 'GET');
      },
    );
  });

  test('https 200 with a private root: ok, TLS detail, HTTP_NO_HSTS without the header', async () => {
    await withServer(
      (_req, res) => res.end('ok'),
      async (server) => {
        const lookup = loopbackLookup();
        const r = await probeHttp(
          { url: server.url('/', 'localhost'), resolve: [] },
          ctx({ ...trusted, lookup }),
        );
        assert.equal(r.status, 'ok', JSON.stringify(r.findings));
        assert.deepEqual(codes(r), ['HTTP_NO_HSTS']);
        assert.equal(r.findings[0]?.severity, 'info');
        assert.match(r.detail.tls?.protocol ?? '', /^TLSv1\.[23]$/);
        assert.ok((r.detail.tls?.cipher ?? '').length > 0);
        assert.deepEqual(lookup.asked, ['localhost']);
        assert.equal(server.requests[0]?.servername, 'localhost');
        const t = r.detail.timings;
        const phases = t.resolveMs + t.connectMs + t.tlsMs + t.processingMs + t.transferMs;
        // Phases do not overlap (each of the six values may be rounded by up to 0.5 ms).
        assert.ok(phases <= t.totalMs + 3, `${JSON.stringify(t)}`);
        assert.ok(t.tlsMs > 0 || t.connectMs > 0 || t.processingMs > 0, JSON.stringify(t));
      },
      tlsOpts,
    );
  });

  test('https 200 with Strict-Transport-Security: no HTTP_NO_HSTS, header kept', async () => {
    await withServer(
      (_req, res) => {
        res.setHeader('strict-transport-security', 'max-age=31536000');
        res.setHeader('server', 'nginx');
        res.end('ok');
      },
      async (server) => {
        const r = await probeHttp({ url: server.url('/', 'localhost'), resolve: [] }, ctx(trusted));
        assert.deepEqual(r.findings, []);
        assert.equal(r.status, 'ok');
        assert.deepEqual(r.detail.headers, {
          'strict-transport-security': 'max-age=31536000',
          server: 'nginx',
        });
      },
      tlsOpts,
    );
  });

  test('https to an IP literal: no SNI, certificate checked against the IP SAN', async () => {
    await withServer(
      (_req, res) => res.end('ok'),
      async (server) => {
        const r = await probeHttp({ url: server.url('/'), resolve: [] }, ctx(trusted));
        assert.deepEqual(codes(r), ['HTTP_NO_HSTS']);
        assert.equal(server.requests[0]?.servername, null);
      },
      tlsOpts,
    );
  });

  for (const status of [500, 503]) {
    test(`${status} → HTTP_5XX, fail`, async () => {
      await withServer(
        (_req, res) => {
          res.statusCode = status;
          res.end('down');
        },
        async (server) => {
          const r = await probeHttp({ url: server.url('/api'), resolve: [] }, ctx());
          assert.equal(r.status, 'fail');
          assert.deepEqual(codes(r), ['HTTP_5XX']);
          const phrase = status === 500 ? 'Internal Server Error' : 'Service Unavailable';
          assert.match(r.findings[0]?.message ?? '', new RegExp(`${status} ${phrase}`));
          assert.ok(r.findings[0]?.message.includes(server.url('/api')));
          assert.equal(r.detail.status, status);
        },
      );
    });
  }

  test('404 → HTTP_4XX, warn', async () => {
    await withServer(
      (_req, res) => {
        res.statusCode = 404;
        res.end();
      },
      async (server) => {
        const r = await probeHttp({ url: server.url('/missing'), resolve: [] }, ctx());
        assert.equal(r.status, 'warn');
        assert.deepEqual(codes(r), ['HTTP_4XX']);
        assert.match(r.findings[0]?.message ?? '', /404 Not Found/);
        assert.ok(r.findings[0]?.message.includes(server.url('/missing')));
      },
    );
  });

  test('reads at most BODY_LIMIT of an endless body and does not fail', async () => {
    const chunk = Buffer.alloc(64 * 1024, 120);
    await withServer(
      (_req, res) => {
        res.writeHead(200);
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
      },
      async (server) => {
        const r = await probeHttp({ url: server.url('/'), resolve: [] }, ctx());
        assert.equal(r.status, 'ok', JSON.stringify(r.findings));
        assert.ok(r.detail.bodyBytes >= BODY_LIMIT, `${r.detail.bodyBytes}`);
        assert.ok(r.detail.bodyBytes < BODY_LIMIT + 256 * 1024, `${r.detail.bodyBytes}`);
      },
    );
  });
});

describe('http probe: redirects', () => {
  test('301 → 302 → 200: chain recorded, relative Location resolved, timings summed', async () => {
    await withServer(
      (req, res) => {
        if (req.url === '/a') {
          res.writeHead(301, { location: '/b' }).end();
        } else if (req.url === '/b') {
          res.writeHead(302, { location: `http://127.0.0.1:${res.socket?.localPort}/c?x=1` }).end();
        } else {
          res.end('final');
        }
      },
      async (server) => {
        const r = await probeHttp({ url: server.url('/a'), resolve: [] }, ctx());
        assert.equal(r.status, 'ok', JSON.stringify(r.findings));
        const d = r.detail;
        assert.deepEqual(d.redirects, [
          { url: server.url('/a'), status: 301, location: server.url('/b') },
          { url: server.url('/b'), status: 302, location: server.url('/c?x=1') },
        ]);
        assert.equal(d.url, server.url('/a'));
        assert.equal(d.finalUrl, server.url('/c?x=1'));
        assert.equal(d.status, 200);
        assert.equal(d.headers.location, undefined);
        assert.deepEqual(
          d.hops.map((h) => [h.url, h.status, h.address]),
          [
            [server.url('/a'), 301, '127.0.0.1'],
            [server.url('/b'), 302, '127.0.0.1'],
            [server.url('/c?x=1'), 200, '127.0.0.1'],
          ],
        );
        for (const k of Object.keys(d.timings) as Array<keyof typeof d.timings>) {
          const summed = d.hops.reduce((n, h) => n + h.timings[k], 0);
          assert.equal(d.timings[k], summed, k);
        }
        assert.deepEqual(
          server.requests.map((q) => q.url),
          ['/a', '/b', '/c?x=1'],
        );
      },
    );
  });

  test('A → B → A → HTTP_REDIRECT_LOOP naming the loop', async () => {
    await withServer(
      (req, res) => res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end(),
      async (server) => {
        const r = await probeHttp({ url: server.url('/a'), resolve: [] }, ctx());
        assert.equal(r.status, 'fail');
        assert.deepEqual(codes(r), ['HTTP_REDIRECT_LOOP']);
        assert.equal(
          r.findings[0]?.message,
          `redirect loop: ${server.url('/a')} → ${server.url('/b')} → ${server.url('/a')}`,
        );
        assert.equal(r.detail.hops.length, 2);
        assert.equal(r.detail.redirects.length, 2);
      },
    );
  });

  // /r/N redirects to /r/N+1 while N < last.
  const counting =
    (last: number): Handler =>
    (req, res) => {
      const n = Number(req.url?.split('/')[2]);
      if (n < last) res.writeHead(302, { location: `/r/${n + 1}` }).end();
      else res.end('done');
    };

  test('11 redirects → HTTP_REDIRECT_LOOP (too many); 10 are fine', async () => {
    await withServer(counting(11), async (server) => {
      const r = await probeHttp({ url: server.url('/r/0'), resolve: [] }, ctx());
      assert.deepEqual(codes(r), ['HTTP_REDIRECT_LOOP']);
      assert.match(r.findings[0]?.message ?? '', /too many redirects: more than 10/);
      assert.equal(server.requests.length, 11, 'the 11th redirect is not followed');
    });
    await withServer(counting(10), async (server) => {
      const r = await probeHttp({ url: server.url('/r/0'), resolve: [] }, ctx());
      assert.equal(r.status, 'ok', JSON.stringify(r.findings));
      assert.equal(r.detail.redirects.length, 10);
      assert.equal(r.detail.finalUrl, server.url('/r/10'));
    });
  });

  test('maxRedirects lowers the limit', async () => {
    await withServer(counting(3), async (server) => {
      const r = await probeHttp({ url: server.url('/r/0'), resolve: [], maxRedirects: 2 }, ctx());
      assert.deepEqual(codes(r), ['HTTP_REDIRECT_LOOP']);
      assert.match(r.findings[0]?.message ?? '', /more than 2/);
    });
  });

  test('a Location with another scheme is not followed: the 3xx is the final answer', async () => {
    await withServer(
      (_req, res) => res.writeHead(302, { location: 'weixin://dl/business' }).end(),
      async (server) => {
        const r = await probeHttp({ url: server.url('/'), resolve: [] }, ctx());
        assert.deepEqual(r.findings, []);
        assert.equal(r.detail.status, 302);
        assert.deepEqual(r.detail.redirects, []);
        assert.equal(r.detail.headers.location, 'weixin://dl/business');
        assert.equal(server.requests.length, 1);
      },
    );
  });
});

describe('http probe: stalls never hang it', () => {
  test('headers never sent → HTTP_TIMEOUT', async () => {
    await withServer(
      () => {},
      async (server) => {
        const r = await probeHttp({ url: server.url('/'), resolve: [] }, ctx({ timeoutMs: 500 }));
        assert.deepEqual(codes(r), ['HTTP_TIMEOUT']);
        assert.match(r.findings[0]?.message ?? '', /no response headers/);
        assert.ok(r.durationMs >= 450 && r.durationMs < 3000, `${r.durationMs} ms`);
        assert.equal(r.detail.status, null);
        assert.equal(r.detail.address, '127.0.0.1');
      },
    );
  });

  test('body stalls after the headers → HTTP_TIMEOUT, status still reported', async () => {
    await withServer(
      (_req, res) => {
        res.writeHead(200, { 'content-length': '100' });
        res.write('x'.repeat(10));
      },
      async (server) => {
        const r = await probeHttp({ url: server.url('/'), resolve: [] }, ctx({ timeoutMs: 500 }));
        assert.deepEqual(codes(r), ['HTTP_TIMEOUT']);
        assert.match(r.findings[0]?.message ?? '', /stalled after 10 bytes/);
        assert.ok(r.durationMs < 3000, `${r.durationMs} ms`);
        assert.equal(r.detail.status, 200);
        assert.equal(r.detail.bodyBytes, 10);
      },
    );
  });

  test('TLS handshake never answered → TLS_TIMEOUT', async () => {
    const silent = await startSilentServer();
    try {
      const r = await probeHttp(
        { url: `https://localhost:${silent.port}/`, resolve: [] },
        ctx({ timeoutMs: 500 }),
      );
      assert.deepEqual(codes(r), ['TLS_TIMEOUT']);
      assert.ok(r.durationMs < 3000, `${r.durationMs} ms`);
      assert.equal(r.detail.address, '127.0.0.1');
    } finally {
      await silent.close();
    }
  });

  test('cancelled by the caller before connecting → CONNECT_TIMEOUT, no connection made', async () => {
    await withServer(
      (_req, res) => res.end('ok'),
      async (server) => {
        const r = await probeHttp(
          { url: server.url('/'), resolve: [] },
          ctx({ signal: AbortSignal.abort() }),
        );
        assert.deepEqual(codes(r), ['CONNECT_TIMEOUT']);
        assert.equal(server.connections(), 0);
      },
    );
  });

  test('DNS never answers → DNS_FAILED (timed out)', async () => {
    // A real query holds a handle open; the stub must too, or the (unref'd) deadline timer
    // would let the event loop end before it fires.
    const pending = setInterval(() => {}, 60_000);
    try {
      const r = await probeHttp(
        { url: 'http://stuck.example.test/', resolve: [] },
        ctx({ timeoutMs: 300, lookup: () => new Promise(() => {}) }),
      );
      assert.deepEqual(codes(r), ['DNS_FAILED']);
      assert.match(r.findings[0]?.message ?? '', /timed out/);
      assert.equal(r.detail.timings.processingMs, 0, 'no request was sent');
      assert.ok(r.detail.timings.totalMs >= 250, `${r.detail.timings.totalMs}`);
    } finally {
      clearInterval(pending);
    }
  });
});

describe('http probe: connection and certificate failures', () => {
  test('connection refused → CONNECT_REFUSED', async () => {
    const port = await closedPort();
    const r = await probeHttp({ url: `http://127.0.0.1:${port}/`, resolve: [] }, ctx());
    assert.equal(r.status, 'fail');
    assert.deepEqual(codes(r), ['CONNECT_REFUSED']);
    assert.equal(r.detail.address, '127.0.0.1');
    assert.equal(r.detail.hops[0]?.status, null);
    assert.equal(r.detail.timings.processingMs, 0, 'no request was sent');
  });

  const tlsCase = async (opts: { keyPem: string; chainPem: string }, extraCaPem: string[]) =>
    withServer(
      (_req, res) => res.end('ok'),
      async (server) => {
        const r = await probeHttp(
          { url: server.url('/', 'localhost'), resolve: [] },
          ctx({ extraCaPem }),
        );
        assert.equal(server.requests.length, 0, 'no request over a rejected connection');
        return r;
      },
      { tls: opts },
    );

  test('expired certificate → CERT_EXPIRED, hint points at wx cert', async () => {
    const c = goodChain('localhost', { leaf: { notBefore: days(-100), notAfter: days(-1) } });
    const r = await tlsCase({ keyPem: c.leaf.keyPem, chainPem: bundle(c.leaf, c.intermediate) }, [
      c.root.certPem,
    ]);
    assert.deepEqual(codes(r), ['CERT_EXPIRED']);
    assert.match(
      r.findings[0]?.hint ?? '',
      /`wx cert localhost:\d+` gives the full chain analysis/,
    );
  });

  test('self-signed certificate → CERT_SELF_SIGNED', async () => {
    const self = issue({ cn: 'localhost', sans: ['localhost', '127.0.0.1'] });
    const r = await tlsCase({ keyPem: self.keyPem, chainPem: self.certPem }, []);
    assert.deepEqual(codes(r), ['CERT_SELF_SIGNED']);
  });

  test('certificate for another host → CERT_HOSTNAME_MISMATCH', async () => {
    const c = goodChain('other.example.test');
    const r = await tlsCase({ keyPem: c.leaf.keyPem, chainPem: bundle(c.leaf, c.intermediate) }, [
      c.root.certPem,
    ]);
    assert.deepEqual(codes(r), ['CERT_HOSTNAME_MISMATCH']);
  });

  test('intermediate not sent → CHAIN_INCOMPLETE', async () => {
    const r = await tlsCase({ keyPem: chain.leaf.keyPem, chainPem: chain.leaf.certPem }, [
      chain.root.certPem,
    ]);
    assert.deepEqual(codes(r), ['CHAIN_INCOMPLETE']);
  });

  test('chain to an unknown root → CERT_UNTRUSTED', async () => {
    const r = await tlsCase(
      { keyPem: chain.leaf.keyPem, chainPem: bundle(chain.leaf, chain.intermediate, chain.root) },
      [],
    );
    assert.deepEqual(codes(r), ['CERT_UNTRUSTED']);
  });

  test('http:// to a TLS port: closed without an HTTP answer, not a probe error', async () => {
    await withServer(
      () => {},
      async (server) => {
        const r = await probeHttp(
          { url: `http://127.0.0.1:${server.port}/`, resolve: [] },
          ctx({ timeoutMs: 2000 }),
        );
        assert.equal(r.status, 'fail', JSON.stringify(r.findings));
        assert.deepEqual(codes(r), ['HTTP_BAD_RESPONSE']);
        assert.match(r.findings[0]?.hint ?? '', /plain HTTP/);
      },
      tlsOpts,
    );
  });
});

describe('http probe: --resolve and the address guard', () => {
  const api = goodChain('api.example.test');
  const apiTls = { tls: { keyPem: api.leaf.keyPem, chainPem: bundle(api.leaf, api.intermediate) } };

  test('--resolve: connects to the override, Host and SNI stay the URL host, no DNS', async () => {
    await withServer(
      (_req, res) => res.end('ok'),
      async (server) => {
        const lookup = loopbackLookup();
        const url = `https://api.example.test:${server.port}/cb`;
        const r = await probeHttp(
          {
            url,
            resolve: [{ host: 'api.example.test', port: server.port, address: '127.0.0.1' }],
          },
          ctx({ extraCaPem: [api.root.certPem], lookup }),
        );
        assert.deepEqual(codes(r), ['HTTP_NO_HSTS']);
        assert.equal(r.detail.address, '127.0.0.1');
        assert.equal(r.detail.timings.resolveMs, 0);
        assert.deepEqual(lookup.asked, []);
        assert.equal(server.requests[0]?.headers.host, `api.example.test:${server.port}`);
        assert.equal(server.requests[0]?.servername, 'api.example.test');
      },
      apiTls,
    );
  });

  test('--resolve applies to its host:port only: a redirect elsewhere goes through DNS and the guard', async () => {
    const other = await startHttpServer((_req, res) => res.end('other'), { host: '127.0.0.2' });
    try {
      await withServer(
        (_req, res) =>
          res.writeHead(302, { location: `http://other.example.test:${other.port}/` }).end(),
        async (server) => {
          const run = (allow: string[]) => {
            const lookup = loopbackLookup({ 'other.example.test': '127.0.0.2' });
            const spec = {
              url: `http://api.example.test:${server.port}/`,
              resolve: [{ host: 'api.example.test', port: server.port, address: '127.0.0.1' }],
            };
            const policy = { denyPrivate: true, allow };
            return probeHttp(spec, ctx({ lookup, policy })).then((r) => ({ r, lookup }));
          };

          const blocked = await run(['127.0.0.1/32']);
          assert.deepEqual(codes(blocked.r), ['ADDRESS_BLOCKED']);
          assert.equal(blocked.r.status, 'error');
          assert.deepEqual(blocked.lookup.asked, ['other.example.test']);
          assert.equal(blocked.r.detail.hops[1]?.address, null, 'the private address stays unsaid');
          assert.equal(other.connections(), 0, 'never connected to the blocked address');
          assert.equal(server.requests.length, 1);

          const allowed = await run(['127.0.0.0/8']);
          assert.equal(allowed.r.status, 'ok', JSON.stringify(allowed.r.findings));
          assert.equal(allowed.r.detail.address, '127.0.0.2');
          assert.equal(other.requests[0]?.headers.host, `other.example.test:${other.port}`);
        },
      );
    } finally {
      await other.close();
    }
  });

  test('a redirect to an IP literal is guarded too', async () => {
    const other = await startHttpServer((_req, res) => res.end('other'), { host: '127.0.0.2' });
    try {
      await withServer(
        (_req, res) => res.writeHead(302, { location: other.url('/') }).end(),
        async (server) => {
          const r = await probeHttp(
            { url: server.url('/'), resolve: [] },
            ctx({ policy: { denyPrivate: true, allow: ['127.0.0.1/32'] } }),
          );
          assert.deepEqual(codes(r), ['ADDRESS_BLOCKED']);
          assert.equal(other.connections(), 0);
        },
      );
    } finally {
      await other.close();
    }
  });

  test('guard on refuses 127.0.0.1 unless allow-listed', async () => {
    await withServer(
      (_req, res) => res.end('ok'),
      async (server) => {
        const refused = await probeHttp(
          { url: server.url('/'), resolve: [] },
          ctx({ policy: { denyPrivate: true, allow: [] } }),
        );
        assert.deepEqual(codes(refused), ['ADDRESS_BLOCKED']);
        assert.equal(server.connections(), 0);

        const allowed = await probeHttp(
          { url: server.url('/'), resolve: [] },
          ctx({ policy: { denyPrivate: true, allow: ['127.0.0.0/8'] } }),
        );
        assert.equal(allowed.status, 'ok', JSON.stringify(allowed.findings));
        assert.equal(server.connections(), 1);
      },
    );
  });
});

describe('http probe: results are plain JSON', () => {
  let httpsServer: RunningHttpServer;
  let redirector: RunningHttpServer;
  before(async () => {
    httpsServer = await startHttpServer((_req, res) => {
      res.statusCode = 503;
      res.end('busy');
    }, tlsOpts);
    redirector = await startHttpServer((_req, res) =>
      res.writeHead(301, { location: httpsServer.url('/api', 'localhost') }).end(),
    );
  });
  after(async () => {
    await Promise.all([httpsServer.close(), redirector.close()]);
  });

  test('http → https redirect with a 5xx survives a JSON round trip', async () => {
    const r = await probeHttp({ url: redirector.url('/'), resolve: [] }, ctx(trusted));
    assert.deepEqual(codes(r), ['HTTP_5XX']);
    assert.ok(r.detail.tls);
    assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
  });

  test('a failed probe survives a JSON round trip', async () => {
    const port = await closedPort();
    const r = await probeHttp({ url: `http://127.0.0.1:${port}/`, resolve: [] }, ctx());
    assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
  });

  test('bad input becomes PROBE_ERROR, not an exception', async () => {
    const r = await probeHttp({ url: 'gopher://example.com/', resolve: [] }, ctx());
    assert.deepEqual(codes(r), ['PROBE_ERROR']);
    assert.equal(r.status, 'error');
    assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
  });
});
