/**
 * Block Kit rendering: text from people and probed servers stays inert, huge results stay within
 * Slack's limits (and say what was cut), zh-CN and en. Results come from real probes against a
 * local TLS server, then are blown up where a test needs volume.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { plan } from '../commands/index.js';
import { findingMessage } from '../src/i18n/findings.js';
import type { Invocation, Lang, MessageContent } from '../src/model/index.js';
import { combine } from '../src/probes/combine.js';
import { createContext } from '../src/probes/context.js';
import { type AnyProbeResult, type CertResult, runProbe } from '../src/probes/index.js';
import { OPEN_POLICY } from '../src/probes/net/guard.js';
import { summarise } from '../src/queue/summary.js';
import { LIMITS, renderSlack, type SlackMessage } from '../src/render/slack.js';
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
    id: 'sl-cmd-0123456789abcdef',
    platform: 'slack',
    workspace: 'T0TEST',
    conversation: 'C0TEST',
    user: 'U0ASKER',
    text: `cert 127.0.0.1:${tls.port}`,
    lang: 'en',
    receivedAt: new Date().toISOString(),
    ...over,
  };
}

function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

/** Every string a person could see, wherever it sits in the message. */
function strings(msg: SlackMessage): string[] {
  const out: string[] = [msg.text];
  const visit = (v: unknown, key?: string) => {
    if (typeof v === 'string') {
      if (key !== 'type' && key !== 'action_id' && key !== 'block_id' && key !== 'value')
        out.push(v);
    } else if (Array.isArray(v)) for (const x of v) visit(x);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  visit(msg.blocks);
  return out;
}

/** Slack's limits, checked on the wire format. */
function assertWithinLimits(msg: SlackMessage): void {
  assert.ok(msg.text.length > 0 && msg.text.length <= LIMITS.text, `text ${msg.text.length}`);
  assert.ok(msg.blocks.length <= LIMITS.blocks, `${msg.blocks.length} blocks`);
  let total = 0;
  for (const b of msg.blocks as unknown as Array<Record<string, unknown>>) {
    const block = b as {
      type: string;
      block_id?: string;
      text?: { type: string; text: string };
      fields?: Array<{ text: string }>;
      elements?: Array<{
        type: string;
        text: string | { text: string };
        value?: string;
        action_id?: string;
      }>;
    };
    if (block.block_id) assert.ok(block.block_id.length <= LIMITS.blockId);
    if (block.type === 'section') {
      if (block.text) {
        assert.ok(block.text.text.length >= 1, 'empty section text');
        assert.ok(
          block.text.text.length <= LIMITS.sectionText,
          `section ${block.text.text.length}`,
        );
        total += block.text.text.length;
      }
      if (block.fields) {
        assert.ok(block.fields.length <= LIMITS.fields);
        for (const f of block.fields) {
          assert.ok(f.text.length <= LIMITS.fieldText);
          total += f.text.length;
        }
      }
    } else if (block.type === 'header') {
      const text = (block.text as { text: string }).text;
      assert.ok(text.length <= LIMITS.header);
      total += text.length;
    } else if (block.type === 'context') {
      assert.ok((block.elements ?? []).length <= LIMITS.contextElements);
      for (const e of block.elements ?? []) total += (e.text as string).length;
    } else if (block.type === 'actions') {
      for (const e of block.elements ?? []) {
        const label = (e.text as { text: string }).text;
        assert.ok(label.length <= LIMITS.buttonText);
        assert.ok((e.value ?? '').length <= LIMITS.buttonValue);
        assert.ok((e.action_id ?? '').length <= 255);
        total += label.length;
      }
    } else {
      assert.fail(`unexpected block type ${block.type}`);
    }
  }
  assert.ok(total <= 12_000, `cumulative block text ${total}`);
}

const HOSTILE =
  '<!channel> <!here|here> <!everyone> <@U0VICTIM> <#C0SECRET> <https://evil.example|click> & done';

function assertInert(msg: SlackMessage): void {
  for (const s of strings(msg)) {
    assert.ok(!/<!/.test(s), `special mention in ${JSON.stringify(s)}`);
    assert.ok(!s.includes('<@U0VICTIM>'), `user mention from input in ${JSON.stringify(s)}`);
    assert.ok(!s.includes('<#C0SECRET>'), 'channel link from input');
    assert.ok(!s.includes('<https://evil'), 'link from input');
    // Every `&` is an entity we wrote, never a raw one from input.
    assert.ok(!/&(?!amp;|lt;|gt;)/.test(s), `raw & in ${JSON.stringify(s)}`);
  }
}

describe('escaping', () => {
  test('a hostile command text renders inert in every message kind', () => {
    const inv = invocation({ text: `cert ${HOSTILE}` });
    const hostile = clone(cert);
    hostile.findings.push({
      code: 'CERT_EXPIRED',
      severity: 'fail',
      message: `subject CN=${HOSTILE}`,
      hint: `renew ${HOSTILE}`,
    });
    const contents: MessageContent[] = [
      { type: 'pending', invocation: inv },
      { type: 'result', invocation: inv, results: [hostile] },
      { type: 'verdict', invocation: inv, status: 'fail', summary: HOSTILE },
      { type: 'notice', level: 'error', text: HOSTILE },
    ];
    for (const c of contents) {
      const msg = renderSlack(c, 'en');
      assertInert(msg);
      assert.ok(
        strings(msg).some((s) => s.includes('&lt;!channel&gt;')),
        `${c.type}: the text is shown, escaped`,
      );
    }
    const pending = renderSlack({ type: 'pending', invocation: inv }, 'en');
    assert.ok(pending.text.includes('<@U0ASKER>'), 'the asker is mentioned');
    assert.ok(pending.text.includes('&amp; done'));
  });

  test('backticks in input cannot close the code span', () => {
    const msg = renderSlack(
      { type: 'pending', invocation: invocation({ text: 'cert `x` <!channel> `' }) },
      'en',
    );
    const line = (msg.blocks[0] as { text: { text: string } }).text.text;
    assert.equal(line.split('`').length - 1, 2, line);
    assertInert(msg);
  });

  test('a user that is not a Slack user id is not turned into a mention', () => {
    const msg = renderSlack(
      { type: 'pending', invocation: invocation({ user: '!channel' }) },
      'en',
    );
    assert.ok(!msg.text.includes('<'), msg.text);
    const inv = invocation({ user: 'U0ASKER>' });
    assertInert(renderSlack({ type: 'pending', invocation: inv }, 'en'));
  });
});

describe('limits', () => {
  test('a huge result (many long findings, a long chain) stays within Block Kit limits', () => {
    const huge = clone(cert);
    const n = 400;
    for (let i = 0; i < n; i++) {
      huge.findings.push({
        code: 'CERT_EXPIRING',
        severity: i % 2 ? 'warn' : 'fail',
        message: `finding ${i}: ${'x'.repeat(900)}`,
        hint: `hint ${i}: ${'y'.repeat(900)}`,
      });
    }
    huge.detail.chain = Array.from({ length: 300 }, () => huge.detail.chain[0]).filter(
      (c) => c !== undefined,
    );
    const msg = renderSlack({ type: 'details', invocation: invocation(), results: [huge] }, 'en');
    assertWithinLimits(msg);
    const inBlocks = strings({ text: '', blocks: msg.blocks }).join('\n');
    const shown = inBlocks.split('      → _').length - 1;
    const omitted = Number(/and (\d+) more findings/.exec(inBlocks)?.[1]);
    assert.ok(shown > 0, 'some findings are shown');
    assert.ok(omitted > 0, 'the cut is announced');
    assert.equal(shown + omitted, huge.findings.length, 'every finding is shown or counted as cut');

    // The answer itself: the worst problem and its fix, three others, the rest counted.
    const short = renderSlack(
      { type: 'result', invocation: invocation({ ref: 'W12345678' }), results: [huge] },
      'en',
    );
    assertWithinLimits(short);
    const text = strings({ text: '', blocks: short.blocks }).join('\n');
    assert.ok(text.split('\n').length <= 12, text);
    const problems = huge.findings.filter((f) => f.severity !== 'info').length;
    assert.match(text, new RegExp(`…and ${problems - 4} more problems in the details`));
    const buttons = short.blocks.find((b) => b.type === 'actions') as {
      elements: Array<{ action_id: string; value: string }>;
    };
    assert.deepEqual(
      buttons.elements.map((e) => [e.action_id, e.action_id === 'wx_details' ? e.value : '']),
      [
        ['wx_recheck', ''],
        ['wx_details', 'W12345678'],
      ],
    );
  });

  test('a huge combined report, delivered with the invite hint, stays within limits', () => {
    const results = checkResults.map((r) => {
      const big = clone(r);
      for (let i = 0; i < 80; i++) {
        big.findings.push({
          code: 'HTTP_NO_HSTS',
          severity: 'warn',
          message: `${r.probe} finding ${i} ${'z'.repeat(400)}`,
          hint: 'h'.repeat(300),
        });
      }
      return big;
    });
    const combined = combine(`127.0.0.1:${tls.port}`, results);
    const msg = renderSlack(
      { type: 'details', invocation: invocation({ text: 'check x' }), results, combined },
      'zh-CN',
      { notInChannel: true },
    );
    assertWithinLimits(msg);
    const last = msg.blocks.at(-1) as { type: string; elements: Array<{ text: string }> };
    assert.equal(last.type, 'context');
    assert.match(last.elements[0]?.text ?? '', /\/invite @wxdoctor/);
    assert.match(strings(msg).join('\n'), /另有 \d+ 项未在此显示/);
  });

  test('a combined check opens with the verdict and its cause, then the fix; consequences say so', () => {
    const combined = combine(`127.0.0.1:${tls.port}`, checkResults);
    const cause = combined.cause;
    assert.ok(cause, 'the test CA is not trusted: the check fails');
    const content: MessageContent = {
      type: 'result',
      invocation: invocation({ text: `check 127.0.0.1:${tls.port}` }),
      results: checkResults,
      combined,
    };
    for (const [lang, fix, explains, follows] of [
      ['en', '→ Fix: _', '↳ _this also explains http ', 'follows from'],
      ['zh-CN', '→ 修复：_', '↳ _并因此导致 http ', '由'],
    ] as const) {
      const msg = renderSlack(content, lang);
      assertWithinLimits(msg);
      const [verdict = '', fixLine = '', ...rest] = (
        msg.blocks[0] as { text: { text: string } }
      ).text.text.split('\n');
      assert.ok(verdict.endsWith(`(${cause.probe} ${cause.code})`), verdict);
      assert.ok(verdict.includes(`\`check 127.0.0.1:${tls.port}\` — `), verdict);
      assert.ok(fixLine.startsWith(fix), fixLine);
      // Consequences are one line under the cause, not failures of their own.
      assert.equal(rest.length, 1, rest.join('\n'));
      assert.ok(rest[0]?.startsWith(explains), rest[0]);
      const blocks = JSON.stringify(msg.blocks);
      const fragment = JSON.stringify(findingMessage(cause, lang).slice(0, 60)).slice(1, -1);
      assert.equal(blocks.split(fragment).length - 1, 1, 'the cause is said once');
      const details = JSON.stringify(renderSlack({ ...content, type: 'details' }, lang).blocks);
      assert.match(details, new RegExp(`↳ _${follows} ${cause.probe}/${cause.code}`));
    }
  });

  test("a probe's verdict names its worst problem in the reader's language, with its code", () => {
    const verdict = summarise([cert]);
    const worstFirst = cert.findings.find((f) => f.severity === 'fail');
    assert.ok(verdict.cause && worstFirst, 'the test CA is not trusted: the probe fails');
    assert.equal(verdict.cause.code, worstFirst.code);
    for (const lang of ['en', 'zh-CN'] as const) {
      const msg = renderSlack(
        { type: 'verdict', invocation: invocation({ lang }), ...verdict },
        lang,
      );
      assertWithinLimits(msg);
      assert.ok(msg.text.endsWith(`(cert ${worstFirst.code}) · <@U0ASKER>`), msg.text);
      const said = findingMessage(worstFirst, lang).slice(0, 40);
      assert.ok(msg.text.includes(said), `${lang}: ${msg.text}`);
      if (lang === 'zh-CN') assert.ok(!msg.text.includes(worstFirst.message.slice(0, 40)));
    }
  });

  test('a command too long for a button value gets no button, and stays valid', () => {
    const inv = invocation({ text: `cert ${'a'.repeat(2100)}` });
    const msg = renderSlack({ type: 'result', invocation: inv, results: [cert] }, 'en');
    assertWithinLimits(msg);
    assert.ok(!msg.blocks.some((b) => b.type === 'actions'));
  });

  test('verdict and notice with huge text stay within limits', () => {
    const inv = invocation({ text: 'x'.repeat(5000) });
    assertWithinLimits(
      renderSlack(
        { type: 'verdict', invocation: inv, status: 'warn', summary: 'y'.repeat(9000) },
        'en',
      ),
    );
    assertWithinLimits(
      renderSlack({ type: 'notice', level: 'info', text: '&'.repeat(5000) }, 'en'),
    );
    assertWithinLimits(renderSlack({ type: 'pending', invocation: inv }, 'en'));
  });
});

describe('languages', () => {
  const render = (lang: Lang) => ({
    pending: renderSlack({ type: 'pending', invocation: invocation({ lang }) }, lang),
    result: renderSlack(
      { type: 'result', invocation: invocation({ lang }), results: [cert] },
      lang,
    ),
    verdict: renderSlack(
      { type: 'verdict', invocation: invocation({ lang }), status: 'ok', summary: 'fine' },
      lang,
    ),
  });

  test('en', () => {
    const m = render('en');
    assert.match(m.pending.text, /asked for .* running…/);
    assert.match(JSON.stringify(m.result.blocks), /"Re-check"/);
    assert.match(JSON.stringify(m.result.blocks), /requested by <@U0ASKER>/);
    assert.match(m.verdict.text, /:white_check_mark: \*OK\*/);
  });

  test('zh-CN', () => {
    const m = render('zh-CN');
    assert.match(m.pending.text, /请求执行 .* 检查中…/);
    assert.match(JSON.stringify(m.result.blocks), /"重新检查"/);
    assert.match(JSON.stringify(m.result.blocks), /由 <@U0ASKER> 发起/);
    assert.match(m.verdict.text, /:white_check_mark: \*正常\*/);
    assert.doesNotMatch(JSON.stringify(m), /running|Re-check|requested by/);
  });
});
