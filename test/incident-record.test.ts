/**
 * Post-incident records, the parts on their own: the timeline an incident keeps (who and when,
 * bounded), the record built from it, its Markdown (server text escaped), the command that asks
 * for one, and the Redis store (kept for the configured days, listed newest first).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { plan, UsageError } from '../commands/index.js';
import { matches } from '../src/http/server.js';
import type { IncidentRecord } from '../src/model/index.js';
import { renderRecordMarkdown } from '../src/render/incident-record.js';
import { createIncidentRecords } from '../src/store/incident-records.js';
import { acknowledge, evaluate, snooze } from '../src/watch/incident.js';
import { buildRecord } from '../src/watch/record.js';
import { MAX_TIMELINE } from '../src/watch/timeline.js';
import { emptyState, type Watch, type WatchState } from '../src/watch/types.js';
import { certResult, DAY, type Element } from './fixtures/cert-results.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const HOUR = 3_600_000;
const WATCH: Watch = {
  id: 'api.example.com:443',
  host: 'api.example.com',
  port: 443,
  days: [30, 14, 7, 3, 1],
  to: [{ platform: 'slack', workspace: 'T1', conversation: 'C1' }],
  source: 'file',
  lang: 'en',
  ref: 'W12',
};
const leaf: Element = { role: 'leaf', fp: 'AA:BB:CC:DD:EE:FF:00:11:22', notAfter: T0 + 10 * DAY };
const renewed: Element = {
  role: 'leaf',
  fp: '12:34:56:78:9A:BC:DE:F0:11',
  notAfter: T0 + 99 * DAY,
};

const json = (s: WatchState) => JSON.parse(JSON.stringify(s)) as WatchState;

describe('incident timeline and record', () => {
  test('opened, escalated, acknowledged and snoozed (who, when), renewed: the record says so', () => {
    let s = evaluate(WATCH, emptyState(), certResult(T0, [leaf]), T0).state;
    s = acknowledge(WATCH, json(s), 1, 'U0ONCALL', T0 + HOUR).state;
    s = snooze(WATCH, json(s), 1, T0 + 2 * HOUR + DAY, T0 + 2 * HOUR, 'U0SNOOZE').state;
    s = evaluate(WATCH, json(s), certResult(T0 + 4 * DAY, [leaf]), T0 + 4 * DAY).state;
    s = evaluate(WATCH, json(s), certResult(T0 + 5 * DAY, [renewed]), T0 + 5 * DAY).state;
    const incident = s.incidents[0];
    assert.ok(incident && !incident.open);
    assert.deepEqual(
      incident.timeline?.map((e) => [e.event, e.at - T0, e.by ?? null, e.seen?.level ?? null]),
      [
        ['opened', 0, null, 14],
        ['acknowledged', HOUR, 'U0ONCALL', null],
        ['snoozed', 2 * HOUR, 'U0SNOOZE', null],
        ['threshold', 4 * DAY, null, 7],
        ['recovered', 5 * DAY, null, null],
      ],
    );
    const r = buildRecord(WATCH, incident, T0 + 6 * DAY);
    assert.equal(r.id, 'W12.1');
    assert.equal(r.durationMs, 5 * DAY);
    assert.deepEqual(r.fix, {
      what: 'certificate',
      before: 'aabbccddeeff0011',
      after: '123456789abcdef0',
    });
    assert.equal(r.timeline[2]?.until, new Date(T0 + 2 * HOUR + DAY).toISOString());
    // The record is about the certificate that was expiring, not the renewed one.
    assert.equal(r.problem.kind === 'expiry' && r.problem.level, 7);

    const md = renderRecordMarkdown(r, 'en');
    assert.match(md, /- 2026-03-01 01:00 UTC · \*\*acknowledged\*\* · by `U0ONCALL`/);
    assert.match(
      md,
      /- 2026-03-01 02:00 UTC · \*\*snoozed\*\* · by `U0SNOOZE` · until 2026-03-02 02:00 UTC/,
    );
    assert.match(
      md,
      /- 2026-03-05 00:00 UTC · \*\*escalated\*\* — certificate `aabbccddeeff0011`, 6 days left/,
    );
    assert.match(md, /Certificate replaced: `aabbccddeeff0011` → `123456789abcdef0`/);
    const zh = renderRecordMarkdown(r, 'zh-CN');
    assert.match(zh, /\*\*已确认\*\* · 操作人 `U0ONCALL`/);
    assert.match(zh, /\*\*持续时间:\*\* 5 天/);
  });

  test('a record names what the watch probes, for every kind (the URL, not the watch id)', () => {
    const s = evaluate(WATCH, emptyState(), certResult(T0, [leaf]), T0).state;
    const incident = s.incidents[0];
    assert.ok(incident);
    const url = 'https://api.example.com/health';
    const { host: _h, port: _p, days: _d, ...base } = WATCH as Extract<Watch, { host: string }>;
    const http: Watch = { ...base, id: `http:${url}`, kind: 'http', url, status: [200, 299] };
    const r = buildRecord(http, incident, T0 + DAY);
    assert.equal(r.target, url);
    assert.equal(r.kind, 'http');
    assert.equal(buildRecord(WATCH, incident, T0 + DAY).target, 'api.example.com:443');
  });

  test('a flapping incident keeps a bounded timeline: the opening, then the latest entries', () => {
    let s = emptyState();
    let now = T0;
    const step = (chain: Element[], codes: Parameters<typeof certResult>[2] = []) => {
      now += HOUR;
      s = evaluate(WATCH, json(s), certResult(now, chain, codes), now).state;
    };
    for (let cycle = 0; cycle < 30; cycle++) {
      for (let i = 0; i < 3; i++) step([], ['CONNECT_REFUSED']);
      for (let i = 0; i < 2; i++) step([renewed]);
    }
    const incident = s.incidents.find((i) => i.key === 'UNREACHABLE');
    assert.ok(incident);
    assert.equal(incident.timeline?.length, MAX_TIMELINE);
    assert.equal(incident.timeline?.[0]?.event, 'opened');
    assert.equal(incident.timeline?.at(-1)?.event, 'recovered');
    assert.equal(incident.timelineDropped, 30 * 2 - MAX_TIMELINE);
    const md = renderRecordMarkdown(buildRecord(WATCH, incident, now), 'en');
    assert.match(md, /opened[^\n]*\n- … 20 earlier entries not kept\n/);
  });

  test('server text in the Markdown cannot form markup', () => {
    const r: IncidentRecord = {
      id: 'W12.2',
      ref: 'W12',
      n: 2,
      watchId: 'x:443',
      target: 'x`y:443',
      kind: 'cert',
      key: 'CHAIN_INCOMPLETE',
      problem: {
        kind: 'breakage',
        code: 'CHAIN_INCOMPLETE',
        message: 'evil <img src=x> *bold* [link](http://x) ``tick',
        hint: 'custom hint',
      },
      openedAt: new Date(T0).toISOString(),
      durationMs: 0,
      timeline: [{ at: new Date(T0).toISOString(), event: 'opened', seen: { answer: 'a``b' } }],
    };
    const md = renderRecordMarkdown(r, 'en');
    assert.ok(md.includes('evil \\<img src=x\\> \\*bold\\* \\[link\\](http://x) \\`\\`tick'), md);
    assert.ok(md.includes('``` a``b ```') || md.includes('```a``b```'), md);
    assert.ok(md.includes('`` x`y:443 ``') || md.includes('``x`y:443``'), md);
  });
});

describe('incident report command', () => {
  const op = (...args: string[]) => {
    const p = plan(['incident', 'report', ...args], 'chat');
    assert.equal(p.kind, 'watch');
    return p.kind === 'watch' ? p.op : null;
  };
  test('a reference names the latest incident, `.n` or a number another', () => {
    assert.deepEqual(op('#W12'), { op: 'report', ref: 'W12' });
    assert.deepEqual(op('#w12.3'), { op: 'report', ref: 'W12', incident: 3 });
    assert.deepEqual(op('W12', '4'), { op: 'report', ref: 'W12', incident: 4 });
    assert.deepEqual(op('API.example.com:8443', '2'), {
      op: 'report',
      id: 'api.example.com:8443',
      incident: 2,
    });
    assert.throws(() => op('#W12.3', '4'), UsageError);
    assert.throws(() => op(), UsageError);
    assert.throws(() => plan(['incident', 'report', '#W12'], 'cli'), UsageError);
  });

  test('routes with a parameter match one segment', () => {
    assert.ok(matches('/status/incidents/:file', '/status/incidents/W12.3.md'));
    assert.ok(!matches('/status/incidents/:file', '/status/incidents/'));
    assert.ok(!matches('/status/incidents/:file', '/status/incidents/a/b'));
    assert.ok(matches('/healthz', '/healthz'));
  });
});

describe('incident record store', () => {
  let redis: TestRedis;
  let client: Redis;
  before(async () => {
    redis = await startRedis();
    client = new Redis(redis.url);
  });
  after(async () => {
    client?.disconnect();
    await redis?.close();
  });

  const record = (n: number, closedAt: number): IncidentRecord => ({
    id: `W77.${n}`,
    ref: 'W77',
    n,
    watchId: 'a:443',
    target: 'a:443',
    kind: 'cert',
    key: 'UNREACHABLE',
    problem: { kind: 'breakage', code: 'UNREACHABLE', message: 'm', hint: 'h' },
    openedAt: new Date(closedAt - HOUR).toISOString(),
    closedAt: new Date(closedAt).toISOString(),
    durationMs: HOUR,
    timeline: [],
  });

  test('kept for the configured days after closing; listed newest first', async () => {
    const records = createIncidentRecords(client, { prefix: 'rec1', days: 30 });
    const now = T0 + 100 * DAY;
    const places = [{ platform: 'slack' as const, workspace: 'T1', conversation: 'C1' }];
    await records.put({ record: record(1, now - 40 * DAY), places }, now);
    await records.put({ record: record(2, now - 2 * DAY), places }, now);
    await records.put({ record: record(3, now - DAY), places }, now);
    assert.deepEqual(
      (await records.list(10, now)).map((s) => s.record.id),
      ['W77.3', 'W77.2'],
      'the one closed 40 days ago is past 30 days',
    );
    assert.deepEqual(await records.numbers('W77'), [3, 2, 1]);
    const ttl = await client.ttl('rec1:incident-record:W77.2');
    assert.ok(ttl > 27 * 86_400 && ttl <= 28 * 86_400, `ttl ${ttl}`);
    assert.equal(await records.get('../etc'), null);
  });
});
