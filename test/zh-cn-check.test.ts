/**
 * zh-CN everywhere, the program: `wx check` in zh-CN through the real CLI on local servers
 * (incomplete chain, expired, wrong host, HTTP 502, refused, NXDOMAIN on the given resolver,
 * healthy), and the same results rendered for Slack and WeCom: no English sentence outside code
 * spans and server values. `--lang`, `LANG` and the English default.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Invocation, MessageContent } from '../src/model/index.js';
import type { CombinedReport } from '../src/probes/combine.js';
import type { AnyProbeResult } from '../src/probes/index.js';
import { renderSlack } from '../src/render/slack.js';
import { renderWecom, WECOM_MARKDOWN_LIMITS } from '../src/render/wecom.js';
import { DnsServer } from './fixtures/dns-server.js';
import { englishSentences } from './fixtures/english.js';
import { type RunningHttpServer, startHttpServer } from './fixtures/http-server.js';
import { bundle, days, goodChain, issue } from './fixtures/pki.js';
import { closedPort } from './fixtures/tls-server.js';
import { wx } from './fixtures/wx.js';

const CJK = /[\u4e00-\u9fff]/;

function assertChinese(text: string, what: string): void {
  assert.deepEqual(englishSentences(text), [], `${what}: ${text}`);
}

// --- through the real program, on local servers ---

const HOST = 'api.example.test';
const pki = goodChain(HOST);
const expired = goodChain(HOST, { leaf: { notBefore: days(-90), notAfter: days(-3) } });
const otherHost = issue({ cn: 'other.example.test', issuer: pki.intermediate });
const dir = mkdtempSync(join(tmpdir(), 'wx-zh-'));
const rootFile = join(dir, 'root.pem');
writeFileSync(rootFile, pki.root.certPem + expired.root.certPem);
/** Values from the servers (certificate names, status text): they stay as they are. */
const SERVER_VALUES = [/wxdoctor Test (?:Root|Intermediate)/g, /Bad Gateway/g];

function withoutServerValues(text: string): string {
  return SERVER_VALUES.reduce((t, re) => t.replace(re, '¦'), text);
}

let dns: DnsServer;
let nxdomain: DnsServer;
const servers: Record<string, RunningHttpServer> = {};
let refused: number;

before(async () => {
  dns = await new DnsServer({ zone: { [HOST]: [{ type: 'A', data: '127.0.0.1' }] } }).start();
  nxdomain = await new DnsServer({ mode: 'nxdomain' }).start();
  const good = { keyPem: pki.leaf.keyPem, chainPem: bundle(pki.leaf, pki.intermediate) };
  const ok = (_q: unknown, res: import('node:http').ServerResponse) => {
    res.setHeader('strict-transport-security', 'max-age=31536000');
    res.end('ok');
  };
  servers.incomplete = await startHttpServer(ok, {
    tls: { keyPem: pki.leaf.keyPem, chainPem: bundle(pki.leaf) },
  });
  servers.expired = await startHttpServer(ok, {
    tls: { keyPem: expired.leaf.keyPem, chainPem: bundle(expired.leaf, expired.intermediate) },
  });
  servers['wrong host'] = await startHttpServer(ok, {
    tls: { keyPem: otherHost.keyPem, chainPem: bundle(otherHost, pki.intermediate) },
  });
  servers['HTTP 502'] = await startHttpServer(
    (_q, res) => {
      res.statusCode = 502;
      res.end('bad gateway');
    },
    { tls: good },
  );
  servers.healthy = await startHttpServer(ok, { tls: good });
  refused = await closedPort();
});

after(async () => {
  await Promise.all([dns, nxdomain].map((s) => s.close()));
  await Promise.all(Object.values(servers).map((s) => s.close()));
});

function checkArgs(port: number): string[] {
  return [
    'check',
    `${HOST}:${port}`,
    '--resolve',
    `${HOST}:${port}:127.0.0.1`,
    '--resolver',
    `127.0.0.1:${dns.port}`,
    '--ca',
    rootFile,
  ];
}

