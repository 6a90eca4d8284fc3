/**
 * Watches in regions, pure: combineRegions (the per-region results of one check made into the
 * one result the incident logic judges) and the incident logic's `regions` event (an open
 * incident whose set of regions changes says so once in its thread), driven by a fake clock.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IncidentContent, OutboundMessage } from '../src/model/index.js';
import { finding } from '../src/probes/findings.js';
import type { AnyProbeResult } from '../src/probes/index.js';
import { renderIncidentMarkdown } from '../src/render/incident-markdown.js';
import { renderSlackIncident } from '../src/render/slack-incident.js';
import { watchAnswerText } from '../src/render/watch-answers.js';
import { evaluate } from '../src/watch/incident.js';
import { combineRegions, namedRegions, type RegionAnswer } from '../src/watch/regional.js';
import { emptyState, type Watch, type WatchState } from '../src/watch/types.js';
import { certResult, DAY, type Element } from './fixtures/cert-results.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const HOUR = 3600_000;

const WATCH: Watch = {
  id: 'api.example.com:443',
  host: 'api.example.com',
  port: 443,
  days: [30, 14, 7, 3, 1],
  to: [{ platform: 'slack', workspace: 'T1', conversation: 'C1' }],
  source: 'file',
  lang: 'en',
  ref: 'W1',
  regions: ['east', 'north', 'south'],
};

const intermediate: Element = { role: 'intermediate', fp: 'CA:01', notAfter: T0 + 900 * DAY };
const good: Element = { role: 'leaf', fp: 'AA:01', notAfter: T0 + 200 * DAY };
const expired: Element = { role: 'leaf', fp: 'BB:02', notAfter: T0 - 2 * DAY };

const ok = () => certResult(T0, [good, intermediate]);
const warn = (): AnyProbeResult => ({
  ...certResult(T0, [good, intermediate], ['TLS_LEGACY_PROTOCOL']),
  status: 'warn',
});
const fail = () => certResult(T0, [expired, intermediate], ['CERT_EXPIRED']);
/** A result that says nothing about the target (the probe crashed). */
const crashed = (): AnyProbeResult => ({ ...certResult(T0, [], ['PROBE_ERROR']), status: 'error' });
const EMPTY = certResult(T0, []);

const combine = (answers: RegionAnswer[], watch: Watch = WATCH) =>
  combineRegions(watch, answers, EMPTY, 3500);

describe('combineRegions', () => {
  test('the worst verdict decides: one failing region fails the watch', () => {
    const east = fail();
    const c = combine([
      { region: 'east', result: east },
      { region: 'north', result: warn() },
      { region: 'south', result: ok() },
    ]);
    assert.equal(c.result, east);
    assert.deepEqual(c.affected, ['east']);
    assert.equal(c.complete, true);
    assert.deepEqual(c.regions, { east: 'fail', north: 'warn', south: 'ok' });
    assert.deepEqual(
      c.answers.map((a) => [a.region, a.result.status]),
      [
        ['east', 'fail'],
        ['north', 'warn'],
        ['south', 'ok'],
      ],
    );
  });

  test('a warning alone decides when nothing fails', () => {
    const c = combine([
      { region: 'east', result: ok() },
      { region: 'north', result: warn() },
      { region: 'south', result: ok() },
    ]);
    assert.equal(c.result?.status, 'warn');
    assert.deepEqual(c.affected, ['north']);
  });

  test('the affected regions are those at the worst level, not every one with a problem', () => {
    const c = combine([
      { region: 'east', result: fail() },
      { region: 'north', result: warn() },
      { region: 'south', result: fail() },
    ]);
    assert.equal(c.result?.status, 'fail');
    assert.deepEqual(c.affected, ['east', 'south']);
    assert.deepEqual(namedRegions(c.affected, WATCH.regions ?? []), ['east', 'south']);
    // Every listed region failing: the headline is the plain one (no region named).
    const all = combine([
      { region: 'east', result: fail() },
      { region: 'north', result: fail() },
      { region: 'south', result: fail() },
    ]);
    assert.deepEqual(all.affected, ['east', 'north', 'south']);
    assert.deepEqual(namedRegions(all.affected, WATCH.regions ?? []), []);
  });

  test('a silent region with the others clean is inconclusive: nothing to judge', () => {
    const c = combine([
      { region: 'east', result: ok() },
      { region: 'north', result: null },
      { region: 'south', result: ok() },
    ]);
    assert.equal(c.result, null);
    assert.deepEqual(c.affected, []);
    assert.equal(c.complete, false);
    assert.deepEqual(c.regions, { east: 'ok', north: 'no-answer', south: 'ok' });
    const north = c.answers.find((a) => a.region === 'north')?.result;
    assert.equal(north?.status, 'error');
    assert.deepEqual(
      north?.findings.map((f) => f.code),
      ['REGION_NO_ANSWER'],
    );
    assert.match(north?.findings[0]?.message ?? '', /north: .* within 3\.5 s/);
  });

  test('a region whose probe says nothing about the target counts as silent', () => {
    const c = combine([
      { region: 'east', result: ok() },
      { region: 'north', result: crashed() },
      { region: 'south', result: ok() },
    ]);
    assert.equal(c.result, null);
    assert.equal(c.complete, false);
    assert.equal(c.regions.north, 'error');
  });

  test('a failure seen elsewhere still counts while a region is silent', () => {
    const east = fail();
    const c = combine([
      { region: 'east', result: east },
      { region: 'north', result: null },
      { region: 'south', result: ok() },
    ]);
    assert.equal(c.result, east);
    assert.deepEqual(c.affected, ['east']);
    assert.equal(c.complete, false, 'north unheard: the set of regions is not known');
  });

  test('every region silent: inconclusive', () => {
    const c = combine([
      { region: 'east', result: null },
      { region: 'north', result: null },
      { region: 'south', result: null },
    ]);
    assert.equal(c.result, null);
    assert.deepEqual(c.affected, []);
    assert.equal(c.complete, false);
    assert.deepEqual(c.regions, { east: 'no-answer', north: 'no-answer', south: 'no-answer' });
    assert.equal(c.answers.length, 3);
  });

  test('one region only: its result is the watch’s, and it is never named', () => {
    const watch = { ...WATCH, regions: ['east'] };
    const clean = ok();
    const c = combine([{ region: 'east', result: clean }], watch);
    assert.equal(c.result, clean);
    assert.deepEqual(c.affected, []);
    assert.equal(c.complete, true);
    const bad = fail();
    const f = combine([{ region: 'east', result: bad }], watch);
    assert.equal(f.result, bad);
    assert.deepEqual(f.affected, ['east']);
    assert.deepEqual(namedRegions(f.affected, ['east']), [], 'the only region sees it: all do');
    const silent = combine([{ region: 'east', result: null }], watch);
    assert.equal(silent.result, null);
    assert.deepEqual(silent.regions, { east: 'no-answer' });
  });
});

