/**
 * deploy/: the dashboard and the alert rules ask only for metrics a real bot exposes (role all,
 * started as main starts it, with watches checked by its real workers in a real Redis, against
 * TLS servers on loopback), and promtool accepts them. The same scrape shows a failing watch as
 * `probe_success 0` with its target, and a removed watch's series going away.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { load } from 'js-yaml';
import { createLogger } from '../src/app/log.js';
import { type Running, start } from '../src/app/start.js';
import { loadConfig } from '../src/config/index.js';
import { QUEUES } from '../src/queue/names.js';
import { WATCH_JOBS, watchCheckJobOptions } from '../src/queue/watch-jobs.js';
import { watchId } from '../src/watch/id.js';
import { createWatchStore } from '../src/watch/store.js';
import type { Watch } from '../src/watch/types.js';
import { type FakeSlack, startFakeSlack } from './fixtures/fake-slack.js';
import { bundle, goodChain, issue } from './fixtures/pki.js';
import { exposedNames, metricNames, sampleOf, seriesOf } from './fixtures/promql.js';
import { RecordingDelivery } from './fixtures/recording-delivery.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { type RunningServer, startTlsServer } from './fixtures/tls-server.js';

const deployFile = (name: string) => new URL(`../../deploy/${name}`, import.meta.url);
const RULES = deployFile('prometheus/alerts.yml');
const DASHBOARD = deployFile('grafana/wxdoctor-dashboard.json');

/** Every `expr` of the alert rules. */
function ruleExpressions(): string[] {
  const doc = load(readFileSync(RULES, 'utf8')) as { groups: { rules: { expr: string }[] }[] };
  return doc.groups.flatMap((g) => g.rules.map((r) => String(r.expr)));
}

/** Every `expr` of the dashboard's panels, and the metrics its variables' label_values() read. */
function dashboardExpressions(): { exprs: string[]; variableMetrics: string[] } {
  const exprs: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'expr' && typeof v === 'string') exprs.push(v);
        else walk(v);
      }
    }
  };
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    panels: unknown[];
    templating: { list: { definition?: string }[] };
  };
  walk(dashboard.panels);
  const variableMetrics = dashboard.templating.list.flatMap((v) => {
    const m = /^label_values\((\w+),/.exec(v.definition ?? '');
    return m ? [m[1] as string] : [];
  });
  return { exprs, variableMetrics };
}

describe('the PromQL reader of these tests', () => {
  test('names the metrics an expression selects, not its functions, labels or keywords', () => {
    assert.deepEqual(
      metricNames('sum by (platform) (increase(wx_deliveries_total{outcome="failed"}[15m])) > 0'),
      ['wx_deliveries_total'],
    );
    assert.deepEqual(
      metricNames(
        'histogram_quantile(0.95, sum by (le, probe) (rate(wx_probe_duration_seconds_bucket[5m])))',
      ),
      ['wx_probe_duration_seconds_bucket'],
    );
    assert.deepEqual(
      metricNames(
        'count(min by (target) (probe_success{region=~"$region"}) == 0) or vector(0) and on (x) up offset 5m',
      ),
      ['probe_success', 'up'],
    );
    assert.deepEqual(metricNames('probe_ssl_earliest_cert_expiry - time() < 14 * 86400 + 1e3'), [
      'probe_ssl_earliest_cert_expiry',
    ]);
  });

  test('every rule and panel names at least one metric', () => {
    const { exprs } = dashboardExpressions();
    for (const expr of [...ruleExpressions(), ...exprs]) {
      assert.ok(metricNames(expr).length > 0, expr);
    }
  });
});

