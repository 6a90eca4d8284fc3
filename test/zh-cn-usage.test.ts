/**
 * Usage errors and the `--file` words in zh-CN: every usage error the commands, the chat front
 * ends and the CLI raise renders without an English sentence (and every zh-CN shape is reached
 * by one of them); the real `wx` prints a bad option in Chinese; a WeCom usage answer is Chinese.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { plan, UsageError } from '../commands/index.js';
import { chosenRegions } from '../commands/regions.js';
import type { Surface } from '../commands/types.js';
import { splitArgs } from '../src/chat/args.js';
import { intake } from '../src/chat/wecom/intake.js';
import { cliLang } from '../src/cli/lang.js';
import { USAGE_SHAPES, usageInLang } from '../src/i18n/usage-zh-CN.js';
import type { Invocation } from '../src/model/index.js';
import { BatchTally, progressText, summaryText } from '../src/render/batch-summary.js';
import { englishSentences } from './fixtures/english.js';
import { recordingLog } from './fixtures/recording-log.js';
import { wx } from './fixtures/wx.js';

const CJK = /[\u4e00-\u9fff]/;

function assertChinese(text: string, what: string): void {
  assert.match(text, CJK, `${what}: ${text}`);
  assert.deepEqual(englishSentences(text), [], `${what}: ${text}`);
}

const LONG_URL = `https://a.example.com/${'a'.repeat(5000)}`;

/** Bad command lines, one (at least) per usage error the commands can raise. */
const BAD: ReadonlyArray<readonly [Surface, string[]]> = [
  ['cli', []],
  ['cli', ['frobnicate']],
  ['cli', ['help', 'cert', 'dns']],
  ['cli', ['help', 'nosuch']],
  ['cli', ['details', '#W12']],
  ['chat', ['details', 'x']],
  ['chat', ['regions', 'x']],
  ['cli', ['errcode']],
  ['cli', ['errcode', 'abc']],
  ['cli', ['check', 'https://a.example.com/']],
  ['cli', ['cert', 'a.example.com', '--pin-spki', 'zz']],
  ['cli', ['dns', '192.0.2.1']],
  ['cli', ['dns', 'a.example.com', '--type', 'ZZ']],
  ['cli', ['dns', 'a.example.com', '--resolver', 'nope']],
  ['cli', ['cert', 'bad_host!']],
  ['cli', ['cert', 'a.example.com:99999']],
  ['cli', ['cert', 'http://[x']],
  ['cli', ['cert', 'a.example.com', '--resolve', 'x']],
  ['cli', ['http', 'ftp://a.example.com/']],
  ['cli', ['http', '']],
  ['cli', ['http', 'https://u:p@a.example.com/']],
  ['cli', ['http', 'https://']],
  ['chat', ['watch', 'add', LONG_URL]],
  ['chat', ['cert', 'a.example.com', '--json']],
  ['cli', ['cert', 'a.example.com', '--timeout', '0']],
  ['cli', ['cert', '--from', 'north', '--file', 'f']],
  ['cli', ['cert', 'a.example.com', '--from', 'all,north']],
  ['cli', ['cert', 'a.example.com', '--from', ',']],
  ['cli', ['cert', 'a.example.com', '--from', 'no_such']],
  ['cli', ['cert', 'a.example.com', '--concurrency', '3']],
  ['cli', ['cert', 'a.example.com', '--summary']],
  ['cli', ['cert', '--file', 'f', '--summary', '--json']],
  ['cli', ['cert', 'a.example.com', '--file', 'f']],
  ['cli', ['cert']],
  ['cli', ['cert', 'a.example.com', 'b.example.com']],
  ['cli', ['token']],
  ['cli', ['token', 'BAD!']],
  ['cli', ['token', 'shop', 'extra']],
  ['cli', ['quota', 'shop', 'nohost']],
  ['cli', ['rid', 'shop', 'xyz']],
  ['cli', ['callback-check', 'shop', 'bogus']],
  ['cli', ['callback-check', 'shop', 'all', 'BOGUS']],
  ['cli', ['api-domains', 'x']],
  ['cli', ['api-domains', '--domains', ',']],
  ['chat', ['watch', 'add']],
  ['chat', ['watch', 'mute', 'a.example.com', 'zz']],
  ['chat', ['watch', 'add', 'a.example.com', '--days', 'x']],
  ['chat', ['watch', 'ack', 'a.example.com', 'x']],
  ['cli', ['watch', 'add', 'a.example.com']],
  ['chat', ['watch', 'list', 'extra']],
  ['chat', ['watch', 'rm', '#1', '--to', 'x']],
  ['chat', ['watch', 'list', '--from', 'east']],
  ['chat', ['watch', 'add', 'dns:a.example.com', '--days', '7']],
  ['chat', ['watch', 'add', 'dns:a.example.com', '--resolve', 'a.example.com:443:192.0.2.1']],
  ['chat', ['watch', 'add', 'a.example.com', '--resolve', 'b.example.com:443:192.0.2.1']],
  ['chat', ['watch', 'mute', 'a.example.com']],
  ['chat', ['watch']],
  ['chat', ['watch', 'frob']],
  ['cli', ['incident', 'report', '#W1']],
  ['chat', ['incident']],
  ['chat', ['incident', 'frob']],
  ['chat', ['incident', 'report']],
  ['chat', ['incident', 'report', '#W1', 'x', 'y']],
  ['chat', ['incident', 'report', '#W1', 'x']],
  ['chat', ['incident', 'report', 'W', 'x']],
  ['cli', ['cert', '--bogus']],
  ['cli', ['cert', 'a.example.com', '--timeout']],
  ['cli', ['cert', 'a.example.com', '--json=1']],
  ['cli', ['cert', 'a.example.com', '--timeout', '-x']],
];

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  assert.fail('no usage error');
}

