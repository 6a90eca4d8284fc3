/**
 * Regions, part by part: the comparison (REGION_MISMATCH, REGION_NO_ANSWER, the comparers hook),
 * a worker's own resolvers, WX_REGION / WX_RESOLVERS validation, `--from` parsing, and `wx …
 * --from` (refused without REDIS_URL; with it, submitted to a real worker and printed as JSON).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { plan, UsageError } from '../commands/index.js';
import { chosenRegions } from '../commands/regions.js';
import { startWorkers, type Workers } from '../src/app/job-workers.js';
import { ConfigError, loadConfig } from '../src/config/index.js';
import type { ProbePlan, RedisClient } from '../src/model/index.js';
import { withWorkerResolvers } from '../src/probes/dns/worker-resolvers.js';
import { finding } from '../src/probes/findings.js';
import type { ProbeResult } from '../src/probes/index.js';
import { compareRegions, type RegionComparer } from '../src/probes/regions/index.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import { renderRegions } from '../src/render/terminal-regions.js';
import { createWorkerBeats } from '../src/store/worker-beats.js';
import { type RunningHttpServer, startHttpServer } from './fixtures/http-server.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { wx } from './fixtures/wx.js';

const BASE = {
  SLACK_SIGNING_SECRET: 'c0ffee00c0ffee00c0ffee00c0ffee00',
  SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
};

function httpResult(status: number, address: string): ProbeResult {
  const findings = status >= 500 ? [finding('HTTP_5XX', `answered ${status}`)] : [];
  return {
    probe: 'http',
    target: 'https://api.example.com/',
    status: status >= 500 ? 'fail' : 'ok',
    findings,
    detail: { url: 'https://api.example.com/', status, address, hops: [] },
    startedAt: new Date(1_000_000).toISOString(),
    durationMs: 50,
  };
}

describe('compareRegions', () => {
  test('one region fails, another is fine: REGION_MISMATCH fail, naming the broken edge, as the cause', () => {
    const r = compareRegions('http https://api.example.com/', [
      { region: 'north', result: httpResult(200, '10.0.0.2') },
      { region: 'east', result: httpResult(502, '10.0.0.1') },
    ]);
    assert.equal(r.status, 'fail');
    const [mismatch] = r.findings;
    assert.equal(mismatch?.code, 'REGION_MISMATCH');
    assert.equal(mismatch?.severity, 'fail');
    assert.equal(
      mismatch?.message,
      'regions differ in address, HTTP status: east: served from 10.0.0.1, HTTP 502 (fail HTTP_5XX); north: served from 10.0.0.2, HTTP 200 — the east edge is broken',
    );
    assert.equal(r.cause?.code, 'REGION_MISMATCH');
    assert.equal(r.cause?.probe, 'regions');
  });

  test('different addresses, the same outcome: REGION_MISMATCH is information, the status ok', () => {
    const r = compareRegions('http https://api.example.com/', [
      { region: 'north', result: httpResult(200, '10.0.0.2') },
      { region: 'east', result: httpResult(200, '10.0.0.1') },
    ]);
    assert.equal(r.status, 'ok');
    assert.equal(r.findings[0]?.severity, 'info');
    assert.equal(r.cause, null);
  });

  test('every region agrees on a failure: the shared cause, no mismatch', () => {
    const r = compareRegions('http https://api.example.com/', [
      { region: 'north', result: httpResult(502, '10.0.0.1') },
      { region: 'east', result: httpResult(502, '10.0.0.1') },
    ]);
    assert.equal(r.findings.length, 0);
    assert.equal(r.status, 'fail');
    assert.equal(r.cause?.code, 'HTTP_5XX');
  });

  test('a region that did not answer: REGION_NO_ANSWER for it, the others still compared', () => {
    const r = compareRegions(
      'http https://api.example.com/',
      [
        { region: 'north', result: httpResult(200, '10.0.0.2') },
        { region: 'east', result: null },
      ],
      { waitedMs: 13_000 },
    );
    assert.equal(r.status, 'warn');
    assert.deepEqual(
      r.findings.map((f) => [f.code, f.message]),
      [['REGION_NO_ANSWER', "east: the region's worker did not answer within 13 s"]],
    );
    assert.equal(r.facts.find((f) => f.region === 'north')?.httpStatus, 200);
    const none = compareRegions('x', [{ region: 'east', result: null }]);
    assert.equal(none.status, 'error', 'no region answered: unknown');
  });

  test('comparers get each probe kind of the regions that answered; their findings join', () => {
    const seen: string[][] = [];
    const stale: RegionComparer = (regions) => {
      seen.push(regions.map((r) => `${r.region}:${r.result.probe}`));
      return [finding('REGION_MISMATCH', 'from a comparer', { severity: 'warn' })];
    };
    const r = compareRegions(
      'http https://api.example.com/',
      [
        { region: 'north', result: httpResult(200, '10.0.0.1') },
        { region: 'east', result: httpResult(200, '10.0.0.1') },
        { region: 'west', result: null },
      ],
      { comparers: [stale] },
    );
    assert.deepEqual(seen, [['north:http', 'east:http']]);
    assert.ok(r.findings.some((f) => f.message === 'from a comparer'));
  });
});

describe('the regions side by side', () => {
  test("the terminal: the cause, each region's problems, one row per region (no answer too)", () => {
    const report = compareRegions(
      'http https://api.example.com/',
      [
        { region: 'north', result: httpResult(200, '10.0.0.2') },
        { region: 'east', result: httpResult(502, '10.0.0.1') },
        { region: 'south', result: null },
      ],
      { waitedMs: 13_000 },
    );
    const text = renderRegions(report, { colour: false });
    assert.match(
      text,
      /^FAIL http https:\/\/api\.example\.com\/ from north, east, south: regions differ/,
    );
    assert.match(text, /\(regions REGION_MISMATCH\)\nFix: /);
    assert.match(text, /fail east http HTTP_5XX {2}answered 502/);
    assert.match(text, /warn regions REGION_NO_ANSWER {2}south: /);
    assert.match(text, /^ +north +OK +10\.0\.0\.2 +200 +50 ms$/m);
    assert.match(text, /^ +east +Failed HTTP_5XX +10\.0\.0\.1 +502 +50 ms$/m);
    assert.match(text, /^ +south +no answer$/m);
  });
});

describe('a worker resolves through WX_RESOLVERS', () => {
  const mine = [{ address: '10.1.1.1', port: 53 }];
  test("cert and http without resolvers get the worker's; named ones are kept", () => {
    const p = plan(['http', 'https://api.example.com/'], 'chat') as ProbePlan;
    const [req] = p.requests;
    assert.ok(req);
    assert.deepEqual(withWorkerResolvers(req, mine).spec, { ...req.spec, resolvers: mine });
    const named = plan(['check', 'api.example.com', '--resolver', '9.9.9.9'], 'chat') as ProbePlan;
    for (const r of named.requests) {
      assert.deepEqual(withWorkerResolvers(r, mine), r, r.probe);
    }
  });

  test('dns: the default list becomes the worker\'s resolvers; "system" in a named list too', () => {
    const [def] = (plan(['dns', 'api.example.com'], 'chat') as ProbePlan).requests;
    assert.ok(def?.probe === 'dns');
    assert.deepEqual(withWorkerResolvers(def, mine).spec, { ...def.spec, resolvers: mine });
    const [named] = (
      plan(
        ['dns', 'api.example.com', '--resolver', 'system', '--resolver', '8.8.4.4'],
        'chat',
      ) as ProbePlan
    ).requests;
    assert.ok(named?.probe === 'dns');
    const out = withWorkerResolvers(named, mine);
    assert.ok(out.probe === 'dns');
    assert.deepEqual(out.spec.resolvers, [...mine, { address: '8.8.4.4', port: 53 }]);
  });
});

describe('configuration', () => {
  test('defaults: region default, no resolvers', () => {
    const c = loadConfig(BASE);
    assert.deepEqual(c.worker, { region: 'default', resolvers: [] });
  });
  test('WX_REGION and WX_RESOLVERS are read and validated, naming the key', () => {
    const c = loadConfig({
      ...BASE,
      WX_REGION: 'north',
      WX_RESOLVERS: '10.0.0.53, 10.0.0.54:5353',
    });
    assert.deepEqual(c.worker, {
      region: 'north',
      resolvers: [
        { address: '10.0.0.53', port: 53 },
        { address: '10.0.0.54', port: 5353 },
      ],
    });
    for (const [key, value, words] of [
      ['WX_REGION', 'North China', /^WX_REGION: expected lower-case letters/],
      ['WX_REGION', 'all', /^WX_REGION: expected lower-case/],
      [
        'WX_RESOLVERS',
        '10.0.0.53,dns.example',
        /^WX_RESOLVERS: not a resolver address: "dns\.example"/,
      ],
    ] as const) {
      assert.throws(
        () => loadConfig({ ...BASE, [key]: value }),
        (err: unknown) => err instanceof ConfigError && words.test(err.message),
        key,
      );
    }
  });
});

describe('--from', () => {
  test('names, sorted and once each; all; refused shapes', () => {
    const p = plan(
      ['http', 'https://a.example/', '--from', 'north,east,north'],
      'chat',
    ) as ProbePlan;
    assert.deepEqual(p.run.from, ['east', 'north']);
    const all = plan(['check', 'a.example', '--from', 'all'], 'chat') as ProbePlan;
    assert.deepEqual(all.run.from, ['all']);
    const token = plan(['token', 'shop', '--from', 'east'], 'chat') as ProbePlan;
    assert.deepEqual(token.run.from, ['east']);
    for (const args of [
      ['dns', 'a.example', '--from', 'all,east'],
      ['dns', 'a.example', '--from', 'East China'],
      ['dns', 'a.example', '--from', ','],
      ['cert', '--file', 'hosts.txt', '--from', 'east'],
    ]) {
      assert.throws(() => plan(args, 'cli'), UsageError, args.join(' '));
    }
  });

  test('against the live regions: all is every live one; an unknown name lists them', () => {
    const live = [
      { region: 'east', lastSeen: 1, workers: 1, versions: ['1.0.0'] },
      { region: 'north', lastSeen: 1, workers: 2, versions: ['1.0.0'] },
    ];
    assert.deepEqual(chosenRegions('http', ['all'], live), ['east', 'north']);
    assert.deepEqual(chosenRegions('http', ['north'], live), ['north']);
    assert.throws(
      () => chosenRegions('http', ['west', 'north'], live),
      /no live region "west"; live regions: east, north/,
    );
    assert.throws(() => chosenRegions('http', ['all'], []), /no region has a live worker/);
  });
});

describe('wx … --from in the terminal', () => {
  let redis: TestRedis;
  let server: RunningHttpServer;
  let workers: Workers;
  const prefix = `{wx-cli-regions-${process.pid}}`;
  let beatClient: RedisClient | undefined;

  before(async () => {
    redis = await startRedis();
    server = await startHttpServer((_req, res) => res.writeHead(204).end());
    workers = startWorkers({ connection: redis.url, prefix, deliveries: {}, region: 'north' });
    await workers.ready();
    beatClient = createQueueConnection(redis.url, 'worker');
    const beats = createWorkerBeats(beatClient, { prefix });
    await beats.beat({
      region: 'north',
      host: 'test',
      pid: 1,
      version: '9.9.9',
      lastSeen: Date.now(),
    });
  });
  after(async () => {
    if (beatClient) await quit(beatClient);
    await workers?.close();
    await server?.close();
    await redis?.close();
  });

  test('without REDIS_URL: says it is needed (exit 3), runs nothing', async () => {
    const r = await wx(['http', server.url('/'), '--from', 'north'], { env: { REDIS_URL: '' } });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /--from asks the bot's workers through Redis: set REDIS_URL/);
    assert.equal(server.requests.length, 0);
  });

  test('with REDIS_URL: the worker of the region runs it; regions and comparison as JSON', async () => {
    const env = { REDIS_URL: redis.url, WX_QUEUE_PREFIX: prefix };
    const listed = await wx(['regions'], { env });
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /north: last seen \d+ s ago · 1 worker · wxdoctor 9\.9\.9/);

    const r = await wx(['http', server.url('/'), '--from', 'north', '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as {
      status: string;
      findings: unknown[];
      regions: Array<{ region: string; result: { probe: string; detail: { status: number } } }>;
    };
    assert.equal(report.status, 'ok');
    assert.deepEqual(report.findings, []);
    assert.equal(report.regions[0]?.region, 'north');
    assert.equal(report.regions[0]?.result.detail.status, 204);
    assert.equal(server.requests.length, 1);

    const unknown = await wx(['http', server.url('/'), '--from', 'west'], { env });
    assert.equal(unknown.code, 3);
    assert.match(unknown.stderr, /no live region "west"; live regions: north/);
  });
});
