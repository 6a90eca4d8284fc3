/**
 * Cache and CDN headers of http results (detail.cache, the Cache section), HTTP_CACHEABLE_API,
 * and CDN_STALE_EDGE over real http results from local servers standing in for regional edges.
 */
import assert from 'node:assert/strict';
import type http from 'node:http';
import { describe, test } from 'node:test';
import { createContext } from '../src/probes/context.js';
import { type HttpDetail, probeHttp } from '../src/probes/http/index.js';
import {
  type CdnEdge,
  cdnEdgeFindings,
  type HttpResult,
  STALE_AGE_GAP_S,
  staleEdges,
} from '../src/probes/index.js';
import { compareRegions } from '../src/probes/regions/compare.js';
import type { ProbeContext, ProbeResult } from '../src/probes/types.js';
import { reportOf } from '../src/render/report.js';
import { type Handler, startHttpServer } from './fixtures/http-server.js';

function ctx(): ProbeContext {
  return createContext({
    lookup: async () => [{ address: '127.0.0.1', family: 4 }],
    timeoutMs: 5000,
    userAgent: 'wxdoctor-test',
  });
}

/** Probes `path` on a local server answering with `headers` (and status). */
async function probeWith(
  headers: http.OutgoingHttpHeaders,
  path = '/',
  status = 200,
): Promise<HttpResult> {
  const handler: Handler = (_req, res) => {
    res.writeHead(status, headers);
    res.end('{}');
  };
  const server = await startHttpServer(handler);
  try {
    return (await probeHttp({ url: server.url(path), resolve: [] }, ctx())) as HttpResult;
  } finally {
    await server.close();
  }
}

const codes = (r: ProbeResult<HttpDetail>) => r.findings.map((f) => f.code);

describe('http: cache and CDN headers', () => {
  test('detail.cache carries the standard cache headers and CDN variants; the report shows them', async () => {
    const r = await probeWith(
      {
        'cache-control': 'max-age=60',
        age: '17',
        etag: '"v2"',
        'last-modified': 'Tue, 01 Dec 2026 10:00:00 GMT',
        expires: 'Tue, 01 Dec 2026 11:00:00 GMT',
        via: '1.1 varnish',
        'x-cache': 'HIT TCP_MEM_HIT dirn:-2:-2',
        'x-cache-lookup': 'Hit From MemCache',
        'cf-cache-status': 'HIT',
        eagleid: '7cb2a4a517331234567',
        'x-swift-cachetime': '3600',
        'x-served-by': 'cache-nrt-1',
        'x-unrelated': 'dropped',
      },
      '/static/app.js',
    );
    assert.equal(r.status, 'ok', JSON.stringify(r.findings));
    const c = r.detail.cache;
    assert.ok(c);
    assert.equal(c.cacheControl, 'max-age=60');
    assert.equal(c.age, 17);
    assert.equal(c.etag, '"v2"');
    assert.equal(c.lastModified, 'Tue, 01 Dec 2026 10:00:00 GMT');
    assert.equal(c.expires, 'Tue, 01 Dec 2026 11:00:00 GMT');
    assert.equal(c.via, '1.1 varnish');
    assert.ok(c.date, 'node sends Date');
    assert.deepEqual(c.cdn, {
      'x-cache': 'HIT TCP_MEM_HIT dirn:-2:-2',
      'x-cache-lookup': 'Hit From MemCache',
      'cf-cache-status': 'HIT',
      'x-served-by': 'cache-nrt-1',
      'x-swift-cachetime': '3600',
      eagleid: '7cb2a4a517331234567',
    });
    assert.deepEqual(JSON.parse(JSON.stringify(r)), r);

    const section = reportOf(r).sections.find((s) => s.title === 'Cache');
    const facts = new Map(section?.facts);
    assert.equal(facts.get('age'), '17 s');
    assert.equal(facts.get('etag'), '"v2"');
    assert.equal(facts.get('eagleid'), '7cb2a4a517331234567');
    const response = reportOf(r).sections.find((s) => s.title === 'Response');
    assert.ok(!response?.facts?.some(([k]) => k === 'cache-control'), 'shown once, under Cache');
  });

  test('no cache header but Date: no Cache section; a result without detail.cache still renders', async () => {
    const r = await probeWith({ 'content-type': 'text/plain' }, '/page');
    assert.deepEqual(r.detail.cache?.cdn, {});
    assert.equal(
      reportOf(r).sections.some((s) => s.title === 'Cache'),
      false,
    );
    const { cache: _, ...old } = r.detail;
    assert.ok(reportOf({ ...r, detail: old }).sections.length > 0);
  });
});

