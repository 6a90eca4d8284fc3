/**
 * The incident logic as a pure function: an injected clock drives watches through thresholds,
 * renewals, CDN flips and breakage; every message is counted.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IncidentContent, OutboundMessage } from '../src/model/index.js';
import { acknowledge, evaluate, snooze } from '../src/watch/incident.js';
import { parentId } from '../src/watch/messages.js';
import { emptyState, type Watch, type WatchState } from '../src/watch/types.js';
import { certResult, DAY, type Element } from './fixtures/cert-results.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

const WATCH: Watch = {
  id: 'api.example.com:443',
  host: 'api.example.com',
  port: 443,
  days: [30, 14, 7, 3, 1],
  to: [{ platform: 'slack', workspace: 'T1', conversation: 'C1' }],
  source: 'file',
  lang: 'en',
  ref: 'W1',
};

const intermediate: Element = { role: 'intermediate', fp: 'CA:01', notAfter: T0 + 900 * DAY };

/** Runs checks at the given instants; returns every message and the last state. */
function run(
  steps: Array<{ at: number; chain: Element[]; codes?: Parameters<typeof certResult>[2] }>,
  watch = WATCH,
  state: WatchState = emptyState(),
) {
  const messages: OutboundMessage[] = [];
  for (const s of steps) {
    const ev = evaluate(watch, state, certResult(s.at, s.chain, s.codes), s.at);
    // State travels through Redis as JSON.
    state = JSON.parse(JSON.stringify(ev.state)) as WatchState;
    messages.push(...ev.messages);
  }
  return { messages, state };
}

const content = (m: OutboundMessage) => m.content as IncidentContent;
const posts = (ms: OutboundMessage[]) => ms.filter((m) => m.action === 'post');
const replies = (ms: OutboundMessage[]) => ms.filter((m) => m.action === 'reply');
const updates = (ms: OutboundMessage[]) => ms.filter((m) => m.action === 'update');

