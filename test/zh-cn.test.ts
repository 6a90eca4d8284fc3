/**
 * zh-CN everywhere, the words: every finding code (with realistic args, and without any), every
 * message catalogue key, the section words and the help render without an English sentence; the
 * language defaults of each platform; CJK tables aligned by display width. (zh-cn-check.test.ts:
 * `wx check` in zh-CN through the real program and its chat renderings.)
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commandHelp, overview } from '../commands/help.js';
import { COMMANDS } from '../commands/index.js';
import { chatHelp } from '../src/chat/help.js';
import { frontFromConfig as slackFront } from '../src/chat/slack/from-config.js';
import { frontFromConfig as wecomFront } from '../src/chat/wecom/from-config.js';
import { loadConfig } from '../src/config/index.js';
import { COMMON_ZH_CN, FINDING_MESSAGES_ZH_CN } from '../src/i18n/finding-messages-zh-CN.js';
import { placeholders } from '../src/i18n/finding-template.js';
import { findingHint, findingMessage } from '../src/i18n/findings.js';
import { messages } from '../src/i18n/index.js';
import { SECTION_LABELS, sectionWords } from '../src/i18n/section-words.js';
import { FINDING_CODES, finding } from '../src/probes/findings.js';
import { displayWidth, tableLines } from '../src/render/text-table.js';
import { englishSentences } from './fixtures/english.js';

const CJK = /[\u4e00-\u9fff]/;

function assertChinese(text: string, what: string): void {
  assert.deepEqual(englishSentences(text), [], `${what}: ${text}`);
}

/** Realistic values for every arg name a zh-CN template uses (as the probes fill them). */
const SAMPLE_ARGS: Record<string, string | number> = {
  host: 'api.example.com',
  why: 'ECONNREFUSED',
  where: '203.0.113.7:443',
  port: 443,
  addresses: '0.0.0.0',
  address: '10.0.0.8',
  resolvers: 'system, 119.29.29.29',
  subject: 'api.example.com AAAA',
  what: 'https://api.example.com/',
  ms: 10000,
  seconds: 3,
  versions: 'TLS 1.0, TLS 1.1',
  hello: 'HTTP/1.1 400',
  cert: 'api.example.com',
  date: '2026-11-24T10:00:00.000Z',
  ago: '3d',
  in: '<1h',
  warnDays: 30,
  name: 'api.example.com',
  sans: 'www.example.com, example.com',
  root: 'CN=Corp Root CA,O=Corp',
  missing: 'CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1',
  url: 'https://api.example.com/callback',
  target: 'gone.example.net',
  others: '223.5.5.5, 8.8.8.8',
  loop: 'a.example.com → b.example.com → a.example.com',
  type: 'AAAA',
  answers: '119.29.29.29: 203.0.113.7; 8.8.8.8: 198.51.100.4',
  kinds: 'unspecified, loopback',
  routable: '223.5.5.5: 203.0.113.7',
  failed: 1,
  asked: 6,
  status: '502 Bad Gateway',
  bytes: 1024,
  scheme: 'HTTPS',
  hop: 1,
  from: 'https://api.example.com/',
  to: 'http://api.example.com/',
  max: 10,
  first: 'https://a.example.com/',
  last: 'https://b.example.com/ → https://a.example.com/',
  header: '"max-age=abc"',
  problem: 'max-age is not a number',
  issuer: "CN=R11,O=Let's Encrypt,C=US",
  was: 'CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1,O=DigiCert Inc,C=US',
  key: 'K9n6Xx0CkqvWl6wSnE0yDq8gZ+1n8wBz2m7yX5k7cQo=',
  wasKey: 'jQJTbIh0grw0/1TkHSumWb+Fs0Ggogr621gT3PvPKG0=',
};

describe('finding messages in zh-CN', () => {
  test('every template names only args the samples have', () => {
    const all = [
      ...Object.values(COMMON_ZH_CN),
      ...Object.values(FINDING_MESSAGES_ZH_CN).flatMap((v) => Object.values(v ?? {})),
    ];
    for (const t of all) {
      for (const name of [...placeholders(t.message), ...placeholders(t.hint ?? '')]) {
        if (name === 'catalogueHint') continue;
        assert.ok(name in SAMPLE_ARGS, `no sample value for {${name}} in ${t.message}`);
      }
    }
  });

  test('every code, with every template variant and without args, is Chinese', () => {
    for (const code of FINDING_CODES) {
      const bare = finding(code, 'an English message the probe wrote');
      const variants = Object.keys(FINDING_MESSAGES_ZH_CN[code] ?? {});
      const shapes = [
        bare,
        // The http probe reports every TLS failure of its connection in the shared shape.
        finding(code, 'x', { args: SAMPLE_ARGS, variant: 'handshake', hint: 'Own hint.' }),
        ...variants.map((variant) =>
          finding(code, 'x', { args: SAMPLE_ARGS, variant, hint: 'An English hint of its own.' }),
        ),
      ];
      for (const f of shapes) {
        const message = findingMessage(f, 'zh-CN');
        const hint = findingHint(f, 'zh-CN');
        const what = `${code}/${f.variant ?? 'no args'}`;
        assert.match(message, CJK, `${what}: message`);
        assert.match(hint, CJK, `${what}: hint`);
        assertChinese(message, `${what}: message`);
        assertChinese(hint, `${what}: hint`);
        assert.equal(findingMessage(f, 'en'), f.message, 'English is the probe’s own message');
      }
    }
  });

  test('a template fills the specifics, a missing arg falls back to the meaning', () => {
    const f = finding('CERT_EXPIRED', 'leaf api.example.com expired 3 days ago', {
      args: { cert: 'api.example.com', ago: '3d', date: '2026-11-24T10:00:00.000Z' },
    });
    assert.equal(
      findingMessage(f, 'zh-CN'),
      '站点证书 `api.example.com` 已于 3 天前过期（2026-11-24）',
    );
    const partial = { ...f, args: { cert: 'api.example.com' } };
    assert.equal(findingMessage(partial, 'zh-CN'), '叶子证书已过期。');
  });

  test('a backtick in a server value cannot close the code span', () => {
    const f = finding('HTTP_5XX', 'x', { args: { url: 'https://a/', status: '502 `oops`' } });
    assert.equal(findingMessage(f, 'zh-CN'), 'https://a/ 返回 `502 ˋoopsˋ`');
  });
});

