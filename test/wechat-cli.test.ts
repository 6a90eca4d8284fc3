/**
 * `wx token|ip|quota|rid|callback-check|errcode` through the real program: apps by alias from a
 * WX_CONFIG file whose secrets are ${ENV} references, no chat platform configured, --json and
 * exit codes. stdout and stderr never hold a secret or a token.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { FakeWechat, SAMPLE_RID } from './fixtures/fake-wechat.js';
import { APPID, assertNoSecrets, CORP_ID, CORP_SECRET, SECRET } from './fixtures/wechat-apps.js';
import { type WxRun, wx } from './fixtures/wx.js';

const dir = mkdtempSync(join(tmpdir(), 'wx-wechat-cli-'));
const configFile = join(dir, 'wx.yaml');
writeFileSync(
  configFile,
  [
    'wechat:',
    '  apps:',
    `    oa: { appid: ${APPID}, secret: "\${OA_SECRET}" }`,
    'wecom:',
    '  apps:',
    `    corp: { corpId: ${CORP_ID}, secret: "\${CORP_SECRET}" }`,
    '',
  ].join('\n'),
);

let fake: FakeWechat;
const runs: WxRun[] = [];

before(async () => {
  fake = await FakeWechat.start({
    appid: APPID,
    secret: SECRET,
    corpId: CORP_ID,
    corpSecret: CORP_SECRET,
  });
});
after(() => fake.close());
beforeEach(() => fake.reset());

async function run(args: string[]): Promise<WxRun> {
  const r = await wx(args, {
    env: {
      WX_CONFIG: configFile,
      OA_SECRET: SECRET,
      CORP_SECRET,
      WECHAT_API_URL: fake.url,
      WECOM_API_URL: fake.url,
      SLACK_BOT_TOKEN: '',
      WECOM_CORP_ID: '',
    },
  });
  runs.push(r);
  return r;
}

function json(stdout: string) {
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 1, `one JSON document on stdout, got: ${stdout}`);
  return JSON.parse(lines[0] ?? '');
}

describe('wx CLI: WeChat/WeCom API', () => {
  it('token --json: ok, exit 0, no chat platform needed', async () => {
    const r = await run(['token', 'oa', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const result = json(r.stdout);
    assert.equal(result.probe, 'wechat');
    assert.equal(result.target, 'token oa');
    assert.deepEqual(
      result.findings.map((f: { code: string }) => f.code),
      ['WX_TOKEN_OK'],
    );
    assert.equal(fake.requests[0]?.body?.secret, SECRET, 'the env reference was resolved');
  });

  it('token, IP not whitelisted: the IP in the human output, exit 2', async () => {
    fake.set('/cgi-bin/stable_token', { kind: 'error', errcode: 40164 });
    const r = await run(['token', 'oa']);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /^FAIL wechat token oa: .*47\.103\.62\.98/m);
    assert.match(r.stdout, /WX_IP_NOT_WHITELISTED/);
  });

  it('token, WeCom app, system busy: exit 1 (warn)', async () => {
    fake.set('/cgi-bin/gettoken', { kind: 'error', errcode: -1 });
    const r = await run(['token', 'corp', '--json']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(json(r.stdout).findings[0].code, 'WX_SYSTEM_BUSY');
  });

  it('ip / quota / rid / callback-check render and exit 0', async () => {
    const ip = await run(['ip', 'oa']);
    assert.equal(ip.code, 0, ip.stdout + ip.stderr);
    assert.match(ip.stdout, /egress IP \(as seen\)\s+47\.103\.62\.98/);
    const quota = await run(['quota', 'oa', '/cgi-bin/message/custom/send']);
    assert.equal(quota.code, 0, quota.stdout);
    assert.match(quota.stdout, /daily limit\s+1000000/);
    const rid = await run(['rid', 'oa', SAMPLE_RID, '--json']);
    assert.equal(rid.code, 0, rid.stdout);
    assert.equal(json(rid.stdout).detail.rid.clientIp, '47.103.62.98');
    const cb = await run(['callback-check', 'oa', 'all', 'CAP']);
    assert.equal(cb.code, 0, cb.stdout);
    assert.match(cb.stdout, /Callback DNS \(CAP\)/);
  });

  it('an unknown alias: usage error listing the configured aliases, exit 3', async () => {
    const r = await run(['token', 'prod']);
    assert.equal(r.code, 3);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /no app is configured with the alias "prod"; configured: corp, oa/);
    assert.match(r.stderr, /usage: wx token <alias>/);
    assert.equal(fake.requests.length, 0);
  });

  it('errcode: both languages, exit 0', async () => {
    const r = await run(['errcode', '45009']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /含义: 接口调用超过天级别频率限制/);
    assert.match(r.stdout, /meaning: Daily API quota reached/);
  });

  it('help lists the new commands', async () => {
    const r = await run(['help']);
    for (const c of ['token', 'ip', 'quota', 'rid', 'callback-check', 'api-domains', 'errcode']) {
      assert.match(r.stdout, new RegExp(`^  ${c}\\b`, 'm'));
    }
  });

  it('no secret or token in any stdout or stderr above', () => {
    assert.ok(runs.length >= 8);
    assert.ok(fake.issued.length >= 4);
    assertNoSecrets(runs.map((r) => r.stdout + r.stderr).join('\n'), fake.issued, 'CLI output');
  });
});
