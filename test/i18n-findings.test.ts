/**
 * Findings in zh-CN chat: every catalogue code has Chinese words; the catalogue's default hint is
 * shown in Chinese in zh-CN WeCom and Slack renderings, a probe's own hint and English output are
 * left as they are.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { plan } from '../commands/index.js';
import type { Invocation, Lang, MessageContent } from '../src/chat/types.js';
import { findingHint, findingMeaning } from '../src/i18n/findings.js';
import { FINDINGS_ZH_CN } from '../src/i18n/findings-zh-CN.js';
import { createContext } from '../src/probes/context.js';
import { FINDING_CODES, FINDINGS, finding } from '../src/probes/findings.js';
import { type CertResult, runProbe } from '../src/probes/index.js';
import { OPEN_POLICY } from '../src/probes/net/guard.js';
import { renderSlack } from '../src/render/slack.js';
import { renderWecom, WECOM_MARKDOWN_LIMITS } from '../src/render/wecom.js';
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

  test('keeps commands and setting names as they are', () => {
    assert.match(FINDINGS_ZH_CN.DNS_FAILED.hint, /`wx dns <name>`/);
    assert.match(FINDINGS_ZH_CN.CHAIN_INCOMPLETE.hint, /fullchain\.pem/);
    assert.match(FINDINGS_ZH_CN.ADDRESS_BLOCKED.hint, /WX_PROBE_ALLOW/);
    assert.match(FINDINGS_ZH_CN.WX_IP_NOT_WHITELISTED.hint, /企业可信IP/);
  });

  test('only the default hint is translated, and only for zh-CN', () => {
    const dflt = finding('CHAIN_INCOMPLETE', 'intermediate missing');
    assert.equal(findingHint(dflt, 'zh-CN'), FINDINGS_ZH_CN.CHAIN_INCOMPLETE.hint);
    assert.equal(findingHint(dflt, 'en'), FINDINGS.CHAIN_INCOMPLETE.hint);
    const own = finding('CERT_EXPIRING', 'expires soon', { hint: SPECIFIC });
    assert.equal(findingHint(own, 'zh-CN'), SPECIFIC);
    assert.equal(findingHint({ code: 'NOT_A_CODE', hint: 'as is' }, 'zh-CN'), 'as is');
    assert.equal(findingMeaning('DNS_NXDOMAIN', 'en'), FINDINGS.DNS_NXDOMAIN.meaning);
    assert.match(findingMeaning('DNS_NXDOMAIN', 'zh-CN'), CJK);
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

  test('WeCom zh-CN shows the Chinese default hint and the probe’s own hint as given', () => {
    const text = renderWecom(content('zh-CN'), 'zh-CN', {
      maxBytes: WECOM_MARKDOWN_LIMITS.app,
    }).join('\n');
    assert.ok(text.includes('fullchain.pem'), text);
    assert.ok(text.includes('部署完整证书链'), text);
    assert.ok(!text.includes('Serve the full chain'), text);
    assert.ok(text.includes('Renew api.example.com before 2026-12-01'), text);
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
    assert.ok(zh.includes('Renew api.example.com before 2026-12-01'), zh);
    const en = JSON.stringify(renderSlack(content('en'), 'en').blocks);
    assert.ok(en.includes('Serve the full chain'), en);
    assert.ok(!en.includes('部署完整证书链'), en);
    assert.ok(en.includes('Renew api.example.com before 2026-12-01'), en);
  });
});
