/**
 * Attack: `wx rid` as a way to read the AppSecret and access_tokens. rid/get echoes the
 * looked-up call verbatim: a JSON body with the secret, a query string or form body with the
 * secret, an OAuth code and refresh tokens, JSON nested in string fields, a truncated body, free
 * text naming the token. None of it may leave the probe: not in its result, not in the chat
 * renderings, not in the BullMQ job return values in Redis, not in the worker's logs.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { plan } from '../../commands/index.js';
import { startWorkers } from '../../src/app/job-workers.js';
import { appRegistry } from '../../src/config/apps.js';
import type { Invocation, MessageContent, ProbePlan } from '../../src/model/index.js';
import { createContext } from '../../src/probes/context.js';
import { type AnyProbeResult, runProbe } from '../../src/probes/index.js';
import type { WechatDetail } from '../../src/probes/wechat/index.js';
import { fingerprint } from '../../src/probes/wechat/scrub.js';
import { messageIds, QUEUES } from '../../src/queue/names.js';
import { createSubmitter } from '../../src/queue/submit.js';
import { renderSlack } from '../../src/render/slack.js';
import { renderResult } from '../../src/render/terminal.js';
import { renderWecom } from '../../src/render/wecom.js';
import { createMemoryTokenManager } from '../../src/tokens/memory.js';
import { createTokenManager } from '../../src/tokens/token-manager.js';
import { FakeWechat } from '../fixtures/fake-wechat.js';
import { RecordingDelivery } from '../fixtures/recording-delivery.js';
import { startRedis, type TestRedis } from '../fixtures/redis.js';
import { APPID, appsConfig, CORP_ID, CORP_SECRET, SECRET } from '../fixtures/wechat-apps.js';
import { wx } from '../fixtures/wx.js';

/** Credentials of other calls, which only their keys give away. */
const OTHER_TOKEN = '91_otherAccessTokenFromProductionZ4x8Qw2Lm';
const REFRESH = '91_refreshTokenOfTheUserK7pR3vX9';
const OAUTH_CODE = '071Xyz2w3Abc4d5e6F7g8h';
const PASSWORD = 'hunter2-but-longer';
const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const SOMEONES_CORPSECRET = 'corpSecretOfAnotherCorpN8b6V4c2';
const OTHERS = [OTHER_TOKEN, REFRESH, OAUTH_CODE, PASSWORD, AES_KEY, SOMEONES_CORPSECRET];

/** What rid/get echoes, by rid; `token` is the token of the rid/get call itself. */
const RECORDS = {
  'rid-json-body': (token: string) => ({
    request_url: 'https://api.weixin.qq.com/cgi-bin/stable_token',
    request_body: JSON.stringify({
      grant_type: 'client_credential',
      appid: APPID,
      secret: SECRET,
      force_refresh: false,
    }),
    response_body: JSON.stringify({ access_token: token, expires_in: 7200 }),
  }),
  'rid-query-string': (token: string) => ({
    request_url: `https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=${APPID}&AppSecret=${SECRET}&access_token=${token}`,
    request_body: '',
    response_body: JSON.stringify({
      errcode: 40164,
      errmsg: `invalid ip 47.103.62.98, not in whitelist (token ${token}) rid: 617682e0-09059ac5-34a8e2ea`,
    }),
  }),
  'rid-form-body': () => ({
    request_url: '/sns/oauth2/access_token',
    request_body: `appid=${APPID}&Secret=${SECRET}&code=${OAUTH_CODE}&grant_type=authorization_code&refresh_token=${REFRESH}`,
    response_body: JSON.stringify({
      access_token: OTHER_TOKEN,
      refresh_token: REFRESH,
      openid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M',
      scope: 'snsapi_base',
    }),
  }),
  'rid-nested-json': (token: string) => ({
    request_url: `/cgi-bin/message/custom/send?access_token=${token}`,
    request_body: JSON.stringify({
      touser: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M',
      msgtype: 'text',
      text: { content: 'hello' },
      extra: JSON.stringify({
        corpsecret: SOMEONES_CORPSECRET,
        EncodingAESKey: AES_KEY,
        nested: JSON.stringify({ password: PASSWORD }),
      }),
      callback: `https://example.com/cb?state=${encodeURIComponent(JSON.stringify({ Token: OTHER_TOKEN }))}`,
      note: `copied from the console: ${SECRET}`,
    }),
    response_body: JSON.stringify({
      errcode: 40001,
      errmsg: `invalid credential, access_token is invalid or not latest, access_token: ${token}`,
    }),
  }),
  'rid-truncated-body': (token: string) => ({
    request_url: '/cgi-bin/stable_token',
    request_body: `{"appid":"${APPID}","secret":"${SECRET}","access_token":"${OTHER_TOKEN}","refresh_token":"${REFRESH}","force_refr`,
    response_body: `upstream said ${token} while the secret was ${SECRET}`,
  }),
} as const;
const RIDS = Object.keys(RECORDS) as Array<keyof typeof RECORDS>;

