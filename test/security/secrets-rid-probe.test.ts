/**
 * Attack (issue 15, item 2): `wx rid` as a way to read the AppSecret and access_tokens. rid/get
 * echoes the looked-up call verbatim (test/fixtures/rid-records.ts); none of it may leave the
 * probe: not in its result, not in the chat renderings, not in the CLI's output. What is not a
 * credential stays readable.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { appRegistry } from '../../src/config/apps.js';
import type { MessageContent } from '../../src/model/index.js';
import { createContext } from '../../src/probes/context.js';
import { type AnyProbeResult, runProbe } from '../../src/probes/index.js';
import type { WechatDetail } from '../../src/probes/wechat/index.js';
import { fingerprint } from '../../src/probes/wechat/scrub.js';
import { renderSlack } from '../../src/render/slack.js';
import { renderResult } from '../../src/render/terminal.js';
import { renderWecom } from '../../src/render/wecom.js';
import { createMemoryTokenManager } from '../../src/tokens/memory.js';
import { FakeWechat } from '../fixtures/fake-wechat.js';
import { assertClean, REFRESH, RIDS, serveRecords } from '../fixtures/rid-records.js';
import { APPID, appsConfig, CORP_ID, CORP_SECRET, SECRET } from '../fixtures/wechat-apps.js';
import { wx } from '../fixtures/wx.js';

let fake: FakeWechat;
before(async () => {
  fake = await FakeWechat.start({
    appid: APPID,
    secret: SECRET,
    corpId: CORP_ID,
    corpSecret: CORP_SECRET,
  });
  serveRecords(fake);
});
after(async () => {
  await fake.close();
});

type RidResult = AnyProbeResult & { detail: WechatDetail };

async function probeRid(rid: string): Promise<RidResult> {
  const apps = appRegistry(appsConfig(fake.url), createMemoryTokenManager());
  return (await runProbe(
    { probe: 'wechat', spec: { op: 'rid', alias: 'oa', rid } },
    createContext({ timeoutMs: 5000, apps }),
  )) as RidResult;
}

function renderings(r: AnyProbeResult, text: string): string[] {
  const invocation = { id: 'i1', platform: 'slack', conversation: 'C1', user: 'U1', text };
  const content: MessageContent = { type: 'result', invocation: invocation as never, results: [r] };
  return [
    renderResult(r, { colour: false }),
    JSON.stringify(renderSlack(content, 'en')),
    renderWecom(content, 'zh-CN', { maxBytes: 4096 }).join('\n'),
  ];
}

describe('attack: secrets and tokens echoed by rid/get', () => {
  for (const rid of RIDS) {
    test(`${rid}: the probe result and every rendering hold no secret or token`, async () => {
      const r = await probeRid(rid);
      assert.deepEqual(
        r.findings.map((f) => f.code),
        ['WX_RID_FOUND'],
      );
      assertClean(JSON.stringify(r), 'the probe result', fake.issued);
      for (const [i, text] of renderings(r, `rid oa ${rid}`).entries()) {
        assertClean(text, `rendering ${i}`, fake.issued);
      }
    });
  }

  test('what is not a credential stays readable; tokens become their fingerprint', async () => {
    const json = (await probeRid('rid-json-body')).detail.rid;
    const token = fake.issued.at(-1) ?? '';
    assert.deepEqual(JSON.parse(json?.requestBody ?? ''), {
      grant_type: 'client_credential',
      appid: APPID,
      secret: '[REDACTED]',
      force_refresh: false,
    });
    assert.deepEqual(JSON.parse(json?.responseBody ?? ''), {
      access_token: `<${fingerprint(token)}>`,
      expires_in: 7200,
    });
    const query = (await probeRid('rid-query-string')).detail.rid;
    assert.match(
      query?.requestUrl ?? '',
      /\/cgi-bin\/token\?grant_type=client_credential&appid=wx51a2b3c4d5e6f708&AppSecret=\[REDACTED\]&access_token=<[0-9a-f]{12}>$/,
    );
    const form = (await probeRid('rid-form-body')).detail.rid;
    assert.equal(
      form?.requestBody,
      `appid=${APPID}&Secret=[REDACTED]&code=[REDACTED]&grant_type=authorization_code&refresh_token=<${fingerprint(REFRESH)}>`,
    );
    assert.match(form?.responseBody ?? '', /"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M"/);
  });

  test('wx rid (the CLI): neither the JSON nor the human output holds one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wx-rid-'));
    const config = join(dir, 'wx.yaml');
    writeFileSync(
      config,
      `wechat:\n  apiUrl: ${fake.url}\n  apps:\n    oa: { appid: ${APPID}, secret: "\${OA_SECRET}" }\n`,
    );
    const env = { WX_CONFIG: config, OA_SECRET: SECRET };
    // A few processes only (each is a Node start-up); the probe tests above cover every shape.
    const runs = await Promise.all([
      wx(['rid', 'oa', 'rid-json-body', '--json'], { env }),
      wx(['rid', 'oa', 'rid-form-body', '--json'], { env }),
      wx(['rid', 'oa', 'rid-nested-json'], { env }),
    ]);
    for (const run of runs) {
      assert.equal(run.code, 0, run.stderr);
      assertClean(run.stdout + run.stderr, 'wx rid', fake.issued);
    }
  });
});