describe('certificate watch incidents (pure)', () => {
  const expiry = T0 + 40 * DAY;
  const leaf: Element = { role: 'leaf', fp: 'AA:01', notAfter: expiry };
  const renewed: Element = { role: 'leaf', fp: 'BB:02', notAfter: expiry + 90 * DAY };
  // Daily checks from 40 days before expiry to 2 days after it, then the renewal.
  const daily = Array.from({ length: 43 }, (_, i) => ({
    at: T0 + i * DAY + 3600_000,
    chain: [leaf, intermediate],
  }));

  test('30 -> 14 -> 7 -> 3 -> 1 -> expired -> renewed: one notice each, one thread, closed', () => {
    const end = T0 + 43 * DAY;
    const { messages, state } = run([...daily, { at: end, chain: [renewed, intermediate] }]);
    const [parent, ...more] = posts(messages);
    assert.ok(parent);
    assert.equal(more.length, 0, 'one parent');
    assert.equal(content(parent).problem.kind, 'expiry');
    assert.equal((content(parent).problem as { level: number }).level, 30);
    const r = replies(messages).filter((m) => content(m).event !== 'reminder');
    assert.equal(
      replies(messages).length - r.length,
      3,
      'daily reminders while critical and not acknowledged (2 days left, then expired twice)',
    );
    assert.deepEqual(
      r.map((m) => {
        const c = content(m);
        return [c.event, c.problem.kind === 'expiry' ? c.problem.level : null];
      }),
      [
        ['threshold', 14],
        ['threshold', 7],
        ['threshold', 3],
        ['threshold', 1],
        ['threshold', -1],
        ['recovered', null],
      ],
    );
    for (const m of r) assert.equal(m.threadOf, parent.id, 'all in the parent thread');
    assert.deepEqual(
      r.map((m) => m.broadcast === true),
      [false, false, true, true, true, false],
      'escalation to 3 days and expiry go to the channel too',
    );
    const edits = updates(messages);
    assert.equal(edits.length, replies(messages).length, 'the parent is edited with every event');
    for (const m of edits) assert.equal(m.updateOf, parent.id);
    const last = content(edits.at(-1) as OutboundMessage);
    assert.equal(last.open, false);
    assert.equal(new Set(messages.map((m) => m.id)).size, messages.length, 'ids unique');
    assert.equal(state.incidents.filter((i) => i.open).length, 0);
  });

  test('a re-run of the same check (retry) decides the same messages, same ids', () => {
    const { state } = run(daily.slice(0, 20));
    const at = T0 + 33 * DAY;
    const result = certResult(at, [leaf, intermediate]);
    const a = evaluate(WATCH, state, result, at);
    const b = evaluate(WATCH, state, result, at);
    assert.ok(a.messages.length > 0);
    assert.deepEqual(
      a.messages.map((m) => m.id),
      b.messages.map((m) => m.id),
    );
  });

  test('two certificates alternating (CDN rollout) do not spam', () => {
    // The old certificate (6 days left) and the new one, served alternately, every hour for 2 days.
    const start = expiry - 6 * DAY;
    const steps = Array.from({ length: 48 }, (_, i) => ({
      at: start + i * 3600_000,
      chain: [i % 2 === 0 ? leaf : renewed, intermediate],
    }));
    const { messages } = run(steps);
    assert.equal(posts(messages).length, 1, 'one incident');
    // Opened at 7 days, closed once by the new certificate; the old one is not announced again.
    const events = replies(messages).map((m) => content(m).event);
    assert.deepEqual(events, ['recovered']);
    // Once the old certificate (still served) crosses 3 days, that is new: said once, in the same thread.
    const later = run(
      [
        { at: expiry - 2.5 * DAY, chain: [leaf, intermediate] },
        { at: expiry - 2.4 * DAY, chain: [renewed, intermediate] },
        { at: expiry - 2.3 * DAY, chain: [leaf, intermediate] },
      ],
      WATCH,
      run(steps).state,
    );
    const again = later.messages.filter((m) => m.action !== 'update');
    assert.deepEqual(
      again.map((m) => [m.action, content(m).event]),
      [
        ['reply', 'opened'],
        ['reply', 'recovered'],
      ],
    );
    assert.equal(again[0]?.threadOf, parentId(WATCH, 1, WATCH.to[0] as Watch['to'][0]));
  });

  test('an intermediate expiring before the leaf raises its own notice naming it', () => {
    const at = T0;
    const ca: Element = {
      role: 'intermediate',
      fp: 'CA:02',
      notAfter: at + 10 * DAY,
      subject: 'CN=Old Intermediate CA',
    };
    const { messages, state } = run([
      { at, chain: [{ role: 'leaf', fp: 'AA:09', notAfter: at + 80 * DAY }, ca] },
    ]);
    const [parent] = posts(messages);
    assert.ok(parent);
    const problem = content(parent).problem;
    assert.equal(problem.kind, 'expiry');
    assert.equal(problem.kind === 'expiry' && problem.role, 'intermediate');
    assert.equal(problem.kind === 'expiry' && problem.subject, 'CN=Old Intermediate CA');
    assert.equal(problem.kind === 'expiry' && problem.level, 14);
    assert.equal(state.incidents.length, 1);
    assert.match(state.incidents[0]?.key ?? '', /^exp:ca:/);
  });

  test('breakage: CHAIN_INCOMPLETE opens at once, closes after two clean checks', () => {
    const good: Element = { role: 'leaf', fp: 'AA:03', notAfter: T0 + 200 * DAY };
    const { messages } = run([
      { at: T0, chain: [good], codes: ['CHAIN_INCOMPLETE'] },
      { at: T0 + 600_000, chain: [good], codes: ['CHAIN_INCOMPLETE'] },
      { at: T0 + 1_200_000, chain: [good, intermediate] },
      { at: T0 + 1_800_000, chain: [good, intermediate] },
    ]);
    const [parent] = posts(messages);
    assert.equal(content(parent as OutboundMessage).problem.kind, 'breakage');
    assert.deepEqual(
      replies(messages).map((m) => content(m).event),
      ['recovered'],
    );
  });

  test('unreachable three checks in a row opens an incident; inconclusive checks change nothing', () => {
    const none: Element[] = [];
    const steps = [1, 2, 3, 4].map((i) => ({
      at: T0 + i * 600_000,
      chain: none,
      codes: ['CONNECT_REFUSED' as const],
    }));
    const { messages, state } = run(steps);
    assert.equal(posts(messages).length, 1);
    assert.equal(content(posts(messages)[0] as OutboundMessage).problem.kind, 'breakage');
    assert.equal(state.unreachable, 4);
    const blocked = evaluate(WATCH, state, certResult(T0 + DAY, [], ['ADDRESS_BLOCKED']), T0 + DAY);
    assert.deepEqual(blocked.messages, []);
    assert.equal(blocked.state.unreachable, 4);
  });

  test('acknowledge stops reminders, not escalations; snooze holds back notices short of 3 days', () => {
    const { state } = run([{ at: expiry - 20 * DAY, chain: [leaf] }]);
    const acked = acknowledge(WATCH, state, 1, 'U9', expiry - 19.9 * DAY);
    assert.deepEqual(
      acked.messages.map((m) => [m.action, content(m).event]),
      [
        ['reply', 'acknowledged'],
        ['update', 'state'],
      ],
    );
    assert.equal(content(acked.messages[1] as OutboundMessage).ack?.user, 'U9');
    // Two days later (a reminder would be due) nothing; at 7 days the escalation still comes.
    const quiet = run([{ at: expiry - 18 * DAY, chain: [leaf] }], WATCH, acked.state);
    assert.deepEqual(quiet.messages, []);
    const escalated = run([{ at: expiry - 6 * DAY, chain: [leaf] }], WATCH, quiet.state);
    assert.deepEqual(
      replies(escalated.messages).map((m) => content(m).event),
      ['threshold'],
    );

    const snoozed = snooze(WATCH, state, 1, expiry - 5 * DAY, expiry - 19.9 * DAY);
    const held = run([{ at: expiry - 13 * DAY, chain: [leaf] }], WATCH, snoozed.state);
    assert.deepEqual(replies(held.messages), [], 'the 14-day notice waits for the snooze');
    const critical = run([{ at: expiry - 2 * DAY, chain: [leaf] }], WATCH, held.state);
    assert.deepEqual(
      replies(critical.messages).map((m) => content(m).event),
      ['threshold'],
      'an escalation goes through a snooze',
    );
  });

  test('critical incidents nobody acknowledged come up again once a day; warnings do not', () => {
    const warning = run([
      { at: expiry - 20 * DAY, chain: [leaf] },
      { at: expiry - 18.9 * DAY, chain: [leaf] },
    ]);
    assert.deepEqual(replies(warning.messages), []);
    const { messages } = run([
      { at: expiry - 2.9 * DAY, chain: [leaf] },
      { at: expiry - 2.5 * DAY, chain: [leaf] },
      { at: expiry - 1.85 * DAY, chain: [leaf] },
    ]);
    assert.deepEqual(
      replies(messages).map((m) => content(m).event),
      ['reminder'],
    );
  });

  test('muted: nothing is posted; after the mute the current state is said once', () => {
    const muted = { ...emptyState(), mutedUntil: expiry - 5 * DAY };
    const during = run([{ at: expiry - 10 * DAY, chain: [leaf] }], WATCH, muted);
    assert.deepEqual(during.messages, []);
    const after = run([{ at: expiry - 4 * DAY, chain: [leaf] }], WATCH, during.state);
    assert.equal(posts(after.messages).length, 1);
  });

  test('the state stays small (2 KB with incidents)', () => {
    const { state } = run([
      ...daily.slice(0, 35),
      {
        at: T0 + 36 * DAY,
        chain: [leaf, intermediate],
        codes: ['CHAIN_INCOMPLETE', 'CERT_REVOKED'],
      },
    ]);
    const size = JSON.stringify(state).length + JSON.stringify(WATCH).length;
    assert.ok(size < 2048, `${size} bytes: ${JSON.stringify(state)}`);
  });

  test('an outage that comes back is said again, in the same thread; flapping chains are not', () => {
    const good: Element = { role: 'leaf', fp: 'AA:04', notAfter: T0 + 200 * DAY };
    const down = (i: number) => ({
      at: T0 + i * 600_000,
      chain: [],
      codes: ['CONNECT_REFUSED' as const],
    });
    const up = (i: number) => ({ at: T0 + i * 600_000, chain: [good] });
    const { messages } = run([down(1), down(2), down(3), up(4), up(5), down(6), down(7), down(8)]);
    assert.deepEqual(
      messages.filter((m) => m.action !== 'update').map((m) => [m.action, content(m).event]),
      [
        ['post', 'opened'],
        ['reply', 'recovered'],
        ['reply', 'opened'],
      ],
    );
    const flap = (i: number, broken: boolean) => ({
      at: T0 + i * 600_000,
      chain: [good],
      codes: broken ? ['CHAIN_INCOMPLETE' as const] : [],
    });
    const chain = run([
      flap(1, true),
      flap(2, false),
      flap(3, false),
      flap(4, true),
      flap(5, false),
    ]);
    assert.deepEqual(
      chain.messages.filter((m) => m.action !== 'update').map((m) => [m.action, content(m).event]),
      [
        ['post', 'opened'],
        ['reply', 'recovered'],
      ],
      'the same certificate broken again within a day is not announced again',
    );
  });
});