const content = (m: OutboundMessage) => m.content as IncidentContent;
const said = (ms: OutboundMessage[]) =>
  ms
    .filter((m) => m.action !== 'update')
    .map((m) => `${m.action}:${content(m).event}${seen(content(m))}`);
const seen = (c: IncidentContent) => (c.seenFrom ? ` ${c.seenFrom.join('+')}` : '');

/**
 * One check an hour, as the service evaluates a regional watch: `affected` the regions that see
 * the problem, `heard` false when a region was silent.
 */
function regionalRun(watch: Watch = WATCH) {
  let state: WatchState = emptyState();
  let now = T0;
  return {
    check(result: AnyProbeResult, affected: string[], heard = true): OutboundMessage[] {
      now += HOUR;
      const ev = evaluate(
        watch,
        state,
        result,
        now,
        {},
        namedRegions(affected, watch.regions ?? []),
        heard ? affected : undefined,
      );
      // State travels through Redis as JSON.
      state = JSON.parse(JSON.stringify(ev.state)) as WatchState;
      return ev.messages;
    },
    get state() {
      return state;
    },
  };
}

describe('an open incident whose regions change (pure, fake clock)', () => {
  const watch: Watch = { ...WATCH, regions: ['east', 'north'] };

  test('east only → east and north → east only: one short reply per change, none in between', () => {
    const r = regionalRun(watch);
    assert.deepEqual(said(r.check(fail(), ['east'])), ['post:opened']);
    assert.deepEqual(said(r.check(fail(), ['east'])), [], 'same regions: nothing');
    const spread = r.check(fail(), ['east', 'north']);
    assert.deepEqual(said(spread), ['reply:regions east+north']);
    const reply = spread.find((m) => m.action === 'reply');
    assert.ok(reply);
    assert.equal(reply.threadOf, spread.find((m) => m.action === 'update')?.updateOf);
    // The parent's headline no longer names a region: every one sees it.
    const parent = spread.find((m) => m.action === 'update');
    assert.equal(parent && content(parent).problem.regions, undefined);
    assert.deepEqual(said(r.check(fail(), ['east', 'north'])), [], 'unchanged: nothing');
    assert.deepEqual(said(r.check(fail(), ['east', 'north'])), []);
    assert.deepEqual(said(r.check(fail(), ['east'])), ['reply:regions east']);
    assert.equal(r.state.incidents.filter((i) => i.open).length, 1, 'one incident throughout');
  });

  test('a silent region says nothing; the change is said against the last check that heard all', () => {
    const r = regionalRun(watch);
    r.check(fail(), ['east', 'north']);
    // North silent: east alone is known to see it, which is no news.
    assert.deepEqual(said(r.check(fail(), ['east'], false)), []);
    assert.deepEqual(said(r.check(fail(), ['east', 'north'])), [], 'north back: no change');
    assert.deepEqual(said(r.check(fail(), ['east'])), ['reply:regions east']);
  });

  test('each reply has its own id (a retried check repeats none, a later change is new)', () => {
    const r = regionalRun(watch);
    r.check(fail(), ['east']);
    const a = r.check(fail(), ['east', 'north']).filter((m) => m.action === 'reply');
    const b = r.check(fail(), ['east']).filter((m) => m.action === 'reply');
    const c = r.check(fail(), ['east', 'north']).filter((m) => m.action === 'reply');
    const ids = [...a, ...b, ...c].map((m) => m.id);
    assert.equal(ids.length, 3);
    assert.equal(new Set(ids).size, 3);
  });

  test('muted: nothing is posted, the parent is still edited', () => {
    const r = regionalRun(watch);
    r.check(fail(), ['east']);
    const state = r.state;
    state.mutedUntil = T0 + 100 * HOUR;
    const out = r.check(fail(), ['east', 'north']);
    assert.deepEqual(said(out), []);
    assert.ok(out.some((m) => m.action === 'update'));
  });

  test('recovery is the only message when the problem goes away everywhere', () => {
    const r = regionalRun(watch);
    r.check(fail(), ['east']);
    // A renewed certificate everywhere: the incident closes at once, and says only that.
    assert.deepEqual(said(r.check(ok(), [])), ['reply:recovered']);
    assert.deepEqual(said(r.check(ok(), [])), []);
  });

  test('an http watch: a changed cause with changed regions is one reply, the cause', () => {
    const http: Watch = {
      kind: 'http',
      id: 'http:https://api.example.com/',
      url: 'https://api.example.com/',
      status: [200, 299],
      to: WATCH.to,
      source: 'file',
      lang: 'en',
      ref: 'W2',
      regions: ['east', 'north'],
    };
    const r = regionalRun(http);
    const res = (code: 'HTTP_5XX' | 'HTTP_TIMEOUT', message: string): AnyProbeResult =>
      ({
        probe: 'http',
        target: http.url,
        status: 'fail',
        findings: [finding(code, message)],
        detail: {},
        startedAt: new Date(T0).toISOString(),
        durationMs: 1,
      }) as unknown as AnyProbeResult;
    const e502 = () => res('HTTP_5XX', 'https://api.example.com/ answered 502 Bad Gateway');
    assert.deepEqual(said(r.check(e502(), ['east'])), []);
    assert.deepEqual(said(r.check(e502(), ['east'])), ['post:opened']);
    assert.deepEqual(said(r.check(e502(), ['east', 'north'])), ['reply:regions east+north']);
    const both = r.check(res('HTTP_TIMEOUT', 'no answer within 10 s'), ['east']);
    assert.deepEqual(said(both), ['reply:changed'], 'the cause changed: its headline names east');
    assert.deepEqual(said(r.check(res('HTTP_TIMEOUT', 'no answer within 10 s'), ['east'])), []);
  });
});