describe('HTTP_CACHEABLE_API', () => {
  const cases: Array<[string, http.OutgoingHttpHeaders, string, boolean]> = [
    ['public on /api', { 'cache-control': 'public, max-age=600' }, '/api/users', true],
    ['s-maxage on /v1', { 'cache-control': 's-maxage=300' }, '/v1/orders', true],
    ['no Cache-Control on /cgi-bin', {}, '/cgi-bin/user/info', true],
    ['no Cache-Control with access_token', {}, '/user/info?access_token=T', true],
    ['no-store on /api', { 'cache-control': 'no-store' }, '/api/users', false],
    ['private on /api', { 'cache-control': 'private, max-age=60' }, '/api/users', false],
    ['public but no-cache on /api', { 'cache-control': 'public, no-cache' }, '/api/x', false],
    ['s-maxage=0 on /api', { 'cache-control': 'public, s-maxage=0' }, '/api/x', false],
    ['public on a static path', { 'cache-control': 'public, max-age=600' }, '/app.js', false],
    ['no Cache-Control on a page', {}, '/index.html', false],
  ];
  for (const [name, headers, path, flagged] of cases) {
    test(`${name}: ${flagged ? 'info' : 'nothing'}`, async () => {
      const r = await probeWith(headers, path);
      assert.deepEqual(codes(r), flagged ? ['HTTP_CACHEABLE_API'] : []);
      assert.equal(r.status, 'ok');
      if (flagged) {
        assert.equal(r.findings[0]?.severity, 'info');
        assert.match(r.findings[0]?.message ?? '', /looks like an API/);
      }
    });
  }

  test('the message quotes Cache-Control as JSON (server text)', async () => {
    const r = await probeWith({ 'cache-control': 'public, max-age=60, x="`*"' }, '/api/a');
    assert.match(r.findings[0]?.message ?? '', /Cache-Control "public, max-age=60, x=\\"`\*\\""/);
  });

  test('a 503 without Cache-Control on /api is not heuristically cacheable', async () => {
    const r = await probeWith({}, '/api/a', 503);
    assert.deepEqual(codes(r), ['HTTP_5XX']);
  });
});

/** One region's edge: a local server answering `headers` for every path. */
async function edge(region: string, headers: http.OutgoingHttpHeaders, status = 200) {
  const r = await probeWith(headers, '/app/config.json', status);
  // Each edge listens on its own port: compare them as the same URL, as regions would see it.
  r.detail.finalUrl = 'https://cdn.example.test/app/config.json';
  return { region, result: r } satisfies CdnEdge;
}

describe('CDN_STALE_EDGE', () => {
  const NEW = 'Thu, 03 Dec 2026 08:00:00 GMT';
  const OLD = 'Mon, 30 Nov 2026 08:00:00 GMT';

  test('an older Last-Modified names the stale region', async () => {
    const edges = [
      await edge('north', { 'last-modified': NEW, etag: '"b"', age: '5' }),
      await edge('east', { 'last-modified': OLD, etag: '"a"', age: '86000' }),
      await edge('south', { 'last-modified': NEW, etag: '"b"', age: '900' }),
    ];
    const stale = staleEdges(edges);
    assert.deepEqual(
      stale.map((s) => [s.region, s.by]),
      [['east', 'last-modified']],
    );
    const [f, ...more] = cdnEdgeFindings(edges);
    assert.equal(more.length, 0);
    assert.equal(f?.code, 'CDN_STALE_EDGE');
    assert.equal(f?.severity, 'warn');
    assert.match(f?.message ?? '', /^east serves an older copy of https:\/\/cdn\.example\.test/);
    assert.ok(f?.message.includes(OLD) && f.message.includes(`north's "${NEW}"`), f?.message);
  });

  test('a regional http command compares its edges: CDN_STALE_EDGE is among the regions findings', async () => {
    const edges = [
      await edge('north', { 'last-modified': NEW, etag: '"b"', age: '5' }),
      await edge('east', { 'last-modified': OLD, etag: '"a"', age: '86000' }),
    ];
    const report = compareRegions('http https://cdn.example.test/app/config.json', edges);
    const stale = report.findings.find((f) => f.code === 'CDN_STALE_EDGE');
    assert.ok(stale, JSON.stringify(report.findings.map((f) => f.code)));
    assert.match(stale.message, /^east serves an older copy/);
  });

  test('different ETags: the copy fetched earlier (larger Age) is stale', async () => {
    const edges = [
      await edge('north', { etag: 'W/"v1"', age: '7200' }),
      await edge('east', { etag: '"v2"', age: '3' }),
    ];
    assert.deepEqual(
      staleEdges(edges).map((s) => [s.region, s.by]),
      [['north', 'etag']],
    );
    assert.match(cdnEdgeFindings(edges)[0]?.message ?? '', /north: ETag "v1", not east's "v2"/);
  });

  test('no validators: a much larger Age is stale; a small gap is not', async () => {
    const far = STALE_AGE_GAP_S + 100;
    const edges = [await edge('north', { age: '20' }), await edge('east', { age: String(far) })];
    assert.deepEqual(
      staleEdges(edges).map((s) => [s.region, s.by]),
      [['east', 'age']],
    );
    const close = [await edge('north', { age: '20' }), await edge('east', { age: '200' })];
    assert.deepEqual(cdnEdgeFindings(close), []);
  });

  test('same validators: not stale whatever the Age; failing and lone edges are left out', async () => {
    const agree = [
      await edge('north', { etag: '"v2"', 'last-modified': NEW, age: '0' }),
      await edge('east', { etag: '"v2"', 'last-modified': NEW, age: '80000' }),
    ];
    assert.deepEqual(cdnEdgeFindings(agree), []);
    const failing = [
      await edge('north', { 'last-modified': NEW }),
      await edge('east', { 'last-modified': OLD }, 502),
    ];
    assert.deepEqual(cdnEdgeFindings(failing), []);
    assert.deepEqual(cdnEdgeFindings([await edge('north', { 'last-modified': OLD })]), []);
  });
});