function invocation(platform: 'slack' | 'wecom'): Invocation {
  return {
    id: 'zh-cmd-0123456789',
    platform,
    workspace: platform === 'slack' ? 'T1' : 'wwcorp',
    conversation: platform === 'slack' ? 'C1' : 'user:zhangsan',
    user: platform === 'slack' ? 'U1' : 'zhangsan',
    text: `check ${HOST}`,
    ref: 'W7',
    lang: 'zh-CN',
    receivedAt: new Date().toISOString(),
  };
}

/** The human text of Block Kit: every text field, code spans and blocks kept as written. */
function slackText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'text' && typeof x === 'string') out.push(x.replace(/```[\s\S]*?```/g, (m) => m));
        else walk(x);
      }
    }
  };
  walk(blocks);
  return out.join('\n');
}

describe('wx check in zh-CN, terminal and chat', () => {
  const cases: Array<[string, () => string[], string | null]> = [
    ['incomplete chain', () => checkArgs(servers.incomplete?.port ?? 0), 'CHAIN_INCOMPLETE'],
    ['expired', () => checkArgs(servers.expired?.port ?? 0), 'CERT_EXPIRED'],
    ['wrong host', () => checkArgs(servers['wrong host']?.port ?? 0), 'CERT_HOSTNAME_MISMATCH'],
    ['HTTP 502', () => checkArgs(servers['HTTP 502']?.port ?? 0), 'HTTP_5XX'],
    ['refused connection', () => checkArgs(refused), 'CONNECT_REFUSED'],
    [
      'a name that does not exist on the given resolver',
      () => ['check', 'nosuch.example', '--resolver', `127.0.0.1:${nxdomain.port}`],
      'DNS_NXDOMAIN',
    ],
    ['healthy host', () => checkArgs(servers.healthy?.port ?? 0), null],
  ];

  for (const [name, argv, code] of cases) {
    test(name, async () => {
      const human = await wx([...argv(), '--lang', 'zh-CN']);
      const [first = '', second = ''] = human.stdout.split('\n');
      if (code) {
        assert.match(first, new RegExp(`^失败 check .+\\(\\w+ ${code}\\)$`), human.stdout);
        assert.match(second, /^修复：/);
      } else {
        assert.match(first, /^正常 check .+: cert 正常, dns 正常, http 正常$/, human.stdout);
      }
      assertChinese(withoutServerValues(human.stdout), `terminal ${name}`);

      const json = await wx([...argv(), '--json']);
      assert.equal(human.code, json.code, 'the same verdict in both languages');
      const combined = JSON.parse(json.stdout) as CombinedReport;
      assert.doesNotMatch(json.stdout, CJK, 'JSON keeps the English messages');
      for (const platform of ['slack', 'wecom'] as const) {
        const content: MessageContent = {
          type: 'result',
          invocation: invocation(platform),
          results: combined.results as AnyProbeResult[],
          combined,
        };
        const text =
          platform === 'slack'
            ? slackText(renderSlack(content, 'zh-CN').blocks)
            : renderWecom(content, 'zh-CN', { maxBytes: WECOM_MARKDOWN_LIMITS.app }).join('\n');
        assert.match(text, CJK);
        assertChinese(withoutServerValues(text), `${platform} ${name}`);
      }
    });
  }

  test('LANG=zh_CN.UTF-8 chooses Chinese; the default and --lang en stay English', async () => {
    const zh = await wx(checkArgs(refused), { env: { LANG: 'zh_CN.UTF-8' } });
    assert.match(zh.stdout, /^失败 check/);
    const en = await wx(checkArgs(refused));
    assert.match(en.stdout, /^FAIL check/);
    assert.doesNotMatch(en.stdout, CJK);
    const forced = await wx([...checkArgs(refused), '--lang', 'en'], {
      env: { LANG: 'zh_CN.UTF-8' },
    });
    assert.match(forced.stdout, /^FAIL check/);
  });

  test('--lang takes en or zh-CN only', async () => {
    const r = await wx(['--lang', 'fr', 'help']);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /--lang: expected one of en, zh-CN/);
  });
});
