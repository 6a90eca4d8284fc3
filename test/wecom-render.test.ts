/**
 * WeCom markdown: text from people and probed servers stays inert, every message fits WeCom's byte
 * limit (multi-byte text included) by folding details or splitting into numbered parts that each
 * carry the short reference, zh-CN and en. Results come from real probes against a local TLS
 * server, then are blown up where a test needs volume.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { plan } from '../commands/index.js';
import { findingMessage } from '../src/i18n/findings.js';
import {
  type Invocation,
  type MessageContent,
  PermanentDeliveryError,
} from '../src/model/index.js';
import { combine } from '../src/probes/combine.js';
import { createContext } from '../src/probes/context.js';
import { type AnyProbeResult, type CertResult, runProbe } from '../src/probes/index.js';
import { OPEN_POLICY } from '../src/probes/net/guard.js';
import { renderWecom, WECOM_MARKDOWN_LIMITS } from '../src/render/wecom.js';
import { byteLength, clipBytes, esc } from '../src/render/wecom-markdown.js';
import { bundle, goodChain } from './fixtures/pki.js';
import { type RunningServer, startTlsServer } from './fixtures/tls-server.js';

let tls: RunningServer;
let cert: CertResult;
let checkResults: AnyProbeResult[];

before(async () => {
  const { intermediate, leaf } = goodChain('localhost');
  tls = await startTlsServer({ keyPem: leaf.keyPem, chainPem: bundle(leaf, intermediate) });
  const p = plan(['check', `127.0.0.1:${tls.port}`], 'cli');
  assert.equal(p.kind, 'probes');
  if (p.kind !== 'probes') return;
  checkResults = await Promise.all(
    p.requests.map((r) => runProbe(r, createContext({ timeoutMs: 5000, policy: OPEN_POLICY }))),
  );
  cert = checkResults.find((r): r is CertResult => r.probe === 'cert') as CertResult;
  assert.ok(cert);
});

after(() => tls?.close());

function invocation(over: Partial<Invocation> = {}): Invocation {
  return {
    id: 'wc-cmd-0123456789abcdef',
    platform: 'wecom',
    workspace: 'wwcorp',
    conversation: 'user:zhangsan',
    user: 'zhangsan',
    text: `cert 127.0.0.1:${tls.port}`,
    ref: 'W12',
    lang: 'zh-CN',
    receivedAt: new Date().toISOString(),
    ...over,
  };
}

function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

const APP = { maxBytes: WECOM_MARKDOWN_LIMITS.app };

function result(results: AnyProbeResult[], inv = invocation()): MessageContent {
  return { type: 'result', invocation: inv, results };
}

function details(results: AnyProbeResult[], inv = invocation()): MessageContent {
  return { type: 'details', invocation: inv, results };
}

/** A cert result with `n` findings whose texts are `text`, and `rows` detail rows. */
function bigCert(n: number, text: string, rows = 0): CertResult {
  const r = clone(cert);
  r.status = 'fail';
  r.findings = Array.from({ length: n }, (_, i) => ({
    code: 'CERT_EXPIRED',
    severity: 'fail',
    message: `${i + 1}: ${text}`,
    hint: text,
    // zh-CN says the message from its args: the text stays in it.
    args: { cert: `${i + 1}: ${text}`, ago: '3d', date: '2026-11-24T10:00:00.000Z' },
  }));
  for (let i = 0; i < rows; i++) r.detail.chain.push(clone(r.detail.chain[0] as never));
  return r;
}

function assertFits(parts: string[], max: number): void {
  assert.ok(parts.length > 0);
  for (const p of parts) {
    assert.ok(byteLength(p) <= max, `part of ${byteLength(p)} bytes > ${max}`);
    assert.ok(!p.includes('\uFFFD'), 'no broken character');
    // Round-trips through UTF-8 unchanged: no lone surrogate from a cut emoji.
    assert.equal(Buffer.from(p, 'utf8').toString('utf8'), p);
  }
}

