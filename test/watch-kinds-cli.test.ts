/**
 * `wx watch list --file` with every kind of watch: an http watch on a local server answering 502,
 * a dns watch on two local resolvers that disagree, a wechat watch on the fake WeChat API that
 * refuses the egress IP. One line each, the worst status as the exit code; nothing leaves loopback.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { closeDnsServers, type DnsServer, startDnsServers } from './fixtures/dns-server.js';
import { FakeWechat } from './fixtures/fake-wechat.js';
import { type RunningHttpServer, startHttpServer } from './fixtures/http-server.js';
import { APPID, CORP_ID, CORP_SECRET, SECRET } from './fixtures/wechat-apps.js';
import { wx } from './fixtures/wx.js';

const dir = mkdtempSync(join(tmpdir(), 'wx-watch-kinds-'));
let server: RunningHttpServer;
let resolvers: DnsServer[];
let fake: FakeWechat;

before(async () => {
  server = await startHttpServer((_req, res) => {
    res.writeHead(502);
    res.end();
  });
  resolvers = await startDnsServers([
    { zone: { 'api.kinds.test': [{ type: 'A', data: '192.0.2.10' }] } },
    { zone: { 'api.kinds.test': [{ type: 'A', data: '198.51.100.7' }] } },
  ]);
  fake = await FakeWechat.start({
    appid: APPID,
    secret: SECRET,
    corpId: CORP_ID,
    corpSecret: CORP_SECRET,
  });
  fake.set('/cgi-bin/stable_token', { kind: 'error', errcode: 40164 });
});
after(async () => {
  await server?.close();
  await closeDnsServers(resolvers ?? []);
  await fake?.close();
});

describe('wx watch list --file: every kind', () => {
  it('one line per watch with its cause; exit code of the worst', async () => {
    const file = join(dir, 'wx.yaml');
    const [a, b] = resolvers.map((r) => `"127.0.0.1:${r.port}"`);
    writeFileSync(
      file,
      [
        'wechat:',
        '  apps:',
        `    oa: { appid: ${APPID}, secret: "\${OA_SECRET}" }`,
        'watches:',
        `  - { url: "${server.url('/health')}", to: [slack:C0123ABCD] }`,
        `  - { dns: api.kinds.test, resolvers: [${a}, ${b}], to: [slack:C0123ABCD] }`,
        '  - { wechat: oa, to: [wecom-robot:ops] }',
        '',
      ].join('\n'),
    );
    const r = await wx(['watch', 'list', '--file', file], {
      env: { OA_SECRET: SECRET, WECHAT_API_URL: fake.url, WX_CONFIG: file },
    });
    assert.equal(r.code, 2, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines[0] ?? '', /^status +watch +days +expires +to +problem$/);
    assert.match(
      lines[1] ?? '',
      /^FAIL +http:http:\/\/127\.0\.0\.1:\d+\/health +- +- +slack:C0123ABCD +HTTP_5XX: /,
    );
    assert.match(
      lines[2] ?? '',
      /^WARN +dns:api\.kinds\.test +- +- +slack:C0123ABCD +DNS_INCONSISTENT: /,
    );
    assert.match(
      lines[3] ?? '',
      /^FAIL +wechat:oa +- +- +wecom-robot:ops +WX_IP_NOT_WHITELISTED: /,
    );
  });
});
