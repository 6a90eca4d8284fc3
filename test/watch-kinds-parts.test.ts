/**
 * The parts of http, dns and wechat watches: `/wx watch add https://… | dns:NAME | wechat:ALIAS`
 * and the other subcommands by those names, the watches file's `url:`, `dns:` and `wechat:`
 * entries (errors name the key), ids per kind, intervals per kind, the headline of a cause.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { plan, planAliases, UsageError } from '../commands/index.js';
import { ConfigError } from '../src/config/index.js';
import type { IncidentContent } from '../src/model/index.js';
import { renderSlack } from '../src/render/slack.js';
import { parseWatches } from '../src/watch/file.js';
import { intervalFor } from '../src/watch/schedule.js';
import { emptyState } from '../src/watch/types.js';

const op = (text: string) => {
  const p = plan(text.split(' '), 'chat');
  assert.equal(p.kind, 'watch');
  return p.kind === 'watch' ? p.op : undefined;
};

describe('watches of every kind: chat', () => {
  test('add a URL, a DNS name, a WeChat app; a host stays a certificate watch', () => {
    assert.deepEqual(op('watch add https://API.example.com/health?x=1 --to #C0123ABCD'), {
      op: 'add',
      kind: 'http',
      url: 'https://api.example.com/health?x=1',
      to: ['#C0123ABCD'],
    });
    assert.deepEqual(op('watch add dns:Api.Example.com.'), {
      op: 'add',
      kind: 'dns',
      name: 'api.example.com',
      to: [],
    });
    assert.deepEqual(op('watch add wechat:shop'), {
      op: 'add',
      kind: 'wechat',
      alias: 'shop',
      to: [],
    });
    assert.deepEqual(op('watch add api.example.com'), {
      op: 'add',
      host: 'api.example.com',
      port: 443,
      to: [],
    });
    assert.deepEqual(
      op('watch add https://api.example.com:8443/ --resolve api.example.com:8443:203.0.113.7'),
      {
        op: 'add',
        kind: 'http',
        url: 'https://api.example.com:8443/',
        connectTo: '203.0.113.7',
        to: [],
      },
    );
  });

  test('the alias a wechat watch names is checked like `wx token`’s; api-domains names none', () => {
    assert.deepEqual(planAliases(plan(['watch', 'add', 'wechat:shop'], 'chat')), ['shop']);
    assert.deepEqual(planAliases(plan(['watch', 'add', 'wechat:api-domains'], 'chat')), []);
  });

  test('refusals: --days off certificates, --resolve off dns and wechat, bad targets', () => {
    const usage = (text: string, re: RegExp) =>
      assert.throws(
        () => plan(text.split(' '), 'chat'),
        (e) => e instanceof UsageError && re.test(e.message),
      );
    usage('watch add https://a.example.com/ --days 7', /--days goes with certificate watches/);
    usage(
      'watch add dns:a.example.com --resolve a.example.com:443:192.0.2.1',
      /--resolve goes with/,
    );
    usage('watch add wechat:no/such', /not an app alias/);
    usage(
      'watch add https://a.example.com/ --resolve b.example.com:443:192.0.2.1',
      /--resolve names/,
    );
  });

  test('rm, mute, check, ack and snooze name a watch of any kind by what add took', () => {
    assert.deepEqual(op('watch rm https://api.example.com/health'), {
      op: 'rm',
      id: 'http:https://api.example.com/health',
    });
    assert.deepEqual(op('watch rm http:https://api.example.com/health'), {
      op: 'rm',
      id: 'http:https://api.example.com/health',
    });
    assert.deepEqual(op('watch mute dns:api.example.com 7d'), {
      op: 'mute',
      id: 'dns:api.example.com',
      ms: 7 * 86_400_000,
    });
    assert.deepEqual(op('watch ack wechat:shop 2'), { op: 'ack', id: 'wechat:shop', incident: 2 });
    assert.deepEqual(op('watch check api.example.com:8443'), {
      op: 'check',
      id: 'api.example.com:8443',
    });
  });
});

describe('watches of every kind: the file', () => {
  const TO = ['slack:C0123ABCD'];

  test('ids per kind, defaults (status 200–299, type A, default resolvers)', () => {
    const specs = parseWatches(
      [
        { host: 'api.example.com', to: TO },
        { url: 'https://api.example.com/health', to: TO },
        { dns: 'api.example.com', to: TO },
        { wechat: 'shop', to: TO },
        { wechat: 'api-domains', to: TO },
      ],
      'en',
    );
    assert.deepEqual(
      specs.map((s) => s.id),
      [
        'api.example.com:443',
        'http:https://api.example.com/health',
        'dns:api.example.com',
        'wechat:shop',
        'wechat:api-domains',
      ],
    );
    const [cert, http, dns] = specs;
    assert.equal(cert?.kind, undefined, 'certificate specs are stored as before');
    assert.ok(http?.kind === 'http' && dns?.kind === 'dns');
    assert.deepEqual(http.status, [200, 299]);
    assert.equal(dns.type, 'A');
    assert.deepEqual(dns.resolvers, []);
  });

  test('every problem names its key', () => {
    let message = '';
    try {
      parseWatches(
        [
          { url: 'https://a.example.com/', status: 'teapot', maxMs: -1, to: TO },
          { dns: 'a.example.com', type: 'SRV', expect: [], to: TO },
          { wechat: 'shop', domains: ['api.weixin.qq.com'], to: TO },
          { url: 'https://a.example.com/', dns: 'a.example.com', to: TO },
        ],
        'en',
      );
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      message = err.message;
    }
    assert.match(message, /watches\[0\]\.status: expected a status such as 200/);
    assert.match(message, /watches\[0\]\.maxMs: /);
    assert.match(message, /watches\[1\]\.type: expected A, AAAA/);
    assert.match(message, /watches\[1\]\.expect: /);
    assert.match(message, /watches\[2\]\.domains: goes with `wechat: api-domains`/);
    assert.match(
      message,
      /watches\[3\]: expected one of host, url, dns or wechat, got url and dns/,
    );
  });
});

describe('watches of every kind: schedule and words', () => {
  test('intervals per kind: 1 min http, 5 min dns and wechat, shorter while failing', () => {
    const now = Date.now();
    const failing = { ...emptyState(), failing: 1 };
    assert.equal(intervalFor(emptyState(), now, undefined, 'http'), 60_000);
    assert.equal(intervalFor(emptyState(), now, undefined, 'dns'), 300_000);
    assert.equal(intervalFor(emptyState(), now, undefined, 'wechat'), 300_000);
    assert.ok(intervalFor(failing, now, undefined, 'http') < 60_000);
    assert.ok(intervalFor(failing, now, undefined, 'dns') < 300_000);
  });

  test('a cause incident is headed by its sentence, in both languages', () => {
    const content: IncidentContent = {
      type: 'incident',
      part: 'parent',
      event: 'opened',
      ref: 'W7',
      watchId: 'http:https://api.example.com/health',
      incident: 1,
      target: 'http:https://api.example.com/health',
      open: true,
      problem: {
        kind: 'breakage',
        code: 'HTTP_5XX',
        probe: 'http',
        message: 'https://api.example.com/health answered 502 Bad Gateway',
        hint: 'Check the application and upstream logs; 502/504 usually mean the proxy cannot reach the application.',
      },
      openedAt: new Date().toISOString(),
      critical: true,
    };
    for (const lang of ['en', 'zh-CN'] as const) {
      const text = String(renderSlack(content, lang).text);
      assert.match(
        text,
        /^:red_circle: \*https:\/\/api\.example\.com\/health answered 502 Bad Gateway\*/,
      );
      assert.match(text, /http HTTP_5XX/);
    }
  });
});