describe('the regions reply, rendered', () => {
  const watch: Watch = { ...WATCH, regions: ['east', 'north'] };
  const reply = (): IncidentContent => {
    const r = regionalRun(watch);
    r.check(fail(), ['east']);
    const m = r.check(fail(), ['east', 'north']).find((x) => x.action === 'reply');
    assert.ok(m);
    return content(m);
  };

  test('Slack: one short line, every region that sees it, in English and Chinese', () => {
    const c = reply();
    const en = renderSlackIncident(c, 'en').text;
    assert.match(en, /Now seen from east and north: Certificate expired/);
    assert.doesNotMatch(en, /served by/);
    assert.doesNotMatch(en, /\n/, 'one line');
    const zh = renderSlackIncident(c, 'zh-CN').text;
    assert.match(zh, /现在 east、north 地区可见: 证书已过期/);
  });

  test('WeCom: the same line with the short reference', () => {
    const c = reply();
    const md = renderIncidentMarkdown(c, 'zh-CN');
    assert.match(md, /\*\*#W1\*\*.*现在 east、north 地区可见: 证书已过期/);
    assert.doesNotMatch(md, /^> /m, 'no subject line or fix: the parent has them');
  });
});

describe('the watch add answer names the regions', () => {
  const to = WATCH.to;
  test('a certificate watch and a dns watch, in English and Chinese; none without --from', () => {
    const cert = {
      answer: 'added' as const,
      ref: 'W7',
      id: 'api.example.com:443',
      to,
      days: [30, 7],
      created: true,
      regions: ['east', 'north'],
    };
    assert.match(
      watchAnswerText(cert, 'en'),
      /^Watching #W7 api\.example\.com:443 from east and north: warnings at 30, 7 days/,
    );
    assert.match(
      watchAnswerText(cert, 'zh-CN'),
      /^已开始监控 #W7 api\.example\.com:443（从 east、north 地区检查）：/,
    );
    const dns = { ...cert, id: 'dns:api.example.com', days: [], kind: 'dns' as const };
    assert.match(watchAnswerText(dns, 'en'), /: checked from east and north every 5 min/);
    assert.match(watchAnswerText({ ...dns, regions: ['east'] }, 'en'), /checked from east every/);
    assert.match(watchAnswerText(dns, 'zh-CN'), /（从 east、north 地区检查）：每 5 分钟/);
    const { regions: _, ...anywhere } = cert;
    assert.doesNotMatch(watchAnswerText(anywhere, 'en'), / from /);
    assert.doesNotMatch(watchAnswerText(anywhere, 'zh-CN'), /地区/);
  });
});