describe('a real bot with watches in Redis', () => {
  let redis: TestRedis;
  let client: Redis;
  let slack: FakeSlack;
  let running: Running;
  const servers: RunningServer[] = [];
  const prefix = `{deploy-${process.pid}}`;
  const caDir = mkdtempSync(path.join(tmpdir(), 'wx-deploy-'));
  const { root, intermediate, leaf } = goodChain('localhost');
  const selfSigned = issue({ cn: 'localhost', sans: ['localhost'] });
  let good: Watch;
  let bad: Watch;
  /** The first scrape, once both watches were checked. */
  let exposition = '';

  const scrape = async () => {
    const res = await fetch(`http://127.0.0.1:${running.port}/metrics`);
    assert.equal(res.status, 200);
    return res.text();
  };

  const watchOn = (port: number): Watch => ({
    id: watchId('localhost', port),
    host: 'localhost',
    port,
    connectTo: '127.0.0.1',
    days: [30, 14, 7],
    to: [{ platform: 'slack', workspace: 'T0FAKE', conversation: 'C0DEPLOY' }],
    source: 'chat',
    lang: 'en',
    ref: `W${port}`,
  });

  before(async () => {
    redis = await startRedis();
    client = new Redis(redis.url);
    slack = await startFakeSlack();
    // The worker's cert probe trusts the test root as an operator's would: NODE_EXTRA_CA_CERTS.
    const caFile = path.join(caDir, 'root.pem');
    writeFileSync(caFile, root.certPem);
    process.env.NODE_EXTRA_CA_CERTS = caFile;
    servers.push(
      await startTlsServer({ keyPem: leaf.keyPem, chainPem: bundle(leaf, intermediate) }),
      await startTlsServer({ keyPem: selfSigned.keyPem, chainPem: selfSigned.certPem }),
    );
    good = watchOn(servers[0]?.port as number);
    bad = watchOn(servers[1]?.port as number);
    // Not due for an hour: the checks below are the only ones.
    const store = createWatchStore(client, { prefix });
    for (const w of [good, bad]) await store.put(w, Date.now() + 3_600_000);

    const config = loadConfig(
      {
        REDIS_URL: redis.url,
        PORT: '0',
        SLACK_SIGNING_SECRET: 'd3b07384d113edec49eaa6238ad5ff00',
        SLACK_BOT_TOKEN: 'xoxb-deploy-test',
        SLACK_API_URL: slack.apiUrl,
        WX_PROBE_ALLOW: '127.0.0.1/32',
        WX_PROBE_TIMEOUT_MS: '5000',
        WX_QUEUE_PREFIX: prefix,
        WX_REGION: 'eu-test',
        LOG_LEVEL: 'silent',
      },
      ['--role', 'all'],
    );
    running = await start(config, {
      host: '127.0.0.1',
      logger: createLogger(config),
      deliveries: { slack: new RecordingDelivery() },
      watches: [],
    });

    // One check of each through the real watch queue and worker, awaited on its job.
    const queue = new Queue(QUEUES.watch, { connection: { url: redis.url }, prefix });
    const events = new QueueEvents(QUEUES.watch, { connection: { url: redis.url }, prefix });
    try {
      await events.waitUntilReady();
      for (const w of [good, bad]) {
        const data = { id: w.id, dueAt: 1 };
        const job = await queue.add(WATCH_JOBS.check, data, watchCheckJobOptions(data));
        assert.deepEqual(await job.waitUntilFinished(events, 20_000), { outcome: 'checked' });
      }
    } finally {
      await events.close();
      await queue.close();
    }
    exposition = await scrape();
  });

  after(async () => {
    await running?.close();
    await Promise.all(servers.map((s) => s.close()));
    await slack?.close();
    client?.disconnect();
    await redis?.close();
    rmSync(caDir, { recursive: true, force: true });
  });

  test('probe_success is 1 for the good watch, 0 for the failing one, with target, kind and region', () => {
    const labels = (w: Watch) => ({ target: w.id, kind: 'cert', region: 'eu-test' });
    assert.equal(sampleOf(exposition, 'probe_success', labels(good)), 1, exposition);
    assert.equal(sampleOf(exposition, 'probe_success', labels(bad)), 0);
    assert.equal(
      sampleOf(exposition, 'probe_ssl_earliest_cert_expiry', labels(good)),
      Math.floor(
        Math.min(
          leaf.cert.validity.notAfter.getTime(),
          intermediate.cert.validity.notAfter.getTime(),
        ) / 1000,
      ),
    );
    assert.ok((sampleOf(exposition, 'probe_duration_seconds', labels(bad)) ?? -1) >= 0);
    const checked = sampleOf(exposition, 'wx_watch_checked_timestamp_seconds', labels(good));
    assert.ok(checked !== undefined && Math.abs(checked - Date.now() / 1000) < 3600, `${checked}`);
  });

  test("wxdoctor's own: workers per queue; the command probes' gauge keeps a name of its own", () => {
    assert.ok((sampleOf(exposition, 'wx_queue_workers', { queue: 'watch' }) ?? 0) >= 1, exposition);
    assert.ok((sampleOf(exposition, 'wx_queue_workers', { queue: 'notify' }) ?? 0) >= 1);
    assert.match(exposition, /^# TYPE wx_deliveries_total counter$/m);
    assert.match(exposition, /^# TYPE wx_probe_ssl_earliest_cert_expiry gauge$/m);
    // One family per name: the watches' probe_ssl_earliest_cert_expiry has no `host` series.
    assert.deepEqual(
      seriesOf(exposition, 'probe_ssl_earliest_cert_expiry').filter((l) => l.includes('host=')),
      [],
    );
  });

  test('every metric the dashboard and the alert rules ask for is one this /metrics exposes', () => {
    const exposed = exposedNames(exposition);
    const { exprs, variableMetrics } = dashboardExpressions();
    const asked = new Map<string, string>();
    for (const expr of [...ruleExpressions(), ...exprs]) {
      for (const name of metricNames(expr)) asked.set(name, expr);
    }
    for (const name of variableMetrics) asked.set(name, 'a dashboard variable');
    assert.ok(asked.size >= 10, [...asked.keys()].join(' '));
    const missing = [...asked].filter(([name]) => !exposed.has(name));
    assert.deepEqual(missing, [], `not exposed: ${JSON.stringify(missing)}`);
  });

  test("a removed watch's series disappear at the next scrape", async () => {
    await createWatchStore(client, { prefix }).remove(bad.id);
    const text = await scrape();
    assert.deepEqual(seriesOf(text, 'probe_success', { target: bad.id }), []);
    assert.deepEqual(seriesOf(text, 'probe_ssl_earliest_cert_expiry', { target: bad.id }), []);
    assert.equal(
      sampleOf(text, 'probe_success', { target: good.id, kind: 'cert', region: 'eu-test' }),
      1,
    );
  });
});

describe('promtool', () => {
  const promtool = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;
  const why = 'promtool is not installed (Debian: apt-get install prometheus)';

  test('check rules: the alert rules', { skip: promtool ? false : why }, () => {
    const run = spawnSync('promtool', ['check', 'rules', RULES.pathname], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /SUCCESS: 7 rules found/);
  });

  test('check config: the example Prometheus config and its rules', {
    skip: promtool ? false : why,
  }, () => {
    const file = deployFile('prometheus/prometheus.yml').pathname;
    const run = spawnSync('promtool', ['check', 'config', file], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });

  test('every dashboard expression parses (as recording rules)', {
    skip: promtool ? false : why,
  }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wx-dashboard-'));
    try {
      const { exprs } = dashboardExpressions();
      const rules = exprs.map((expr, i) => ({ record: `wxdoctor:dashboard:expr_${i}`, expr }));
      const file = path.join(dir, 'dashboard-rules.yml');
      writeFileSync(file, JSON.stringify({ groups: [{ name: 'dashboard', rules }] }));
      const run = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stdout + run.stderr);
      assert.match(run.stdout, new RegExp(`SUCCESS: ${exprs.length} rules found`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
