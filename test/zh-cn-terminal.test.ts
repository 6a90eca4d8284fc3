/**
 * The `wx` terminal's own error lines in zh-CN (files it cannot read, the Redis that `--from` and
 * `wx regions` need, an app whose secret is not set), from the real program, and the same lines
 * in English without WX_LANG.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { englishSentences } from './fixtures/english.js';
import { wx } from './fixtures/wx.js';

const dir = mkdtempSync(join(tmpdir(), 'wx-zh-terminal-'));
const noPem = join(dir, 'no-pem.txt');
writeFileSync(noPem, 'not a certificate\n');
const config = join(dir, 'wx.yml');
writeFileSync(
  config,
  [
    'wechat:',
    '  apps:',
    `    shop: { appid: wx1234567890abcdef, secret: "\${SHOP_APPSECRET}" }`,
  ].join('\n'),
);
const missing = join(dir, 'missing.pem');

/** [what, argv, env, an English fragment of the line, a Chinese one]. */
const CASES: ReadonlyArray<readonly [string, string[], NodeJS.ProcessEnv, RegExp, RegExp]> = [
  [
    '--ca missing',
    ['cert', 'a.example.com', '--ca', missing],
    {},
    /missing\.pem: ENOENT/,
    /无法读取/,
  ],
  ['--ca no PEM', ['cert', 'a.example.com', '--ca', noPem], {}, /no PEM certificate/, /没有 PEM/],
  [
    'watches file missing',
    ['watch', 'list', '--file', missing],
    {},
    // The path once: "wx: /x.yml: cannot read /x.yml" said it twice.
    /^wx: cannot read \S+ \(ENOENT\)$/m,
    /无法读取/,
  ],
  ['--file missing', ['cert', '--file', missing], {}, /--file .*ENOENT/, /无法读取/],
  [
    '--from without Redis',
    ['cert', 'a.example.com', '--from', 'north'],
    { REDIS_URL: '' },
    /set REDIS_URL/,
    /请设置 REDIS_URL/,
  ],
  ['regions without Redis', ['regions'], { REDIS_URL: '' }, /^wx: wx regions asks/, /工作进程/],
  ['Redis refused', ['regions'], { REDIS_URL: 'redis://127.0.0.1:1' }, /not reachable/, /无法连接/],
  [
    'unset app secret',
    ['token', 'shop'],
    { WX_CONFIG: config, SHOP_APPSECRET: '' },
    /SHOP_APPSECRET is not set; app "shop"/,
    /未设置；设置之前无法使用应用 "shop"/,
  ],
];

for (const [what, argv, env, english, chinese] of CASES) {
  test(`wx's own error line in zh-CN and in English: ${what}`, async () => {
    const en = await wx(argv, { env });
    assert.equal(en.code, 3, en.stderr);
    assert.match(en.stderr, english);
    const zh = await wx(argv, { env: { ...env, WX_LANG: 'zh-CN' } });
    assert.equal(zh.code, 3, zh.stderr);
    const line = zh.stderr.split('\n')[0] ?? '';
    assert.match(line, chinese);
    assert.deepEqual(englishSentences(line), [], line);
  });
}
