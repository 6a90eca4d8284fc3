/** loadConfig: env, the WX_CONFIG file, precedence, and an error that names the key for every mistake. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { inspect, parseEnv } from 'node:util';
import { createLogger } from '../src/app/log.js';
import { unusableApps } from '../src/config/apps.js';
import {
  type Config,
  ConfigError,
  describeRedis,
  ENV_KEYS,
  hasHashTag,
  loadConfig,
  secretValues,
} from '../src/config/index.js';
import { redisTarget } from '../src/config/redis.js';

const SIGNING = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const BOT = 'xoxb-1111-2222-abcdefABCDEF';
const APP = 'xapp-1-A111-333-abcdef0123';
/** The least an HTTP-mode `all` process needs. */
const BASE = { SLACK_SIGNING_SECRET: SIGNING, SLACK_BOT_TOKEN: BOT };

const dir = mkdtempSync(join(tmpdir(), 'wx-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function yamlFile(text: string): string {
  const path = join(dir, `config-${++files}.yml`);
  writeFileSync(path, text);
  return path;
}

/** The ConfigError loadConfig throws, as one message. */
function problem(env: Record<string, string>, argv: string[] = []): string {
  try {
    loadConfig(env, argv);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${err}`);
    assert.doesNotMatch(err.message, /\n/, 'one line');
    return err.message;
  }
  assert.fail(`no ConfigError for ${JSON.stringify(env)} ${argv.join(' ')}`);
}

describe('defaults and env', () => {
  test('defaults: role all, HTTP mode, local Redis, prefix wx, no language (each platform its own)', () => {
    const c = loadConfig(BASE);
    assert.equal(c.role, 'all');
    assert.equal(c.port, 3000);
    assert.equal(c.lang, null);
    assert.equal(c.logLevel, 'info');
    assert.equal(c.queuePrefix, 'wx');
    assert.equal(c.rateLimitPerMinute, 20);
    assert.deepEqual(c.probe, {
      allow: [],
      concurrency: 64,
      watchConcurrency: 512,
      timeoutMs: 10_000,
      watchConnectTimeoutMs: 3000,
    });
    assert.deepEqual(c.notify, { concurrency: 8 });
    assert.deepEqual(c.chatWatches, { destinations: [], maxPerConversation: 50, maxTotal: 10_000 });
    assert.equal(c.slack.mode, 'http');
    assert.equal(c.slack.signingSecret?.reveal(), SIGNING);
    assert.equal(c.slack.botToken?.reveal(), BOT);
    assert.equal(c.slack.appToken, null);
    assert.equal(c.slack.apiUrl, null);
    assert.equal(c.redis.kind, 'standalone');
    assert.equal(redisTarget(c.redis), 'redis://127.0.0.1:6379');
    assert.equal(c.configFile, null);
  });

  test('every env key is read', () => {
    const c = loadConfig({
      ...BASE,
      REDIS_URL: 'rediss://:pw@redis.internal:6380/2',
      PORT: '8080',
      WX_ROLE: 'bot',
      SLACK_API_URL: 'http://127.0.0.1:9999/api/',
      WX_PROBE_ALLOW: '10.0.0.0/8, 192.168.1.7 ,fd00::/8',
      WX_LANG: 'en',
      WX_PROBE_CONCURRENCY: '16',
      WX_WATCH_CONCURRENCY: '256',
      WX_NOTIFY_CONCURRENCY: '4',
      WX_RATE_LIMIT_PER_MINUTE: '5',
      WX_ADMINS: 'slack:U0ADMIN, wecom:zhangsan',
      WX_WATCH_DESTINATIONS: 'slack:C0OPS, wecom-robot:ops',
      WX_WATCH_MAX_PER_CONVERSATION: '10',
      WX_WATCH_MAX_TOTAL: '500',
      WX_QUEUE_PREFIX: 'wxprod',
      WX_PROBE_TIMEOUT_MS: '2500',
      WX_WATCH_CONNECT_TIMEOUT_MS: '1500',
      LOG_LEVEL: 'debug',
    });
    assert.equal(c.role, 'bot');
    assert.equal(c.port, 8080);
    assert.equal(redisTarget(c.redis), 'rediss://:pw@redis.internal:6380/2');
    assert.equal(c.slack.apiUrl, 'http://127.0.0.1:9999/api/');
    assert.deepEqual(c.probe, {
      allow: ['10.0.0.0/8', '192.168.1.7/32', 'fd00::/8'],
      concurrency: 16,
      watchConcurrency: 256,
      timeoutMs: 2500,
      watchConnectTimeoutMs: 1500,
    });
    assert.equal(c.lang, 'en');
    assert.equal(c.notify.concurrency, 4);
    assert.equal(c.rateLimitPerMinute, 5);
    assert.deepEqual(c.admins, ['slack:U0ADMIN', 'wecom:zhangsan']);
    assert.deepEqual(c.chatWatches, {
      destinations: ['slack:C0OPS', 'wecom-robot:ops'],
      maxPerConversation: 10,
      maxTotal: 500,
    });
    assert.equal(c.queuePrefix, 'wxprod');
    assert.equal(c.logLevel, 'debug');
  });

  test('an empty env value counts as unset (an empty SLACK_APP_TOKEN= in a .env file)', () => {
    const c = loadConfig({ ...BASE, SLACK_APP_TOKEN: '', PORT: '', WX_PROBE_ALLOW: ' ' });
    assert.equal(c.slack.mode, 'http');
    const padded = loadConfig({ ...BASE, SLACK_BOT_TOKEN: ` ${BOT}\n` });
    assert.equal(padded.slack.botToken?.reveal(), BOT, 'surrounding whitespace is dropped');
    assert.equal(c.port, 3000);
    assert.deepEqual(c.probe.allow, []);
  });

  test('--role on the command line wins over WX_ROLE', () => {
    assert.equal(loadConfig({ ...BASE, WX_ROLE: 'bot' }, ['--role', 'worker']).role, 'worker');
    assert.equal(loadConfig({ ...BASE, WX_ROLE: 'worker' }, ['--role=bot']).role, 'bot');
    assert.match(problem(BASE, ['--role', 'boss']), /^--role: expected one of bot, worker, all/);
    assert.match(problem(BASE, ['--role']), /^--role: /);
    assert.match(problem(BASE, ['--verbose']), /^--verbose: unknown argument/);
  });
});

describe('the WX_CONFIG file', () => {
  test(`YAML with \${NAME} references; env wins over the file`, () => {
    const path = yamlFile(`
port: 4000
lang: en
redis:
  sentinel:
    name: mymaster
    sentinels:
      - { host: 10.0.0.1, port: 26379 }
      - { host: 10.0.0.2, port: "\${SENTINEL_PORT}" }
    password: \${REDIS_PASSWORD}
slack:
  signingSecret: \${SLACK_SECRET_FROM_VAULT}
  botToken: xoxb-from-file
  langByWorkspace: { T0123: en }
  langByChannel: { C0456: zh-CN }
probe:
  allow: [10.1.0.0/16]
  concurrency: 8
commands:
  rateLimitPerMinute: 7
queue:
  prefix: "literal-$\${NOT_A_REF}"
`);
    const c = loadConfig({
      WX_CONFIG: path,
      SENTINEL_PORT: '26380',
      REDIS_PASSWORD: 'sentinel-data-pw',
      SLACK_SECRET_FROM_VAULT: SIGNING,
      SLACK_BOT_TOKEN: BOT,
      PORT: '5000',
    });
    assert.equal(c.configFile, path);
    assert.equal(c.port, 5000, 'env PORT wins over the file');
    assert.equal(c.slack.botToken?.reveal(), BOT, 'env SLACK_BOT_TOKEN wins over the file');
    assert.equal(c.slack.signingSecret?.reveal(), SIGNING);
    assert.equal(c.lang, 'en');
    assert.deepEqual(c.slack.langByWorkspace, { T0123: 'en' });
    assert.deepEqual(c.slack.langByChannel, { C0456: 'zh-CN' });
    assert.deepEqual(c.probe.allow, ['10.1.0.0/16']);
    assert.equal(c.probe.concurrency, 8);
    assert.equal(c.rateLimitPerMinute, 7);
    assert.equal(c.queuePrefix, `literal-\${NOT_A_REF}`);
    assert.equal(c.redis.kind, 'sentinel');
    assert.deepEqual(redisTarget(c.redis), {
      name: 'mymaster',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
      ],
      password: 'sentinel-data-pw',
    });
    assert.equal(describeRedis(c.redis), 'sentinel mymaster via 10.0.0.1:26379,10.0.0.2:26380');
  });

  test('REDIS_URL with the file’s redis.cluster or redis.sentinel: refused, naming both keys', () => {
    const cluster = yamlFile('redis:\n  cluster:\n    nodes: [{ host: 10.0.0.9, port: 7000 }]\n');
    assert.match(
      problem({ ...BASE, WX_CONFIG: cluster, REDIS_URL: 'redis://10.0.0.3:6379' }),
      /^REDIS_URL and redis\.cluster \(.+\.yml\): both set, give one; unset or empty REDIS_URL/,
    );
    const sentinel = yamlFile(
      'redis:\n  sentinel:\n    name: m\n    sentinels: [{ host: 10.0.0.1, port: 26379 }]\n',
    );
    assert.match(
      problem({ ...BASE, WX_CONFIG: sentinel, REDIS_URL: 'redis://10.0.0.3:6379' }),
      /^REDIS_URL and redis\.sentinel \(/,
    );
    // An empty REDIS_URL (as in a copied .env.example) is unset: the file's Cluster is used.
    const c = loadConfig({ ...BASE, WX_CONFIG: cluster, REDIS_URL: '' });
    assert.equal(c.redis.kind, 'cluster');
  });

  test('.env.example as copied: runs against a Cluster file, with the {wx} prefix', () => {
    const example = parseEnv(
      readFileSync(new URL('../../.env.example', import.meta.url), 'utf8'),
    ) as Record<string, string>;
    const cluster = yamlFile('redis:\n  cluster:\n    nodes: [{ host: 10.0.0.9, port: 7000 }]\n');
    const c = loadConfig({ ...example, ...BASE, WX_CONFIG: cluster });
    assert.equal(c.redis.kind, 'cluster');
    assert.equal(c.queuePrefix, '{wx}');
    const plain = loadConfig({ ...example, ...BASE });
    assert.equal(redisTarget(plain.redis), 'redis://127.0.0.1:6379');
    assert.equal(plain.queuePrefix, 'wx');
  });

  test('REDIS_URL wins over the file’s redis.url', () => {
    const path = yamlFile('redis:\n  url: redis://10.0.0.9:6379\n');
    const c = loadConfig({ ...BASE, WX_CONFIG: path, REDIS_URL: 'redis://10.0.0.3:6379' });
    assert.equal(redisTarget(c.redis), 'redis://10.0.0.3:6379');
    assert.equal(c.queuePrefix, 'wx');
  });

  test('an empty file is all defaults', () => {
    assert.equal(loadConfig({ ...BASE, WX_CONFIG: yamlFile('') }).port, 3000);
    assert.equal(loadConfig({ ...BASE, WX_CONFIG: yamlFile('# nothing yet\n') }).port, 3000);
  });

  test('a reference to an unset variable names the key and the variable', () => {
    const path = yamlFile(`slack:\n  botToken: \${BOT_TOKEN_IN_VAULT}\n`);
    assert.equal(
      problem({ SLACK_SIGNING_SECRET: SIGNING, WX_CONFIG: path }),
      `slack.botToken: references \${BOT_TOKEN_IN_VAULT}, but BOT_TOKEN_IN_VAULT is not set`,
    );
    const nested = yamlFile(
      `redis:\n  cluster:\n    nodes:\n      - { host: "\${NODE_HOST}", port: 7000 }\n`,
    );
    assert.match(
      problem({ ...BASE, WX_CONFIG: nested }),
      /^redis\.cluster\.nodes\[0\]\.host: .*NODE_HOST/,
    );
  });

  test('file problems name the file key', () => {
    const cases: Array<[string, RegExp]> = [
      [
        'redis:\n  sentinel:\n    name: m\n    sentinels: [{ host: a, port: 70000 }]\n',
        /^redis\.sentinel\.sentinels\[0\]\.port: expected a whole number from 0 to 65535, got 70000$/,
      ],
      ['redis:\n  sentinel:\n    name: m\n    sentinels: []\n', /^redis\.sentinel\.sentinels: /],
      [
        'redis:\n  url: redis://a\n  cluster: { nodes: [{ host: b, port: 1 }] }\n',
        /^redis: give exactly one of url, sentinel, cluster$/,
      ],
      ['redis:\n  url: http://a\n', /^redis\.url: expected a redis:\/\/ or rediss:\/\/ URL$/],
      ['slack:\n  signingsecret: x\n', /^slack\.signingsecret: unknown key$/],
      [
        'slack:\n  langByChannel: { C1: fr }\n',
        /^slack\.langByChannel\.C1: expected one of en, zh-CN, got "fr"$/,
      ],
      [
        'slack:\n  langByChannel: { general: en }\n',
        /^slack\.langByChannel\.general: expected a Slack id/,
      ],
      ['probe:\n  allow: [10.0.0.0/8, 300.1.1.1]\n', /^probe\.allow: not a CIDR: "300\.1\.1\.1"$/],
      [
        'probe:\n  concurrency: lots\n',
        /^probe\.concurrency: expected a whole number from 1 to 1024, got "lots"$/,
      ],
      [
        'notify: { concurrency: 0 }\n',
        /^notify\.concurrency: expected a whole number from 1 to 256, got 0$/,
      ],
      ['role: boss\n', /^role: expected one of bot, worker, all, got "boss"$/],
      [
        'queue: { prefix: {wx} }\n',
        /^queue\.prefix: expected text \(in YAML, quote a hash tag: "\{wx\}"\)$/,
      ],
      [
        'redis:\n  cluster: { nodes: [{ host: a, port: 1 }], tls: maybe }\n',
        /^redis\.cluster\.tls: expected true or false$/,
      ],
      ['- a\n- b\n', /^WX_CONFIG: .* must hold a YAML mapping$/],
      ['a: [1, 2\n', /^WX_CONFIG: .* is not valid YAML: /],
      ['a: 1\na: 2\n', /^WX_CONFIG: .* is not valid YAML: /],
      [
        'a: 1\n---\nb: 2\n',
        /^WX_CONFIG: .* is not valid YAML: 2 documents, where one is expected$/,
      ],
    ];
    for (const [text, expected] of cases) {
      assert.match(problem({ ...BASE, WX_CONFIG: yamlFile(text) }), expected, text);
    }
    assert.match(
      problem({ ...BASE, WX_CONFIG: join(dir, 'missing.yml') }),
      /^WX_CONFIG: cannot read .*missing\.yml \(ENOENT\)$/,
    );
  });

  test('several problems are reported together, each named', () => {
    const message = problem({
      WX_CONFIG: yamlFile('probe:\n  concurrency: 0\n'),
      PORT: 'http',
      SLACK_BOT_TOKEN: BOT,
      SLACK_SIGNING_SECRET: SIGNING,
    });
    assert.match(message, /PORT: /);
    assert.match(message, /probe\.concurrency: /);
  });
});

describe('every env problem names its key', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [
      { WX_PROBE_ALLOW: '10.0.0.0/8,10.0.0.0/33' },
      /^WX_PROBE_ALLOW: not a CIDR: "10\.0\.0\.0\/33"$/,
    ],
    [{ PORT: 'eighty' }, /^PORT: expected a whole number from 0 to 65535, got "eighty"$/],
    [{ PORT: '65536' }, /^PORT: /],
    [{ WX_ROLE: 'boss' }, /^WX_ROLE: expected one of bot, worker, all, got "boss"$/],
    [{ WX_LANG: 'fr' }, /^WX_LANG: expected one of en, zh-CN, got "fr"$/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: expected one of fatal, /],
    [{ REDIS_URL: 'localhost:6379' }, /^REDIS_URL: expected a redis:\/\/ or rediss:\/\/ URL$/],
    [{ SLACK_API_URL: 'ftp://x' }, /^SLACK_API_URL: expected a http:\/\/ or https:\/\/ URL$/],
    [{ SLACK_BOT_TOKEN: APP }, /^SLACK_BOT_TOKEN: expected a value starting with xoxb-$/],
    [{ SLACK_APP_TOKEN: BOT }, /^SLACK_APP_TOKEN: expected a value starting with xapp-$/],
    [
      { SLACK_SIGNING_SECRET: 'my-signing-secret-from-slack' },
      /^SLACK_SIGNING_SECRET: expected hex digits \(the app's Signing Secret/,
    ],
    [
      { WX_PROBE_CONCURRENCY: '0' },
      /^WX_PROBE_CONCURRENCY: expected a whole number from 1 to 1024, got 0$/,
    ],
    [{ WX_NOTIFY_CONCURRENCY: '1.5' }, /^WX_NOTIFY_CONCURRENCY: /],
    [{ WX_RATE_LIMIT_PER_MINUTE: '-1' }, /^WX_RATE_LIMIT_PER_MINUTE: /],
    [{ WX_ADMINS: 'U0ADMIN' }, /^WX_ADMINS: expected slack:USERID or wecom:USERID/],
    [{ WX_WATCH_DESTINATIONS: '#ops' }, /^WX_WATCH_DESTINATIONS: expected slack:C…, wecom-chat/],
    [{ WX_WATCH_MAX_PER_CONVERSATION: '0' }, /^WX_WATCH_MAX_PER_CONVERSATION: /],
    [{ WX_WATCH_MAX_TOTAL: 'lots' }, /^WX_WATCH_MAX_TOTAL: /],
    [
      { WX_PROBE_TIMEOUT_MS: '10' },
      /^WX_PROBE_TIMEOUT_MS: expected a whole number from 100 to 120000, got 10$/,
    ],
    [{ WX_QUEUE_PREFIX: 'wx prod' }, /^WX_QUEUE_PREFIX: /],
  ];
  for (const [env, expected] of cases) {
    const key = Object.keys(env)[0] as string;
    test(key, () => assert.match(problem({ ...BASE, ...env }), expected));
  }

  test("a Slack token placeholder (the README's xoxb-…) names the key, not the value", () => {
    const cases: Array<[string, string]> = [
      ['SLACK_BOT_TOKEN', 'xoxb-…'],
      ['SLACK_BOT_TOKEN', 'xoxb-1111-2222-abc def'],
      ['SLACK_APP_TOKEN', 'xapp-1-A0…'],
    ];
    for (const [key, value] of cases) {
      const message = problem({ ...BASE, [key]: value });
      assert.match(
        message,
        new RegExp(`^${key}: expected x(oxb|app)- followed by letters, digits and dashes only`),
      );
      assert.ok(!message.includes(value) && !message.includes('…'), message);
    }
    const path = yamlFile('slack:\n  botToken: "xoxb-…"\n');
    assert.match(
      problem({ SLACK_SIGNING_SECRET: SIGNING, WX_CONFIG: path }),
      /^slack\.botToken: expected xoxb- followed by letters/,
    );
  });

  test('a bad Redis URL or secret is never echoed', () => {
    const message = problem({ ...BASE, REDIS_URL: 'http://user:hunter2-secret@redis:6379' });
    assert.doesNotMatch(message, /hunter2/);
    assert.doesNotMatch(problem({ ...BASE, SLACK_BOT_TOKEN: 'xoxp-user-token-9876' }), /9876/);
  });
});

describe('what each role and Slack mode requires', () => {
  test('HTTP mode (no app token) needs the signing secret in the bot and all roles', () => {
    for (const role of ['all', 'bot']) {
      assert.match(
        problem({ SLACK_BOT_TOKEN: BOT, WX_ROLE: role }),
        /^SLACK_SIGNING_SECRET: required in HTTP mode/,
      );
    }
  });

  test('Socket Mode (app token) needs no signing secret', () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP });
    assert.equal(c.slack.mode, 'socket');
    assert.equal(c.slack.appToken?.reveal(), APP);
    assert.equal(c.slack.signingSecret, null);
  });

  test('a worker needs the bot token (delivery) but no signing secret or app token', () => {
    const c = loadConfig({ WX_ROLE: 'worker', SLACK_BOT_TOKEN: BOT });
    assert.equal(c.role, 'worker');
    assert.match(
      problem({ WX_ROLE: 'worker', SLACK_SIGNING_SECRET: SIGNING }),
      /^SLACK_BOT_TOKEN: required \(role worker: /,
    );
  });

  test('every role needs the bot token', () => {
    for (const role of ['all', 'bot']) {
      assert.match(
        problem({ SLACK_SIGNING_SECRET: SIGNING, WX_ROLE: role }),
        /^SLACK_BOT_TOKEN: required/,
      );
    }
  });

  test('nothing set at all: asks for a chat platform, naming both keys', () => {
    for (const role of ['all', 'bot', 'worker']) {
      assert.match(
        problem({ WX_ROLE: role }),
        /^SLACK_BOT_TOKEN or WECOM_CORP_ID: configure at least one chat platform/,
      );
    }
  });
});

describe('WeCom', () => {
  const AES = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
  const WECOM = {
    WECOM_CORP_ID: 'wx5823bf96d3bd56c7',
    WECOM_TOKEN: 'QDG6eK',
    WECOM_AES_KEY: AES,
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET: 'corp-secret-value-1234',
  };

  test('WeCom alone is enough; Slack stays off', () => {
    const c = loadConfig(WECOM);
    assert.equal(c.wecom.enabled, true);
    assert.equal(c.wecom.corpId, 'wx5823bf96d3bd56c7');
    assert.equal(c.wecom.aesKey?.reveal(), AES);
    assert.equal(c.wecom.agentId, 1000002);
    assert.equal(c.wecom.apiUrl, 'https://qyapi.weixin.qq.com');
    assert.equal(c.wecom.callbackPath, '/wecom/callback');
    assert.equal(c.wechat.apiUrl, 'https://api.weixin.qq.com');
    assert.equal(c.slack.botToken, null);
  });

  test('an EncodingAESKey that is not 43 characters stops start-up naming the key', () => {
    const message = problem({ ...WECOM, WECOM_AES_KEY: AES.slice(1) });
    assert.match(message, /^WECOM_AES_KEY: expected 43 letters and digits/);
    assert.doesNotMatch(message, new RegExp(AES.slice(1)));
  });

  test('the AI bot: both keys or neither, its key checked like WECOM_AES_KEY, secrets scrubbed', () => {
    const BOT_AES = 'Zk4pQw9Rt2Yb7Nc5Vx8Lm3Hs6Df1Gj0Ka4Pe7Ru2Wq9';
    assert.equal(loadConfig(WECOM).wecom.aibot, null, 'off unless configured');
    const c = loadConfig({
      ...WECOM,
      WECOM_AIBOT_TOKEN: 'botToken1',
      WECOM_AIBOT_AES_KEY: BOT_AES,
    });
    assert.equal(c.wecom.aibot?.path, '/wecom/aibot');
    assert.equal(c.wecom.aibot?.token.reveal(), 'botToken1');
    assert.ok(secretValues(c).includes('botToken1') && secretValues(c).includes(BOT_AES));
    assert.doesNotMatch(inspect(c), /botToken1|Zk4pQw9/);
    assert.match(
      problem({ ...WECOM, WECOM_AIBOT_TOKEN: 'botToken1' }),
      /^WECOM_AIBOT_AES_KEY: required when WECOM_AIBOT_TOKEN is set/,
    );
    assert.match(
      problem({ ...WECOM, WECOM_AIBOT_AES_KEY: BOT_AES }),
      /^WECOM_AIBOT_TOKEN: required when WECOM_AIBOT_AES_KEY is set/,
    );
    const short = problem({
      ...WECOM,
      WECOM_AIBOT_TOKEN: 't',
      WECOM_AIBOT_AES_KEY: BOT_AES.slice(1),
    });
    assert.match(short, /^WECOM_AIBOT_AES_KEY: expected 43 letters and digits/);
    assert.doesNotMatch(short, new RegExp(BOT_AES.slice(1)));
    assert.match(
      problem({
        ...WECOM,
        WECOM_AIBOT_TOKEN: 't',
        WECOM_AIBOT_AES_KEY: BOT_AES,
        WECOM_AIBOT_PATH: '/wecom/callback',
      }),
      /^WECOM_AIBOT_PATH: must differ from WECOM_CALLBACK_PATH/,
    );
    assert.match(
      problem({ WECOM_AIBOT_TOKEN: 't', WECOM_AIBOT_AES_KEY: BOT_AES }),
      /^WECOM_CORP_ID: required when WeCom is configured/,
      'the AI bot runs under the corp id',
    );
    // With the AI bot, the self-built app is optional (every role), but its keys come in pairs.
    const BOT = { WECOM_CORP_ID: 'wwcorp', WECOM_AIBOT_TOKEN: 't', WECOM_AIBOT_AES_KEY: BOT_AES };
    for (const role of ['all', 'bot', 'worker']) {
      assert.equal(loadConfig({ ...BOT, WX_ROLE: role }).wecom.secret, null);
    }
    assert.match(problem({ ...BOT, WECOM_TOKEN: 'x' }), /^WECOM_AES_KEY: required \(role all: /);
    assert.match(
      problem({ ...BOT, WECOM_AGENT_ID: '1000002' }),
      /^WECOM_SECRET: required \(role all: /,
    );
    const file = yamlFile(
      [
        'wecom:',
        '  aibot:',
        `    token: fromFile`,
        `    aesKey: ${BOT_AES}`,
        '    path: /bot',
      ].join('\n'),
    );
    const y = loadConfig({ ...WECOM, WX_CONFIG: file });
    assert.deepEqual([y.wecom.aibot?.token.reveal(), y.wecom.aibot?.path], ['fromFile', '/bot']);
  });

  test('missing corpid or token is named', () => {
    const { WECOM_CORP_ID: _c, ...noCorp } = WECOM;
    assert.match(problem(noCorp), /^WECOM_CORP_ID: required when WeCom is configured/);
    const { WECOM_TOKEN: _t, ...noToken } = WECOM;
    assert.match(problem(noToken), /^WECOM_TOKEN: required \(role all: /);
    const { WECOM_SECRET: _s, ...noSecret } = WECOM;
    assert.match(problem({ ...noSecret, WX_ROLE: 'worker' }), /^WECOM_SECRET: required/);
    assert.equal(
      loadConfig({ ...noSecret, WX_ROLE: 'bot' }).role,
      'bot',
      'the bot role only receives',
    );
  });

  test('robots from env (name=key or the webhook URL) and apps from the file; all are secrets', () => {
    const path = yamlFile(
      [
        'wecom:',
        '  apps:',
        `    hr: { corpId: ww0000000000000001, secret: "\${HR_SECRET}" }`,
        'wechat:',
        '  apiUrl: http://127.0.0.1:8099/',
        '  apps:',
        `    shop: { appid: wx1234567890abcdef, secret: "\${SHOP_SECRET}" }`,
      ].join('\n'),
    );
    const c = loadConfig({
      ...WECOM,
      WX_CONFIG: path,
      HR_SECRET: 'hr-secret-abc',
      SHOP_SECRET: 'shop-secret-xyz',
      WECOM_ROBOTS:
        'ops=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa, dev=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=11111111-2222-3333-4444-555555555555',
    });
    assert.equal(c.wecom.robots.ops?.reveal(), '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa');
    assert.equal(c.wecom.robots.dev?.reveal(), '11111111-2222-3333-4444-555555555555');
    assert.equal(c.wechat.apiUrl, 'http://127.0.0.1:8099');
    assert.equal(c.wechat.apps.shop?.appid, 'wx1234567890abcdef');
    const secrets = secretValues(c);
    for (const v of ['hr-secret-abc', 'shop-secret-xyz', AES, 'QDG6eK', 'corp-secret-value-1234']) {
      assert.ok(secrets.includes(v), v);
    }
    assert.ok(secrets.includes('11111111-2222-3333-4444-555555555555'));
    assert.doesNotMatch(inspect(c), /shop-secret-xyz|hr-secret-abc|corp-secret/);
    assert.match(problem({ ...WECOM, WECOM_ROBOTS: 'ops=nope' }), /^WECOM_ROBOTS: /);
  });
});

describe('app secrets are resolved per app', () => {
  const twoApps = () =>
    yamlFile(
      [
        'wecom:',
        '  apps:',
        `    hr: { corpId: ww0000000000000001, secret: "\${HR_CORPSECRET}" }`,
        'wechat:',
        '  apps:',
        `    shop: { appid: wx1234567890abcdef, secret: "\${SHOP_APPSECRET}" }`,
      ].join('\n'),
    );

  test('an unset app secret does not stop start-up; the app is listed with the key and variable', () => {
    const c = loadConfig({ ...BASE, WX_CONFIG: twoApps(), HR_CORPSECRET: 'hr-corp-secret-1' });
    assert.equal(c.wecom.apps.hr?.secret.reveal(), 'hr-corp-secret-1');
    assert.deepEqual(unusableApps(c), [
      {
        alias: 'shop',
        platform: 'wechat',
        problem: `wechat.apps.shop.secret: references \${SHOP_APPSECRET}, but SHOP_APPSECRET is not set; app "shop" cannot be used until it is`,
      },
    ]);
    assert.throws(() => c.wechat.apps.shop?.secret.reveal(), {
      name: 'ConfigError',
      message: /^wechat\.apps\.shop\.secret: .*SHOP_APPSECRET is not set$/,
    });
    assert.deepEqual(secretValues(c), [SIGNING, BOT, 'hr-corp-secret-1']);
    assert.doesNotMatch(inspect(c), /hr-corp-secret-1/);
  });

  test('set, nothing is unusable; outside an app secret an unset variable still stops start-up', () => {
    const env = { ...BASE, HR_CORPSECRET: 'a-secret-1', SHOP_APPSECRET: 'b-secret-2' };
    assert.deepEqual(unusableApps(loadConfig({ ...env, WX_CONFIG: twoApps() })), []);
    const appid = yamlFile(`wechat:\n  apps:\n    shop: { appid: "\${SHOP_APPID}", secret: s }\n`);
    assert.equal(
      problem({ ...env, WX_CONFIG: appid }),
      `wechat.apps.shop.appid: references \${SHOP_APPID}, but SHOP_APPID is not set`,
    );
  });

  test('a malformed reference or a wrong type in an app secret still stops start-up, naming the key', () => {
    const bad = yamlFile(
      `wechat:\n  apps:\n    shop: { appid: wx1234567890abcdef, secret: "\${SHOP-SECRET}" }\n`,
    );
    assert.equal(
      problem({ ...BASE, WX_CONFIG: bad }),
      `wechat.apps.shop.secret: \${SHOP-SECRET} is not a valid environment variable reference`,
    );
    const number = yamlFile(
      'wechat:\n  apps:\n    shop: { appid: wx1234567890abcdef, secret: 42 }\n',
    );
    assert.equal(
      problem({ ...BASE, WX_CONFIG: number }),
      'wechat.apps.shop.secret: expected a string',
    );
    const empty = yamlFile('wecom:\n  apps:\n    hr: { corpId: ww0000000000000001, secret: "" }\n');
    assert.equal(problem({ ...BASE, WX_CONFIG: empty }), 'wecom.apps.hr.secret: must not be empty');
  });
});

describe('Redis Cluster needs a hash-tagged queue prefix', () => {
  const cluster = yamlFile(
    `redis:\n  cluster:\n    nodes: [{ host: 10.0.0.1, port: 7000 }, { host: 10.0.0.2, port: 7000 }]\n    password: \${CLUSTER_PW}\n`,
  );
  const env = { ...BASE, WX_CONFIG: cluster, CLUSTER_PW: 'cluster-password-1' };

  test('the default prefix becomes {wx}', () => {
    const c = loadConfig(env);
    assert.equal(c.queuePrefix, '{wx}');
    assert.deepEqual(redisTarget(c.redis), {
      cluster: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7000 },
      ],
      options: { redisOptions: { password: 'cluster-password-1' } },
    });
    assert.equal(loadConfig({ ...env, WX_QUEUE_PREFIX: 'prod{wx}' }).queuePrefix, 'prod{wx}');
  });

  test('a prefix without a hash tag is refused, naming where it was set', () => {
    assert.match(
      problem({ ...env, WX_QUEUE_PREFIX: 'wx' }),
      /^WX_QUEUE_PREFIX: must contain a hash tag such as \{wx\} under Redis Cluster.*\(got "wx"\)$/,
    );
    assert.match(problem({ ...env, WX_QUEUE_PREFIX: '{}wx' }), /^WX_QUEUE_PREFIX: /);
    const filePrefix = yamlFile(
      'queue: { prefix: bull }\nredis:\n  cluster: { nodes: [{ host: a, port: 7000 }] }\n',
    );
    assert.match(
      problem({ ...BASE, WX_CONFIG: filePrefix }),
      /^queue\.prefix: must contain a hash tag/,
    );
  });

  test('without Cluster any prefix is fine', () => {
    assert.equal(loadConfig({ ...BASE, WX_QUEUE_PREFIX: 'bull' }).queuePrefix, 'bull');
  });

  test('hash tag rule as Redis applies it', () => {
    assert.equal(hasHashTag('{wx}'), true);
    assert.equal(hasHashTag('a{b}c'), true);
    assert.equal(hasHashTag('{}'), false);
    assert.equal(hasHashTag('{}{wx}'), false, 'only the first { counts');
    assert.equal(hasHashTag('wx}'), false);
    assert.equal(hasHashTag('{wx'), false);
  });
});

describe('secrets', () => {
  const config: Config = loadConfig({
    ...BASE,
    SLACK_APP_TOKEN: APP,
    REDIS_URL: 'redis://default:p%40ss-word-42@redis:6379',
  });

  test('a config prints, stringifies and inspects without its secrets', () => {
    for (const text of [
      JSON.stringify(config),
      inspect(config, { depth: 10 }),
      String(config.slack.botToken),
    ]) {
      for (const s of [SIGNING, BOT, APP, 'p%40ss-word-42']) assert.ok(!text.includes(s), text);
    }
    assert.equal(describeRedis(config.redis), 'redis://redis:6379');
    assert.deepEqual(
      secretValues(config).sort(),
      [SIGNING, BOT, APP, 'p@ss-word-42', 'p%40ss-word-42'].sort(),
    );
  });

  test('the logger redacts secret fields and scrubs configured secrets from any text', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger({ ...config, logLevel: 'debug' }, sink);
    log.info({ config }, 'config loaded');
    log.info({ headers: { authorization: `Bearer ${BOT}` } }, 'request');
    log.info({ req: { headers: { authorization: 'Bearer abc.def' } } }, 'nested request');
    log.info({ body: { response_url: 'https://hooks.slack.com/commands/T1/2/abc' } }, 'payload');
    log.info({ signingSecret: 'sEcr3t-q9', token: 'tOk3n-z7' }, 'fields');
    log.error({ err: new Error(`auth failed for ${BOT} at redis pw p@ss-word-42`) }, 'boom');
    log.warn(`someone pasted ${APP} and xoxp-other-token-1234 into a message`);
    log.warn('posting to https://hooks.slack.com/actions/T1/99/zzz failed');
    log.warn({ note: `signing secret is ${SIGNING}` }, 'oops');
    log.warn('retrying with header Authorization: Bearer opaque.credential-77');

    const all = lines.join('');
    assert.equal(lines.length, 10);
    for (const s of [
      SIGNING,
      BOT,
      APP,
      'p@ss-word-42',
      'xoxp-other-token-1234',
      'abc.def',
      'opaque.credential-77',
      'hooks.slack.com/commands/T1',
      'hooks.slack.com/actions',
      'sEcr3t-q9',
      'tOk3n-z7',
    ]) {
      assert.ok(!all.includes(s), `${s} leaked: ${all}`);
    }
    const first = JSON.parse(lines[0] as string);
    assert.equal(first.level, 'info');
    assert.equal(first.msg, 'config loaded');
    assert.equal(first.config.port, 3000, 'non-secret settings stay readable');
    assert.equal(first.config.slack.botToken, '[REDACTED]');
    assert.match(all, /Bearer \[REDACTED\]/);
  });
});

describe('.env.example', () => {
  test('lists every environment variable the config reads', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const listed = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const missing = [...Object.keys(ENV_KEYS), 'WX_CONFIG'].filter((k) => !listed.has(k));
    assert.deepEqual(missing, []);
  });
});