/** Usage errors raised outside the command table (regions, --lang, chat quoting, CLI aliases). */
function otherMessages(): string[] {
  return [
    usageMessage(() => chosenRegions('cert', ['all'], [])),
    usageMessage(() => chosenRegions('cert', ['north', 'east'], [])),
    usageMessage(() => cliLang(['--lang', 'fr'], {})),
    usageMessage(() => splitArgs('cert "a.example.com')),
    // src/cli/probe-run.ts, with and without configured apps
    'no app is configured with the alias "nope"; configured: none (add wechat.apps.<alias> or wecom.apps.<alias> to the WX_CONFIG file)',
    'no app is configured with the alias "nope"; configured: hr, shop',
    // src/probes/http/url.ts, defensive (WHATWG URLs of http and https always have a host)
    'no host in "https:///"',
    // src/chat/intake.ts
    'no app is configured with the alias "nope"',
    'regions are not available here',
  ];
}

function allMessages(): string[] {
  return [
    ...BAD.map(([surface, argv]) => usageMessage(() => plan(argv, surface))),
    ...otherMessages(),
  ];
}

const inv = (text: string): Invocation => ({
  id: `i-${text}`,
  platform: 'wecom',
  workspace: 'ww1',
  conversation: 'user:zhangsan',
  user: 'zhangsan',
  text,
  lang: 'zh-CN',
  receivedAt: new Date(0).toISOString(),
});

describe('usage errors in zh-CN', () => {
  test('every usage error renders without an English sentence', () => {
    for (const message of allMessages()) {
      assertChinese(usageInLang(message, 'zh-CN'), message);
      assert.equal(usageInLang(message, 'en'), message);
    }
  });

  test('every zh-CN shape is reached by a real usage error', () => {
    // `--resolver: …` says the resolver parser's own error after the flag.
    const messages = allMessages().flatMap((m) => [m, m.replace(/^--resolver: /, '')]);
    for (const shape of USAGE_SHAPES) {
      assert.ok(
        messages.some((m) => shape.test(m)),
        `no usage error in the samples has the shape ${shape}`,
      );
    }
  });

  test('every UsageError text in the source has a zh-CN shape', async () => {
    // Texts put together from constants or choices: their samples above are the check.
    const composed = [
      /^missing "x"$/,
      /^--from: "x" "x"; "x"$/,
      /^--from: not a region name: "x" \("x"\)$/,
    ];
    const root = new URL('../../', import.meta.url);
    const files = ['commands/', 'src/chat/', 'src/cli/'].flatMap(async (dir) =>
      (await readdir(new URL(dir, root), { recursive: true }))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => new URL(dir + f, root)),
    );
    let texts = 0;
    for (const file of (await Promise.all(files)).flat()) {
      const source = await readFile(file, 'utf8');
      for (const m of source.matchAll(/new UsageError\(\s*(['`])((?:\\.|(?!\1)[^\\])*)\1/g)) {
        const text = (m[2] ?? '').replace(/\$\{[^}]*\}/g, '"x"').replace(/\\(.)/g, '$1');
        texts++;
        if (composed.some((c) => c.test(text))) continue;
        assert.notEqual(usageInLang(text, 'zh-CN'), text, `${file.pathname}: ${text}`);
      }
    }
    assert.ok(texts > 50, `found ${texts} UsageError texts`);
  });

  test('`wx cert --lang zh-CN` with a bad option prints Chinese', async () => {
    const r = await wx(['cert', '--lang', 'zh-CN', '--bogus', 'a.example.com']);
    assert.equal(r.code, 3);
    const first = r.stderr.split('\n')[0] ?? '';
    assert.equal(first, "wx: 未知选项 '--bogus'");
    assertChinese(r.stderr, 'wx cert --bogus');
  });

  test('a WeCom usage answer in zh-CN is Chinese', async () => {
    const never = () => assert.fail('a usage error queues nothing');
    const deps = {
      submit: never,
      rateLimiter: { hit: never },
      redisTimeoutMs: 1000,
      submitTimeoutMs: 1000,
      log: recordingLog().log,
      refs: { assign: never, keep: never, resolve: never },
    } as unknown as Parameters<typeof intake>[0];
    for (const text of ['cert --bogus a.example.com', 'dns 192.0.2.1', 'regions']) {
      const r = await intake(deps, inv(text));
      assert.equal(r.outcome, 'usage', text);
      assertChinese(String(r.reply), text);
    }
  });
});

describe('--file words in zh-CN', () => {
  test('the progress line and the summary are Chinese', () => {
    const t = new BatchTally();
    t.unreadable = 2;
    assertChinese(progressText(t, 3, true, 'zh-CN'), 'progress, none done');
    t.byStatus.ok = 2;
    t.byStatus.fail = 1;
    assertChinese(progressText(t, 3, false, 'zh-CN'), 'progress');
    assertChinese(summaryText(t, { colour: false, lang: 'zh-CN' }), 'summary');
    assert.match(progressText(t, 3, false), /^wx: 3\/3 checked · 2 ok · 1 fail$/);
  });

  test('`wx dns --file` in zh-CN: a bad line and the summary in Chinese', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wx-usage-'));
    const file = join(dir, 'targets.txt');
    await writeFile(file, '# nothing to resolve\n192.0.2.1\n');
    const r = await wx(['dns', '--file', file, '--lang', 'zh-CN', '--resolver', '127.0.0.1:9']);
    assert.equal(r.code, 3);
    assertChinese(r.stderr, 'bad line');
    assert.match(r.stderr, /targets\.txt:2: dns 需要域名/);
    assertChinese(r.stdout, 'summary');
    assert.match(r.stdout, /汇总：0 个目标：已检查 0 个；1 行无法识别/);
  });
});
