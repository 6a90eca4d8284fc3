/**
 * The queues through Redis Sentinel and Redis Cluster, for real: the settings a WX_CONFIG file
 * gives become connections (src/config/redis.ts), and a command runs end to end over them —
 * flows, children and the notify step included. Under Cluster the hash-tagged prefix is what
 * keeps a flow's keys in one slot.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, type TestContext, test } from 'node:test';
import { plan } from '../commands/index.js';
import { startWorkers } from '../src/app/job-workers.js';
import { loadConfig } from '../src/config/index.js';
import { redisTarget } from '../src/config/redis.js';
import type { Invocation, ProbePlan } from '../src/model/index.js';
import { messageIds } from '../src/queue/names.js';
import { createSubmitter } from '../src/queue/submit.js';
import { bundle, goodChain } from './fixtures/pki.js';
import { RecordingDelivery } from './fixtures/recording-delivery.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { startCluster, startSentinel, type Topology } from './fixtures/redis-topology.js';
import { type RunningServer, startTlsServer } from './fixtures/tls-server.js';

const dir = mkdtempSync(join(tmpdir(), 'wx-topology-'));
let tls: RunningServer;
before(async () => {
  const { leaf, intermediate } = goodChain('localhost');
  tls = await startTlsServer({ keyPem: leaf.keyPem, chainPem: bundle(leaf, intermediate) });
});
after(async () => {
  await tls.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The config a deployment would write, loaded the way main loads it. */
function configFrom(redisYaml: string) {
  const file = join(dir, `${randomUUID()}.yml`);
  writeFileSync(file, `redis:\n${redisYaml}`);
  return loadConfig({ WX_CONFIG: file, SLACK_BOT_TOKEN: 'xoxb-t', WX_ROLE: 'worker' });
}

/** Submits `/wx cert` for the local TLS server and waits for its verdict. */
async function commandEndToEnd(t: TestContext, config: ReturnType<typeof configFrom>) {
  const target = redisTarget(config.redis);
  const recording = new RecordingDelivery();
  const workers = startWorkers({
    connection: target,
    prefix: config.queuePrefix,
    deliveries: { slack: recording },
    allow: ['127.0.0.0/8'],
  });
  t.after(() => workers.close());
  await workers.ready();
  const submitter = createSubmitter({ connection: target, prefix: config.queuePrefix });
  t.after(() => submitter.close());

  const text = `cert 127.0.0.1:${tls.port}`;
  const invocation: Invocation = {
    id: `inv-${randomUUID()}`,
    platform: 'slack',
    workspace: 'T1',
    conversation: 'C1',
    user: 'U1',
    text,
    lang: 'en',
    receivedAt: new Date().toISOString(),
  };
  await submitter.submit({ invocation, plan: plan(text.split(' '), 'chat') as ProbePlan });
  const ids = messageIds(invocation.id);
  await recording.untilDelivered(ids.verdict);
  const kinds = recording.delivered(invocation.id).map((a) => a.message.content.type);
  assert.deepEqual(kinds, ['pending', 'result', 'verdict']);
  const result = recording.delivered(invocation.id)[1]?.message.content;
  assert.ok(result?.type === 'result');
  const probed = result.results[0];
  assert.ok(probed?.probe === 'cert');
  // The probe really reached the server (its CA is the test's own, so the verdict is "untrusted").
  assert.equal(probed.detail.chain.length, 2);
}

describe('Redis Sentinel', { timeout: 60_000 }, () => {
  let master: TestRedis;
  let sentinel: Topology;
  before(async () => {
    master = await startRedis();
    sentinel = await startSentinel(Number(new URL(master.url).port), 'wxmaster');
  });
  after(async () => {
    await sentinel?.close();
    await master?.close();
  });

  test('the master is found through the sentinel and a command runs end to end', async (t) => {
    const config = configFrom(
      `  sentinel:\n    name: wxmaster\n    sentinels: [{ host: 127.0.0.1, port: ${sentinel.ports[0]} }]\n`,
    );
    assert.equal(config.redis.kind, 'sentinel');
    await commandEndToEnd(t, config);
  });
});

describe('Redis Cluster', { timeout: 60_000 }, () => {
  let cluster: Topology;
  before(async () => {
    cluster = await startCluster();
  });
  after(() => cluster?.close());

  test('with the default hash-tagged prefix a command runs end to end', async (t) => {
    const nodes = cluster.ports.map((p) => `{ host: 127.0.0.1, port: ${p} }`).join(', ');
    const config = configFrom(`  cluster:\n    nodes: [${nodes}]\n`);
    assert.equal(config.queuePrefix, '{wx}');
    await commandEndToEnd(t, config);
  });
});
