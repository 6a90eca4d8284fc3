/**
 * Findings in zh-CN chat: every catalogue code has Chinese words; the catalogue's default hint is
 * shown in Chinese in zh-CN WeCom and Slack renderings, a probe's own hint and English output are
 * left as they are.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { plan } from '../commands/index.js';
import { findingHint } from '../src/i18n/findings.js';
import { FINDINGS_ZH_CN } from '../src/i18n/findings-zh-CN.js';
import type { IncidentContent, Invocation, Lang, MessageContent } from '../src/model/index.js';
import { createContext } from '../src/probes/context.js';
import { FINDING_CODES, FINDINGS, finding } from '../src/probes/findings.js';
import { type AnyProbeResult, type CertResult, runProbe } from '../src/probes/index.js';
import { OPEN_POLICY } from '../src/probes/net/guard.js';
import { renderIncidentMarkdown } from '../src/render/incident-markdown.js';
import { headline } from '../src/render/incident-text.js';
import { renderSlack } from '../src/render/slack.js';
import { renderWecom, WECOM_MARKDOWN_LIMITS } from '../src/render/wecom.js';
import { diagnose } from '../src/watch/diagnosis.js';
import { bundle, goodChain } from './fixtures/pki.js';
import { type RunningServer, startTlsServer } from './fixtures/tls-server.js';

const CJK = /[\u4e00-\u9fff]/;
const SPECIFIC = 'Renew api.example.com before 2026-12-01 (expires in 4 days).';

describe('zh-CN catalogue', () => {
  test('every code has a non-empty Chinese meaning and hint', () => {
    assert.deepEqual(Object.keys(FINDINGS_ZH_CN).sort(), [...FINDING_CODES].sort());
    for (const code of FINDING_CODES) {
      const zh = FINDINGS_ZH_CN[code];
      assert.match(zh.meaning, CJK, `${code}: meaning`);
      assert.match(zh.hint, CJK, `${code}: hint`);
    }
  });

  test('codes sharing an English hint share its translation', () => {
    for (const a of FINDING_CODES) {
      for (const b of FINDING_CODES) {
        if (FINDINGS[a].hint !== FINDINGS[b].hint) continue;
        assert.equal(FINDINGS_ZH_CN[a].hint, FINDINGS_ZH_CN[b].hint, `${a} / ${b}`);
      }
    }
  });

  test('keeps commands and setting names as they are', () => {
    assert.match(FINDINGS_ZH_CN.DNS_FAILED.hint, /`wx dns <name>`/);
    assert.match(FINDINGS_ZH_CN.CHAIN_INCOMPLETE.hint, /fullchain\.pem/);
    assert.match(FINDINGS_ZH_CN.ADDRESS_BLOCKED.hint, /WX_PROBE_ALLOW/);
    assert.match(FINDINGS_ZH_CN.WX_IP_NOT_WHITELISTED.hint, /企业可信IP/);
  });

  test('only the default hint is translated, and only for zh-CN', () => {
    const dflt = finding('CHAIN_INCOMPLETE', 'intermediate missing');
    assert.equal(findingHint(dflt.hint, 'zh-CN'), FINDINGS_ZH_CN.CHAIN_INCOMPLETE.hint);
    assert.equal(findingHint(dflt.hint, 'en'), FINDINGS.CHAIN_INCOMPLETE.hint);
    const own = finding('CERT_EXPIRING', 'expires soon', { hint: SPECIFIC });
    assert.equal(findingHint(own.hint, 'zh-CN'), SPECIFIC);
  });
});

describe('chat renderings', () => {
  let tls: RunningServer;
  let cert: CertResult;

  before(async () => {
    const { intermediate, leaf } = goodChain('localhost');
    tls = await startTlsServer({ keyPem: leaf.keyPem, chainPem: bundle(leaf, intermediate) });
    const p = plan(['cert', `127.0.0.1:${tls.port}`], 'cli');
    assert.equal(p.kind, 'probes');
    if (p.kind !== 'probes') return;
    const [request] = p.requests;
    assert.ok(request);
    const r = await runProbe(request, createContext({ timeoutMs: 5000, policy: OPEN_POLICY }));
    cert = r as CertResult;
  });

  after(() => tls?.close());

  function content(lang: Lang): MessageContent {
    const invocation: Invocation = {
      id: 'i18n-cmd-0123456789',
      platform: 'wecom',
      workspace: 'wwcorp',
      conversation: 'user:zhangsan',
      user: 'zhangsan',
      text: 'cert api.example.com',
      ref: 'W7',
      lang,
      receivedAt: new Date().toISOString(),
    };
    const result: CertResult = {
      ...cert,
      status: 'fail',
      findings: [
        finding('CHAIN_INCOMPLETE', 'The server sends no intermediate.'),
        finding('CERT_EXPIRING', 'The leaf expires in 4 days.', { hint: SPECIFIC }),
      ],
    };
    return { type: 'result', invocation, results: [result] };
  }

  test('WeCom zh-CN shows Chinese hints: the default one, and the code’s for a probe’s own English hint', () => {
    const text = renderWecom(content('zh-CN'), 'zh-CN', {
      maxBytes: WECOM_MARKDOWN_LIMITS.app,
    }).join('\n');
    assert.ok(text.includes('fullchain.pem'), text);
    assert.ok(text.includes('部署完整证书链'), text);
    assert.ok(!text.includes('Serve the full chain'), text);
    assert.ok(text.includes(FINDINGS_ZH_CN.CERT_EXPIRING.hint), text);
    assert.ok(!text.includes('Renew api.example.com before 2026-12-01'), text);
  });

  test('WeCom en shows the English hints', () => {
    const text = renderWecom(content('en'), 'en', { maxBytes: WECOM_MARKDOWN_LIMITS.app }).join(
      '\n',
    );
    assert.ok(text.includes('Serve the full chain'), text);
    assert.ok(!CJK.test(text), text);
    assert.ok(text.includes('Renew api.example.com before 2026-12-01'), text);
  });

  test('Slack zh-CN shows the Chinese default hint, en the English one', () => {
    const zh = JSON.stringify(renderSlack(content('zh-CN'), 'zh-CN').blocks);
    assert.ok(zh.includes('部署完整证书链'), zh);
    assert.ok(!zh.includes('Serve the full chain'), zh);
    assert.ok(zh.includes(FINDINGS_ZH_CN.CERT_EXPIRING.hint), zh);
    assert.ok(!zh.includes('Renew api.example.com before 2026-12-01'), zh);
    const en = JSON.stringify(renderSlack(content('en'), 'en').blocks);
    assert.ok(en.includes('Serve the full chain'), en);
    assert.ok(!en.includes('部署完整证书链'), en);
    assert.ok(en.includes('Renew api.example.com before 2026-12-01'), en);
  });
});

describe('watch incidents', () => {
  const incident = (hint: string): IncidentContent => ({
    type: 'incident',
    part: 'parent',
    event: 'opened',
    ref: 'W3',
    watchId: 'api.example.com:443',
    incident: 1,
    target: 'api.example.com:443',
    open: true,
    problem: {
      kind: 'breakage',
      code: 'UNREACHABLE',
      message: 'CONNECT_REFUSED: connection refused',
      hint,
    },
    openedAt: '2026-11-20T00:00:00.000Z',
    critical: true,
  });
  const refused = FINDINGS.CONNECT_REFUSED.hint;
  const zhRefused = FINDINGS_ZH_CN.CONNECT_REFUSED.hint;

  test('WeCom and Slack zh-CN show a catalogue hint in Chinese, en in English', () => {
    assert.ok(renderIncidentMarkdown(incident(refused), 'zh-CN').includes(zhRefused));
    assert.ok(renderIncidentMarkdown(incident(refused), 'en').includes(refused));
    assert.ok(JSON.stringify(renderSlack(incident(refused), 'zh-CN').blocks).includes(zhRefused));
    assert.ok(JSON.stringify(renderSlack(incident(refused), 'en').blocks).includes(refused));
  });

  test('a hint of the probe’s own stays as given', () => {
    assert.ok(renderIncidentMarkdown(incident(SPECIFIC), 'zh-CN').includes(SPECIFIC));
  });
});

describe('http, dns and wechat watch incidents: the cause as headline, in the reader\u2019s language', () => {
  const url = 'https://api.example.com/health';
  const failing = diagnose({
    probe: 'http',
    target: url,
    status: 'fail',
    findings: [
      finding('HTTP_5XX', `${url} answered 502 Bad Gateway`, {
        args: { url, status: '502 Bad Gateway' },
      }),
    ],
    detail: {},
    startedAt: '2026-11-20T00:00:00.000Z',
    durationMs: 12,
  } as unknown as AnyProbeResult);
  assert.ok(failing.kind === 'failing');
  const incident = (problem: IncidentContent['problem']): IncidentContent => ({
    type: 'incident',
    part: 'parent',
    event: 'opened',
    ref: 'W7',
    watchId: `http:${url}`,
    incident: 1,
    target: url,
    open: true,
    problem,
    openedAt: '2026-11-20T00:00:00.000Z',
    critical: true,
  });
  const zh = `${url} 返回 \`502 Bad Gateway\``;
  const en = `${url} answered 502 Bad Gateway`;

  test('the diagnosis keeps the cause\u2019s finding with its args', () => {
    assert.ok(failing.view.kind === 'breakage');
    assert.equal(failing.view.finding?.code, 'HTTP_5XX');
    assert.deepEqual(failing.view.finding?.args, { url, status: '502 Bad Gateway' });
  });

  test('zh-CN: WeCom, Slack and the status page say the cause in Chinese; en in English', () => {
    const c = incident(failing.view);
    assert.equal(headline(c, {} as never, 'zh-CN'), zh);
    assert.equal(headline(c, {} as never, 'en'), en);
    const wecom = renderIncidentMarkdown(c, 'zh-CN');
    assert.ok(wecom.includes(`**${zh.replace(/`/g, '\uff40')}**`), wecom);
    assert.ok(!wecom.includes('answered'), wecom);
    const slack = renderSlack(c, 'zh-CN');
    assert.ok(String(slack.text).includes(zh), String(slack.text));
    assert.ok(!String(slack.text).includes('answered'));
    assert.ok(String(renderSlack(c, 'en').text).includes(en));
  });

  test('an incident stored before findings were kept says its English sentence', () => {
    const { finding: _kept, ...old } = failing.view as Extract<
      IncidentContent['problem'],
      { kind: 'breakage' }
    >;
    assert.equal(headline(incident(old), {} as never, 'zh-CN'), en);
  });
});