describe('wecom markdown', () => {
  test('a result: status, subject, findings and details, with the short reference, zh-CN', () => {
    const [md, ...more] = renderWecom(result([cert]), 'zh-CN', APP);
    assert.equal(more.length, 0);
    assert.match(
      md ?? '',
      /^\*\*#W12\*\* (✅|⚠️|❌) <font color="(info|warning)">\*\*(正常|警告|失败)\*\*<\/font>/,
    );
    assert.match(md ?? '', /\n→ 修复：/);
    assert.match(md ?? '', /\n> 剩余天数 `\d+` · 签发者 `wxdoctor Test Intermediate`/);
    assert.match(md ?? '', /详情：`wx details #W12`/);
    assert.match(md ?? '', /`cert 127\.0\.0\.1:\d+`/);
    assert.match(md ?? '', /由 zhangsan 发起/);
    assert.match(md ?? '', /耗时 \d+ 毫秒/);
  });

  test('en when the invocation says so; a combined check renders every part', () => {
    const inv = invocation({ lang: 'en', text: `check 127.0.0.1:${tls.port}` });
    const [md] = renderWecom({ type: 'details', invocation: inv, results: checkResults }, 'en', {
      maxBytes: WECOM_MARKDOWN_LIMITS.robot,
    });
    assert.match(md ?? '', /requested by zhangsan/);
    for (const probe of ['cert', 'http']) assert.match(md ?? '', new RegExp(`\\*\\*${probe} `));
  });

  test('a combined check opens with the verdict and its cause, then the fix; consequences say so', () => {
    const combined = combine(`127.0.0.1:${tls.port}`, checkResults);
    const cause = combined.cause;
    assert.ok(cause, 'the test CA is not trusted: the check fails');
    const inv = invocation({ text: `check 127.0.0.1:${tls.port}` });
    for (const [lang, fix, explains, follows] of [
      ['en', '→ Fix: ', 'this also explains', 'follows from'],
      ['zh-CN', '→ 修复：', '并因此导致', '由'],
    ] as const) {
      const [md = ''] = renderWecom(
        { type: 'result', invocation: { ...inv, lang }, results: checkResults, combined },
        lang,
        APP,
      );
      const [verdict = '', fixLine = '', explainsLine = ''] = md.split('\n');
      assert.ok(verdict.startsWith('**#W12** ❌'), verdict);
      assert.ok(verdict.endsWith(`(${cause.probe} ${cause.code})`), verdict);
      assert.ok(fixLine.startsWith(fix), fixLine);
      assert.ok(explainsLine.startsWith(`↳ ${explains} http `), explainsLine);
      const said = findingMessage(cause, lang).slice(0, 60);
      assert.equal(md.split(said).length - 1, 1, `the cause is said once: ${said}\n${md}`);
      const [full = ''] = renderWecom(
        { type: 'details', invocation: { ...inv, lang }, results: checkResults, combined },
        lang,
        { maxBytes: WECOM_MARKDOWN_LIMITS.robot },
      );
      assert.ok(full.includes(`> ↳ ${follows} ${cause.probe}/${cause.code}`), full);
    }
  });

  test('text from people and servers cannot form markup, links or mentions', () => {
    const evil =
      'x <@all> <font color="info">ok</font> **b** [c](https://evil.example) `d`\n# h\n> q';
    const r = bigCert(1, evil);
    const inv = invocation({ user: '<@all>', text: `cert ${evil}` });
    const [md = ''] = renderWecom(result([r], inv), 'en', APP);
    assert.ok(!md.includes('<@all>'), md);
    assert.ok(!md.includes('<font color="info">ok'), md);
    assert.ok(!md.includes('](https://evil'), md);
    assert.ok(!md.includes('**b**'), md);
    assert.ok(!/\n# h/.test(md) && !/\n> q/.test(md), md);
    assert.match(md, /＜@all＞/);
    assert.equal(esc('a\r\nb'), 'a b');
    assert.equal(esc('&lt;@all&gt; &#60; a&b'), '＆lt;@all＆gt; ＆#60; a&b');
  });

  test('notices keep our code spans and escape the rest; errors are highlighted', () => {
    const [md = ''] = renderWecom(
      { type: 'notice', level: 'error', text: 'bad <@all>: try `/wx cert <host>`' },
      'en',
      APP,
    );
    assert.equal(md, '⚠️ <font color="warning">bad ＜@all＞: try `/wx cert ＜host＞`</font>');
  });

  test('an unknown content type is a permanent refusal, not junk', () => {
    const content = { type: 'incident-from-the-future' } as unknown as MessageContent;
    assert.throws(() => renderWecom(content, 'zh-CN', APP), PermanentDeliveryError);
  });

  test('mentions (robots) go at the end; anything not a userid stays text', () => {
    const [md = ''] = renderWecom(
      { type: 'notice', level: 'info', text: 'cert expires soon' },
      'zh-CN',
      { maxBytes: WECOM_MARKDOWN_LIMITS.robot, mentions: ['zhangsan', 'li si<@all>'] },
    );
    assert.ok(md.endsWith('<@zhangsan> li si＜@all＞'), md);
  });

  test('clipBytes never cuts a multi-byte character', () => {
    for (const text of ['证书已过期'.repeat(50), '😀'.repeat(100), `a${'证'.repeat(100)}`]) {
      for (let max = 4; max < 60; max++) {
        const c = clipBytes(text, max);
        assert.ok(byteLength(c) <= max, `${max}: ${byteLength(c)}`);
        assert.equal(Buffer.from(c).toString('utf8'), c);
        assert.ok(c.endsWith('…'));
      }
    }
  });

  test('a result is one message; its details go over numbered parts before any row is folded', () => {
    const r = bigCert(2, '证书链不完整', 30);
    const answer = renderWecom(result([r]), 'zh-CN', APP);
    assertFits(answer, WECOM_MARKDOWN_LIMITS.app);
    assert.equal(answer.length, 1);
    const [md = ''] = answer;
    assert.match(md, /^\*\*#W12\*\* ❌/);
    assert.equal((md.match(/CERT_EXPIRED/g) ?? []).length, 2, 'the cause, and one other');
    assert.ok(md.split('\n').length <= 12, md);
    assert.doesNotMatch(md, /Chain as sent/);

    const parts = renderWecom(details([r]), 'zh-CN', APP);
    assertFits(parts, WECOM_MARKDOWN_LIMITS.app);
    assert.ok(parts.length >= 2 && parts.length <= 4, `${parts.length} parts`);
    parts.forEach((p, i) => {
      assert.ok(
        p.startsWith(`**#W12** <font color="comment">第 ${i + 1}/${parts.length} 部分</font>\n`),
        p,
      );
    });
    const all = parts.join('\n');
    assert.equal((all.match(/CERT_EXPIRED/g) ?? []).length, 2);
    assert.equal((all.match(/\n> \d+ · 站点证书 · /g) ?? []).length, 31, 'every chain row');
    assert.doesNotMatch(all, /行详情未显示/);
    // The AI bot answers once: one message, the rows that did not fit counted.
    const [once = '', ...none] = renderWecom(details([r]), 'zh-CN', {
      maxBytes: WECOM_MARKDOWN_LIMITS.robot,
      maxParts: 1,
    });
    assert.equal(none.length, 0);
    assert.ok(once.startsWith('**#W12** <font color="comment">详情</font> ❌'), once);
    assert.match(once, /…另有 \d+ 行详情未显示/);
    assertFits([once], WECOM_MARKDOWN_LIMITS.robot);
    // A robot's larger limit takes fewer messages.
    const robot = renderWecom(details([r]), 'zh-CN', { maxBytes: WECOM_MARKDOWN_LIMITS.robot });
    assert.ok(robot.length < parts.length);
  });

  test('multi-byte findings near the limit are split into numbered parts, each with the reference', () => {
    // ~300 bytes a finding in CJK and emoji: the findings alone need several 2048-byte messages.
    const r = bigCert(14, '证书已过期😀，请更换完整证书链'.repeat(4), 5);
    const parts = renderWecom(details([r]), 'zh-CN', APP);
    assertFits(parts, WECOM_MARKDOWN_LIMITS.app);
    assert.ok(parts.length >= 2 && parts.length <= 4, `${parts.length} parts`);
    parts.forEach((p, i) => {
      assert.ok(
        p.startsWith(`**#W12** <font color="comment">第 ${i + 1}/${parts.length} 部分</font>\n`),
        p,
      );
    });
    const all = parts.join('\n');
    for (let i = 1; i <= 14; i++) assert.ok(all.includes(`\`${i}: 证书已过期`), `finding ${i}`);
    assert.match(parts.at(-1) ?? '', /由 zhangsan 发起/);
  });

  test('more findings than four parts hold: the rest are counted, never cut mid-way', () => {
    const r = bigCert(80, '证书已过期，请更换完整证书链'.repeat(6));
    const parts = renderWecom(details([r]), 'zh-CN', APP);
    assertFits(parts, WECOM_MARKDOWN_LIMITS.app);
    assert.equal(parts.length, 4);
    assert.match(parts.join('\n'), /…另有 \d+ 项未在此显示/);
  });
});