describe('message catalogues in zh-CN', () => {
  /** Every string of a catalogue, functions called with sample values. */
  function strings(value: unknown, path: string): Array<[string, string]> {
    if (typeof value === 'string') return [[path, value]];
    if (typeof value === 'function') {
      const fn = value as (...a: unknown[]) => unknown;
      if (path.endsWith('.onlyIn') || path.endsWith('.nowSeenFrom')) {
        return strings(fn(['east', 'north']), path);
      }
      const arg =
        path.endsWith('.added') || path.endsWith('.addedChecks')
          ? {
              ref: 'W3',
              id: 'api.example.com:443',
              days: [30, 7],
              minutes: 5,
              to: ['slack:C1'],
              created: true,
              regions: ['east', 'north'],
            }
          : 3;
      return strings(fn(...Array.from({ length: Math.max(fn.length, 1) }, () => arg)), path);
    }
    if (value && typeof value === 'object') {
      return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
    }
    return [];
  }

  test('every key of the chat catalogue', () => {
    const all = strings(messages('zh-CN'), 'zh-CN');
    assert.ok(all.length > 60, String(all.length));
    for (const [path, text] of all) assertChinese(text, path);
  });

  test('every section label and summary', () => {
    const w = sectionWords('zh-CN');
    for (const key of SECTION_LABELS) assertChinese(w.label(key), `label ${key}`);
    const { label: _, ...rest } = w;
    for (const [path, text] of strings(rest, 'sections')) {
      assertChinese(text, path);
    }
    assert.equal(
      w.certValid(199, '2027-06-20', 'R3', 'TLSv1.3'),
      '还有 199 天有效（至 2027-06-20），证书链到 R3，TLSv1.3',
    );
  });

  test('the help of every command, in the terminal and in chat', () => {
    assertChinese(chatHelp(overview(COMMANDS), 'wx', 'zh-CN'), 'overview');
    for (const c of COMMANDS) {
      for (const surface of ['cli', 'chat'] as const) {
        const text = chatHelp(commandHelp(c, surface), '/wx', 'zh-CN');
        // Usage and example lines are commands: they stay as typed.
        const words = text
          .split('\n')
          .filter((l) => !l.startsWith('用法：') && !/^\s+\/?wx /.test(l))
          .join('\n');
        assertChinese(words, `help ${c.name} (${surface})`);
      }
    }
  });
});

describe('the English-sentence check', () => {
  test('finds English, skips code spans, values and the allowed terms', () => {
    assert.deepEqual(englishSentences('还有 valid for 199 more days'), ['valid for', 'more days']);
    assert.deepEqual(englishSentences('连接 `connection refused` 失败：api.example.com'), []);
    assert.deepEqual(englishSentences('只出现在 subject CN 中，TLS 1.2'), []);
    assert.deepEqual(englishSentences('Chain as sent by the server'), [
      'Chain as sent by the server',
    ]);
  });
});

describe('tables by display width', () => {
  test('CJK labels and cells align', () => {
    assert.equal(displayWidth('地址'), 4);
    assert.equal(displayWidth('a地b'), 4);
    assert.equal(displayWidth('é'), 1);
    const lines = tableLines([
      ['解析器', 'rcode', 'ms'],
      ['119.29.29.29', 'NOERROR', '12'],
      ['系统', '超时', '-'],
    ]);
    const columns = lines.map((l) => {
      const cut = l.lastIndexOf('  ');
      return displayWidth(l.slice(0, cut));
    });
    assert.equal(new Set(columns).size, 1, lines.join('\n'));
  });
});

describe('the language of each platform', () => {
  const BASE = {
    SLACK_SIGNING_SECRET: 'c0ffee00c0ffee00c0ffee00c0ffee00',
    SLACK_BOT_TOKEN: 'xoxb-1111-2222-abcdefABCDEF',
    WECOM_CORP_ID: 'wx5823bf96d3bd56c7',
    WECOM_TOKEN: 'QDG6eK',
    WECOM_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET: 'corp-secret-value-1234',
  };
  const shared = {
    submit: async () => undefined,
    redis: undefined,
    prefix: 'wx',
    rateLimitPerMinute: 20,
    logger: undefined,
    onCommand: undefined,
    appAliases: [],
  } as never;

  function langs(env: Record<string, string>) {
    const c = loadConfig({ ...BASE, ...env });
    const slack = slackFront(c.slack, { ...(shared as object), lang: c.lang } as never);
    const wecom = wecomFront(c.wecom, { ...(shared as object), lang: c.lang, admins: [] } as never);
    return { slack: (slack.lang as { default: string }).default, wecom: wecom.lang };
  }

  test('without WX_LANG: WeCom zh-CN, Slack en', () => {
    assert.deepEqual(langs({}), { slack: 'en', wecom: 'zh-CN' });
  });

  test('WX_LANG sets both', () => {
    assert.deepEqual(langs({ WX_LANG: 'zh-CN' }), { slack: 'zh-CN', wecom: 'zh-CN' });
    assert.deepEqual(langs({ WX_LANG: 'en' }), { slack: 'en', wecom: 'en' });
  });
});