let fake: FakeWechat;
let redis: TestRedis;
before(async () => {
  [fake, redis] = await Promise.all([
    FakeWechat.start({ appid: APPID, secret: SECRET, corpId: CORP_ID, corpSecret: CORP_SECRET }),
    startRedis(),
  ]);
  for (const rid of RIDS) fake.ridRecords.set(rid, RECORDS[rid]);
});
after(async () => {
  await Promise.all([fake.close(), redis.close()]);
});

/** Every secret and token this test knows of: none may appear in `text`. */
function assertClean(text: string, where: string): void {
  const leaks = [SECRET, CORP_SECRET, ...fake.issued, ...OTHERS].filter((s) => text.includes(s));
  assert.deepEqual(
    leaks.map((s) => `${s.slice(0, 6)}…`),
    [],
    `${where} holds a secret or token`,
  );
  assert.ok(fake.issued.length > 0);
}

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
      assertClean(JSON.stringify(r), 'the probe result');
      for (const [i, text] of renderings(r, `rid oa ${rid}`).entries()) {
        assertClean(text, `rendering ${i}`);
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
      assertClean(run.stdout + run.stderr, 'wx rid');
    }
  });
});

test('attack: chat /wx rid through the queues: nothing in Redis, deliveries or logs', {
  timeout: 60_000,
}, async (t) => {
  const prefix = `{wxrid${process.pid}}`;
  const logs: string[] = [];
  const logger = {
    info: (o: object, m?: string) => logs.push(JSON.stringify(o), m ?? ''),
    warn: (o: object, m?: string) => logs.push(JSON.stringify(o), m ?? ''),
    error: (o: object, m?: string) => logs.push(JSON.stringify(o), m ?? ''),
  };
  const client = new Redis(redis.url);
  const recording = new RecordingDelivery();
  const workers = startWorkers({
    connection: redis.url,
    prefix,
    deliveries: { slack: recording },
    allow: [],
    logger,
    apps: appRegistry(appsConfig(fake.url), createTokenManager(client, { prefix })),
  });
  const submitter = createSubmitter({ connection: redis.url, prefix });
  t.after(async () => {
    await submitter.close();
    await workers.close();
    client.disconnect();
  });
  await workers.ready();

  const invocations = RIDS.map(
    (rid): Invocation => ({
      id: `inv-${randomUUID()}`,
      platform: 'slack',
      workspace: 'T0001',
      conversation: 'C0001',
      user: 'U0001',
      text: `rid oa ${rid}`,
      lang: 'en',
      receivedAt: new Date().toISOString(),
    }),
  );
  for (const inv of invocations) {
    const p = plan(inv.text.split(' '), 'chat');
    assert.equal(p.kind, 'probes');
    await submitter.submit({ invocation: inv, plan: p as ProbePlan });
  }
  for (const inv of invocations) await recording.untilDelivered(messageIds(inv.id).result);
  for (const inv of invocations) {
    const reply = recording
      .delivered(inv.id)
      .find((a) => a.message.id === messageIds(inv.id).result);
    const content = reply?.message.content as MessageContent;
    assert.equal(
      content.type === 'result' && content.results[0]?.findings[0]?.code,
      'WX_RID_FOUND',
    );
  }

  // Every job's data and return value as BullMQ stored them.
  const stored: string[] = [];
  let returned = 0;
  for (const name of Object.values(QUEUES)) {
    const q = new Queue(name, { connection: { url: redis.url }, prefix });
    for (const job of await q.getJobs(['completed', 'failed', 'waiting', 'active', 'delayed'])) {
      stored.push(JSON.stringify(job.data), JSON.stringify(job.returnvalue ?? null));
      if (name === QUEUES.probe && job.returnvalue) returned++;
    }
    await q.close();
  }
  assert.equal(returned, RIDS.length, 'every probe job returned its result');
  assertClean(stored.join('\n'), 'job data and return values in Redis');
  assertClean(JSON.stringify(recording.attempts), 'chat deliveries');
  assertClean(logs.join('\n'), 'worker logs');
  // Nothing anywhere in Redis but the token cache's own entries.
  const everything: string[] = [];
  for (const key of await client.keys(`${prefix}*`)) {
    if (key.includes(':token:')) continue;
    const type = await client.type(key);
    if (type === 'string') everything.push((await client.get(key)) ?? '');
    if (type === 'hash') everything.push(JSON.stringify(await client.hgetall(key)));
    if (type === 'list') everything.push(JSON.stringify(await client.lrange(key, 0, -1)));
  }
  assertClean(everything.join('\n'), 'Redis');
});
