/**
 * The parts of certificate watches around the incident logic: `/wx watch` parsing, destinations,
 * the watches file (errors name the key; a bad edit keeps the old set), the renderers, the outbox.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { plan, UsageError } from '../commands/index.js';
import { ConfigError, loadConfig } from '../src/config/index.js';
import type { IncidentContent } from '../src/model/index.js';
import { renderIncidentMarkdown } from '../src/render/incident-markdown.js';
import { renderSlack } from '../src/render/slack.js';
import { INCIDENT_ACTIONS, parseIncidentButton } from '../src/render/slack-incident.js';
import { renderWecom } from '../src/render/wecom.js';
import { parseDestination } from '../src/watch/destinations.js';
import { loadWatches, parseWatches, readWatchesFile } from '../src/watch/file.js';
import { syncWatchesFile } from '../src/watch/file-sync.js';
import type { CertWatchSpec, WatchSpec } from '../src/watch/service.js';

const dir = mkdtempSync(join(tmpdir(), 'wx-watches-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function problems(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.message;
  }
  assert.fail('no ConfigError');
}

describe('/wx watch parsing', () => {
  test('add with destinations, thresholds and --resolve', () => {
    const p = plan(
      [
        'watch',
        'add',
        'API.example.com:8443',
        '--to',
        '#C0123ABCD',
        '--to',
        'wecom-robot:ops',
        '--days',
        '7,30,14',
        '--resolve',
        'api.example.com:8443:203.0.113.7',
      ],
      'chat',
    );
    assert.deepEqual(p, {
      kind: 'watch',
      op: {
        op: 'add',
        host: 'api.example.com',
        port: 8443,
        connectTo: '203.0.113.7',
        to: ['#C0123ABCD', 'wecom-robot:ops'],
        days: [30, 14, 7],
      },
      json: false,
    });
  });

  test('rm, list, mute, check, ack, snooze', () => {
    const op = (text: string) => {
      const p = plan(text.split(' '), 'chat');
      assert.equal(p.kind, 'watch');
      return p.kind === 'watch' ? p.op : undefined;
    };
    assert.deepEqual(op('watch rm api.example.com'), { op: 'rm', id: 'api.example.com:443' });
    assert.deepEqual(op('watch list'), { op: 'list' });
    assert.deepEqual(op('watch mute api.example.com 7d'), {
      op: 'mute',
      id: 'api.example.com:443',
      ms: 7 * 86_400_000,
    });
    assert.deepEqual(op('watch check api.example.com:8443'), {
      op: 'check',
      id: 'api.example.com:8443',
    });
    assert.deepEqual(op('watch ack api.example.com:443 3'), {
      op: 'ack',
      id: 'api.example.com:443',
      incident: 3,
    });
    assert.deepEqual(op('watch snooze api.example.com:443 3 7d'), {
      op: 'snooze',
      id: 'api.example.com:443',
      incident: 3,
      ms: 7 * 86_400_000,
    });
  });

  test('mistakes are usage errors; the terminal says watches live in the bot', () => {
    for (const text of [
      'watch',
      'watch nope',
      'watch add',
      'watch mute api.example.com',
      'watch mute api.example.com forever',
      'watch add api.example.com --days 0',
      'watch list --to #C1',
      'watch add a.example.com --resolve b.example.com:443:1.2.3.4',
    ]) {
      assert.throws(() => plan(text.split(' '), 'chat'), UsageError, text);
    }
    assert.throws(() => plan(['watch', 'list'], 'cli'), /bot/);
    assert.throws(() => plan(['watch', 'list', '--file', 'w.yml'], 'chat'), /terminal/);
    assert.equal(plan(['watch', 'list', '--file', 'w.yml'], 'cli').kind, 'watch');
  });

  test('destinations: Slack ids, WeCom chats, users and robots', () => {
    const slack = { platform: 'slack' as const, workspace: 'T1' };
    assert.deepEqual(parseDestination('#C0123ABCD', slack), {
      platform: 'slack',
      workspace: 'T1',
      conversation: 'C0123ABCD',
    });
    assert.deepEqual(parseDestination('slack:C0123ABCD'), {
      platform: 'slack',
      workspace: '',
      conversation: 'C0123ABCD',
    });
    assert.deepEqual(parseDestination('wecom-chat:wrkSFfCgAAxx'), {
      platform: 'wecom',
      workspace: '',
      conversation: 'chat:wrkSFfCgAAxx',
    });
    assert.deepEqual(parseDestination('ops', { platform: 'wecom', workspace: 'ww1' }), {
      platform: 'wecom',
      workspace: 'ww1',
      conversation: 'robot:ops',
    });
    assert.equal(typeof parseDestination('#ops', slack), 'string', 'a name is not an id');
    assert.equal(typeof parseDestination('ops', slack), 'string');
  });
});

describe('the watches file', () => {
  const good = `watches:
  - host: api.example.com
    to: [slack:C0123ABCD, wecom-chat:CHATID, wecom-robot:ops]
  - host: pay.example.com:8443
    resolve: pay.example.com:8443:203.0.113.7
    to: [slack:C0123ABCD]
    days: [7, 30]
`;

  test('entries become watch specs (port 443 by default, thresholds highest first)', () => {
    const path = join(dir, 'good.yml');
    writeFileSync(path, good);
    const specs = readWatchesFile(path, {}, 'en') as CertWatchSpec[];
    assert.deepEqual(
      specs.map((s) => [s.id, s.connectTo ?? null, s.days, s.to.map((d) => d.conversation)]),
      [
        ['api.example.com:443', null, [30, 14, 7, 3, 1], ['C0123ABCD', 'chat:CHATID', 'robot:ops']],
        ['pay.example.com:8443', '203.0.113.7', [30, 7], ['C0123ABCD']],
      ],
    );
    assert.ok(specs.every((s) => s.source === 'file' && s.lang === 'en'));
  });

  test('every mistake names its key', () => {
    const message = problems(() =>
      parseWatches(
        [
          { host: 'a.example.com', to: ['slack:C1AAA'] },
          { host: 'b.example.com', to: [] },
          { host: 'c.example.com', to: ['slack:C1AAA', 'teams:x'] },
          { host: 'not a host', to: ['slack:C1AAA'] },
          { host: 'd.example.com', to: ['slack:C1AAA'], days: [0] },
          { host: 'e.example.com', to: ['slack:C1AAA'], colour: 'red' },
        ],
        'en',
      ),
    );
    assert.match(message, /watches\[1\]\.to: expected at least one destination/);
    assert.match(message, /watches\[2\]\.to\[1\]: expected slack:/);
    assert.match(message, /watches\[3\]\.host: not a host name/);
    assert.match(message, /watches\[4\]\.days\[0\]: expected at least 1 day/);
    assert.match(message, /watches\[5\]: .*colour/);
    assert.doesNotMatch(message, /watches\[0\]/);
    assert.match(
      problems(() =>
        parseWatches(
          [
            { host: 'a.example.com', to: ['slack:C1AAA'] },
            { host: 'A.example.com:443', to: ['slack:C1AAA'] },
          ],
          'en',
        ),
      ),
      /watches\[1\]\.host: a\.example\.com:443 is already watched by watches\[0\]/,
    );
  });

  test('the WX_CONFIG file may hold the watches; WX_WATCHES_FILE names a file of its own', () => {
    const config = join(dir, 'config.yml');
    writeFileSync(config, good);
    const env = { SLACK_SIGNING_SECRET: 'ab'.repeat(16), SLACK_BOT_TOKEN: 'xoxb-1-2-abc' };
    const c = loadConfig({ ...env, WX_CONFIG: config });
    assert.equal(c.watches.file, config);
    assert.equal(loadWatches(c, env).length, 2);
    const bad = join(dir, 'bad-config.yml');
    writeFileSync(bad, 'watches:\n  - host: a.example.com\n    to: [nowhere]\n');
    assert.match(
      problems(() => loadWatches(loadConfig({ ...env, WX_CONFIG: bad }), env)),
      /watches\[0\]\.to\[0\]/,
    );
    const own = join(dir, 'own.yml');
    writeFileSync(own, good);
    const d = loadConfig({ ...env, WX_WATCHES_FILE: own });
    assert.equal(d.watches.file, own);
    assert.equal(loadWatches(d, env).length, 2);
    assert.equal(loadConfig(env).watches.file, null);
  });

  test('reloaded when it changes; a bad edit keeps the old set and says why', async () => {
    const path = join(dir, 'live.yml');
    writeFileSync(path, good);
    const applied: WatchSpec[][] = [];
    const outcomes: string[] = [];
    let notify: () => void = () => {};
    const sync = syncWatchesFile({
      path,
      reload: async () => {
        const specs = readWatchesFile(path, {}, 'en');
        applied.push(specs);
        return specs.length;
      },
      onReload: (r) => {
        outcomes.push(r.ok ? `ok ${r.count}` : `error ${r.error}`);
        notify();
      },
      debounceMs: 20,
    });
    const next = () => new Promise<void>((resolve) => (notify = resolve));
    try {
      let reloaded = next();
      writeFileSync(path, 'watches:\n  - host: only.example.com\n    to: [slack:C0123ABCD]\n');
      await reloaded;
      reloaded = next();
      writeFileSync(path, 'watches:\n  - host: only.example.com\n    to: [teams:x]\n');
      await reloaded;
    } finally {
      sync.close();
    }
    assert.deepEqual(
      applied.map((a) => a.map((s) => s.id)),
      [['only.example.com:443']],
    );
    assert.equal(outcomes[0], 'ok 1');
    assert.match(outcomes[1] ?? '', /^error watches\[0\]\.to\[0\]/);
  });
});

describe('incident rendering', () => {
  const content: IncidentContent = {
    type: 'incident',
    part: 'parent',
    event: 'threshold',
    ref: 'W12',
    watchId: 'api.example.com:443',
    incident: 2,
    target: 'api.example.com:443',
    open: true,
    problem: {
      kind: 'expiry',
      role: 'intermediate',
      subject: 'CN=<!channel> R3*',
      fingerprint256: 'AA',
      notAfter: '2026-12-01T00:00:00.000Z',
      daysLeft: 3,
      level: 3,
    },
    openedAt: '2026-11-20T00:00:00.000Z',
    ack: { user: 'U0ACK', at: '2026-11-27T05:00:00.000Z' },
    critical: true,
  };

  test('Slack: the parent shows the state, who acknowledged it and when, and the buttons', () => {
    const m = renderSlack(content, 'en');
    const json = JSON.stringify(m.blocks);
    assert.match(json, /Certificate expires within 3 days/);
    assert.match(json, /acknowledged by <@U0ACK> at 2026-11-27 05:00 UTC/);
    assert.match(json, /#W12/);
    assert.ok(!json.includes('<!channel>'), 'server text is escaped');
    const actions = m.blocks.find((b) => b.type === 'actions') as {
      elements: Array<{ action_id: string; value: string }>;
    };
    assert.deepEqual(
      actions.elements.map((e) => e.action_id),
      [INCIDENT_ACTIONS.snooze1d, INCIDENT_ACTIONS.snooze7d, INCIDENT_ACTIONS.recheck],
      'no Acknowledge once acknowledged',
    );
    assert.deepEqual(parseIncidentButton(actions.elements[0]?.value), {
      w: 'api.example.com:443',
      n: 2,
    });
    const closed = renderSlack({ ...content, open: false, critical: false }, 'en');
    const closedActions = closed.blocks.filter((b) => b.type === 'actions') as Array<{
      elements: Array<{ action_id: string; value: string }>;
    }>;
    assert.deepEqual(
      closedActions.flatMap((b) => b.elements.map((e) => e.action_id)),
      [INCIDENT_ACTIONS.report],
      'a closed incident has only the Report button',
    );
  });

  test('WeCom markdown: the short reference on every message, server text inert', () => {
    const parent = renderIncidentMarkdown(content, 'zh-CN');
    assert.match(parent, /^\*\*#W12\*\* <font color="warning">/);
    assert.match(parent, /中间证书/);
    assert.ok(!parent.includes('<!channel>'));
    const reply = renderIncidentMarkdown(
      { ...content, part: 'event', event: 'recovered', open: false, critical: false },
      'en',
    );
    assert.match(reply, /^\*\*#W12\*\* <font color="info">\*\*Resolved: /);
    const [wecom, ...more] = renderWecom(content, 'en', { maxBytes: 2048 });
    assert.deepEqual(more, []);
    assert.match(wecom ?? '', /^\*\*#W12\*\* /, 'the WeCom adapter renders incidents with it');
  });
});
