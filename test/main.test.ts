/**
 * The process as it runs in production: `node dist/src/main.js` as a child, with a real
 * redis-server and a fake Slack Web API on loopback. Bad config, health, metrics, a command end to
 * end, Redis going away, and SIGTERM.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadEnvFile } from '../src/app/env-file.js';
import { createLogger } from '../src/app/log.js';
import { createRedisOutage } from '../src/app/redis-outage.js';
import { loadConfig } from '../src/config/index.js';
import { version } from '../src/config/version.js';
import { checkHealth } from '../src/http/health.js';
import { start } from '../src/main.js';
import type { RedisClient } from '../src/model/index.js';
import { type FakeSlack, startFakeSlack } from './fixtures/fake-slack.js';
import { startFakeSlackSocket } from './fixtures/fake-slack-socket.js';
import { bundle, days, issue } from './fixtures/pki.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { closedPort, type RunningServer, startTlsServer } from './fixtures/tls-server.js';

const MAIN = fileURLToPath(new URL('../src/main.js', import.meta.url));
/** `node --import` it, with WX_LOAD_LOG set: every module the process loads is listed there. */
const RECORD_LOADS = fileURLToPath(new URL('./fixtures/record-loads.js', import.meta.url));
const SIGNING = '5e1f0a2b3c4d5e6f708192a3b4c5d6e7';
const BOT = 'xoxb-main-test-token-4242';
const APP = 'xapp-1-A0MAIN-4242-abcdef';
const EXIT_CONFIG = 78;

interface Child {
  proc: ChildProcess;
  /** Parsed JSON log lines so far. */
  logs: Array<Record<string, unknown>>;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first log line whose msg is `msg`; rejects if the process exits first. */
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: Child[] = [];
after(() => {
  for (const c of children) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
});

/** An empty working directory: a developer's own `.env` in the checkout is not read. */
const EMPTY_DIR = mkdtempSync(join(tmpdir(), 'wx-main-'));

/**
 * Only what the test gives: nothing from the runner's environment (REDIS_URL, WX_*) leaks in, and
 * the working directory (`cwd`, where a `.env` is read) is an empty one unless given.
 */
function spawnMain(
  env: Record<string, string>,
  args: string[] = [],
  cwd = EMPTY_DIR,
  nodeArgs: string[] = [],
): Child {
  const proc = spawn(process.execPath, [...nodeArgs, MAIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const logs: Array<Record<string, unknown>> = [];
  const listeners = new Set<() => void>();
  proc.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const lines = out.split('\n');
    for (const line of lines.slice(logs.length, -1)) {
      logs.push(
        line.startsWith('{') ? (JSON.parse(line) as Record<string, unknown>) : { raw: line },
      );
    }
    for (const l of listeners) l();
  });
  proc.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = once(proc, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  const child: Child = {
    proc,
    logs,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForLog: (msg, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const hit = logs.find((l) => l.msg === msg);
          if (!hit) return;
          done();
          resolve(hit);
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(`no "${msg}" log within ${timeoutMs} ms; stdout: ${out}; stderr: ${err}`),
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        exited.then(({ code }) => {
          done();
          reject(new Error(`exited (${code}) before "${msg}"; stdout: ${out}; stderr: ${err}`));
        });
        listeners.add(check);
        check();
      }),
  };
  children.push(child);
  return child;
}

async function get(port: number, path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, text: await res.text() };
}

/** Asks again (each time awaiting the answer) until `ok` holds; bounded. */
async function until(
  port: number,
  path: string,
  ok: (r: { status: number; text: string }) => boolean,
  timeoutMs = 15_000,
): Promise<{ status: number; text: string }> {
  const deadline = Date.now() + timeoutMs;
  let last: { status: number; text: string } | undefined;
  while (Date.now() < deadline) {
    last = await get(port, path).catch((e: Error) => ({ status: 0, text: e.message }));
    if (ok(last)) return last;
  }
  assert.fail(`GET ${path}: still ${last?.status} ${last?.text} after ${timeoutMs} ms`);
}

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function stopWithSigterm(child: Child, withinMs: number): Promise<void> {
  const started = Date.now();
  child.proc.kill('SIGTERM');
  const { code, signal } = await child.exited;
  const took = Date.now() - started;
  assert.equal(signal, null);
  assert.equal(code, 0, `exit code; stderr: ${child.stderr()}`);
  assert.ok(took < withinMs, `SIGTERM to exit took ${took} ms`);
  assert.ok(child.logs.some((l) => l.msg === 'stopped'));
}

describe('health verdicts', () => {
  test('ok only when Redis answers and, where expected, workers run', async () => {
    const ping = async () => 'PONG';
    assert.deepEqual(await checkHealth({ pingRedis: ping }), {
      httpStatus: 200,
      body: { status: 'ok', redis: 'ok' },
    });
    assert.deepEqual(await checkHealth({ pingRedis: ping, workers: () => 3 }), {
      httpStatus: 200,
      body: { status: 'ok', redis: 'ok', workers: 3 },
    });
    const stopped = await checkHealth({ pingRedis: ping, workers: () => 0 });
    assert.equal(stopped.httpStatus, 503);
    assert.equal(stopped.body.reason, 'no job workers running');
  });

  test('a Redis that refuses or never answers: 503 with the reason, within the timeout', async () => {
    const refused = await checkHealth({
      pingRedis: () => Promise.reject(new Error('not ready (reconnecting)')),
      workers: () => 3,
    });
    assert.equal(refused.httpStatus, 503);
    assert.equal(refused.body.redis, 'error: not ready (reconnecting)');
    const started = Date.now();
    const hung = await checkHealth({ pingRedis: () => new Promise(() => {}), timeoutMs: 100 });
    assert.ok(Date.now() - started < 1000);
    assert.equal(hung.httpStatus, 503);
    assert.equal(hung.body.redis, 'error: no answer to PING within 100 ms');
  });
});

describe('redis outage log', () => {
  test('connection errors of every client: one line; other errors pass through while Redis is up', () => {
    const lines: Array<[string, Record<string, unknown>, string]> = [];
    const at = (level: string) => (fields: object, msg?: string) => {
      lines.push([level, { ...fields }, msg ?? '']);
    };
    let clock = 1_000_000;
    const connection = Object.assign(new EventEmitter(), { status: 'ready' });
    const outage = createRedisOutage({
      log: { info: at('info'), warn: at('warn'), error: at('error') },
      target: 'sentinel mymaster via 10.0.0.1:26379',
      setting: 'redis.sentinel (WX_CONFIG)',
      remindEveryMs: 3_600_000,
      now: () => clock,
    });
    outage.watch(connection as unknown as RedisClient);
    assert.equal(outage.report(new Error('ERR unknown command'), 'probe worker'), false);
    connection.status = 'reconnecting';
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:6379'), {
      code: 'ECONNREFUSED',
    });
    for (const source of ['producer', 'worker', 'probe worker', 'flow producer']) {
      assert.equal(outage.report(refused, source), true);
    }
    assert.equal(outage.report(new Error('anything else while away'), 'watch queue'), true);
    clock += 90_000;
    connection.status = 'ready';
    connection.emit('ready');
    outage.close();
    assert.deepEqual(
      lines.map(([level, , msg]) => [level, msg]),
      [
        ['error', 'redis unavailable: check redis.sentinel (WX_CONFIG)'],
        ['info', 'redis reachable again'],
      ],
    );
    assert.equal(lines[0]?.[1].redis, 'sentinel mymaster via 10.0.0.1:26379');
    assert.equal(lines[1]?.[1].downForS, 90);
  });
});

describe('bad configuration', () => {
  const cases: Array<[string, Record<string, string>, string[], RegExp]> = [
    [
      'a bad CIDR',
      { SLACK_SIGNING_SECRET: SIGNING, SLACK_BOT_TOKEN: BOT, WX_PROBE_ALLOW: '10.0.0.0/33' },
      [],
      /WX_PROBE_ALLOW: not a CIDR: "10\.0\.0\.0\/33"/,
    ],
    [
      'no signing secret in HTTP mode',
      { SLACK_BOT_TOKEN: BOT },
      [],
      /SLACK_SIGNING_SECRET: required in HTTP mode/,
    ],
    [
      "the README's placeholder bot token",
      { SLACK_SIGNING_SECRET: SIGNING, SLACK_BOT_TOKEN: 'xoxb-…' },
      [],
      /^wxdoctor: configuration: SLACK_BOT_TOKEN: expected xoxb- followed by letters, digits and dashes only/,
    ],
    [
      'a bad --role',
      { SLACK_SIGNING_SECRET: SIGNING, SLACK_BOT_TOKEN: BOT },
      ['--role', 'boss'],
      /--role: expected one of bot, worker, all/,
    ],
    [
      'an unreadable WX_CONFIG',
      { SLACK_SIGNING_SECRET: SIGNING, SLACK_BOT_TOKEN: BOT, WX_CONFIG: '/nonexistent/wx.yml' },
      [],
      /WX_CONFIG: cannot read \/nonexistent\/wx\.yml/,
    ],
  ];
  for (const [name, env, args, expected] of cases) {
    test(`${name}: exit ${EXIT_CONFIG}, one line naming the key, no stack trace`, async () => {
      const child = spawnMain(env, args);
      const { code } = await child.exited;
      assert.equal(code, EXIT_CONFIG);
      const stderr = child.stderr();
      assert.match(stderr, expected);
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.doesNotMatch(stderr, /^\s+at /m);
      assert.equal(child.stdout(), '');
    });
  }
});

describe('--help, --version and .env', () => {
  for (const flag of ['--help', '-h']) {
    test(`${flag}: the usage (roles, where the configuration comes from) on stdout, exit 0`, async () => {
      const child = spawnMain({}, [flag]);
      const { code } = await child.exited;
      assert.equal(code, 0, child.stderr());
      assert.equal(child.stderr(), '');
      assert.match(child.stdout(), /^usage: node dist\/src\/main\.js \[--role bot\|worker\|all\]/);
      for (const role of ['bot', 'worker', 'all'])
        assert.match(child.stdout(), new RegExp(`^  ${role} `, 'm'));
      assert.match(child.stdout(), /WX_CONFIG/);
      assert.match(child.stdout(), /\.env/);
    });
  }

  test('the LICENSE file is the MIT licence package.json names', () => {
    const root = new URL('../../', import.meta.url);
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
      license: string;
    };
    assert.equal(pkg.license, 'MIT');
    const text = readFileSync(new URL('LICENSE', root), 'utf8');
    assert.match(text, /^MIT License\n\nCopyright \(c\) \d{4} wxdoctor contributors\n/);
    assert.match(text, /THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND/);
  });

  test('--version: the version on stdout, exit 0', async () => {
    const child = spawnMain({}, ['--version']);
    const { code } = await child.exited;
    assert.equal(code, 0, child.stderr());
    assert.equal(child.stdout(), `wxdoctor ${version}\n`);
  });

  test('a .env in the working directory is read; variables in the environment win', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wx-dotenv-'));
    writeFileSync(
      join(dir, '.env'),
      `# as .env.example\nSLACK_BOT_TOKEN=${BOT}\nSLACK_SIGNING_SECRET=${SIGNING}\nWX_PROBE_ALLOW=10.0.0.0/33\nSLACK_APP_TOKEN=\n`,
    );
    const fromFile = spawnMain({}, [], dir);
    assert.equal((await fromFile.exited).code, EXIT_CONFIG);
    assert.match(
      fromFile.stderr(),
      /^wxdoctor: configuration: WX_PROBE_ALLOW: not a CIDR: "10\.0\.0\.0\/33"\n$/,
    );

    const envWins = spawnMain({ WX_PROBE_ALLOW: '10.0.0.0/34' }, [], dir);
    assert.equal((await envWins.exited).code, EXIT_CONFIG);
    assert.match(envWins.stderr(), /WX_PROBE_ALLOW: not a CIDR: "10\.0\.0\.0\/34"/);
  });

  test('a Node without process.loadEnvFile (before 20.12) says the .env is not read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wx-dotenv-'));
    writeFileSync(join(dir, '.env'), 'LOG_LEVEL=debug\n');
    assert.deepEqual(loadEnvFile(join(dir, '.env'), null), {
      status: 'unsupported',
      path: join(dir, '.env'),
    });
    assert.deepEqual(loadEnvFile(join(dir, 'missing.env'), null), { status: 'absent' });
  });

  test('no .env (or a directory of that name): nothing is read, nothing fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wx-dotenv-'));
    mkdirSync(join(dir, '.env'));
    const child = spawnMain({ SLACK_BOT_TOKEN: BOT }, [], dir);
    assert.equal((await child.exited).code, EXIT_CONFIG);
    assert.match(
      child.stderr(),
      /^wxdoctor: configuration: SLACK_SIGNING_SECRET: required in HTTP mode/,
    );
  });
});

describe('running against Redis and a fake Slack', () => {
  let redis: TestRedis;
  let slack: FakeSlack;
  let tls: RunningServer;
  let certNotAfter: Date;
  let run = 0;

  before(async () => {
    [redis, slack] = await Promise.all([startRedis(), startFakeSlack()]);
    const cert = issue({ cn: '127.0.0.1', sans: ['127.0.0.1'], notAfter: days(45) });
    certNotAfter = cert.cert.validity.notAfter;
    tls = await startTlsServer({ keyPem: cert.keyPem, chainPem: bundle(cert) });
  });
  after(async () => {
    await Promise.all([tls?.close(), slack?.close(), redis?.close()]);
  });

  function env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      REDIS_URL: redis.url,
      PORT: '0',
      SLACK_SIGNING_SECRET: SIGNING,
      SLACK_BOT_TOKEN: BOT,
      SLACK_API_URL: slack.apiUrl,
      WX_PROBE_ALLOW: '127.0.0.1/32',
      WX_PROBE_TIMEOUT_MS: '5000',
      WX_QUEUE_PREFIX: `{main-test-${process.pid}-${++run}}`,
      WX_LANG: 'en',
      ...extra,
    };
  }

  function slashCommand(port: number, text: string): Promise<Response> {
    const body = new URLSearchParams({
      command: '/wx',
      text,
      channel_id: 'C0MAIN',
      user_id: 'U0ASKER',
      team_id: 'T0FAKE',
      response_url: slack.responseUrl('main-1'),
      trigger_id: '1.2.3',
    }).toString();
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac('sha256', SIGNING).update(`v0:${ts}:${body}`).digest('hex')}`;
    return fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': ts,
        'x-slack-signature': signature,
      },
      body,
    });
  }

  test('role all, HTTP mode: healthz, a command end to end, metrics, SIGTERM → exit 0', async () => {
    slack.reset();
    const child = spawnMain(env());
    const listening = await child.waitForLog('listening');
    const port = listening.port as number;
    assert.ok(port > 0);

    const health = await until(port, '/healthz', (r) => r.status === 200);
    assert.deepEqual(JSON.parse(health.text), {
      status: 'ok',
      redis: 'ok',
      workers: 4,
      region: 'default',
    });

    const ack = await slashCommand(port, `cert 127.0.0.1:${tls.port}`);
    assert.equal(ack.status, 200);
    // The verdict edit is the last step: the probe ran in the worker and its result was posted.
    const [update] = await slack.waitFor('chat.update', 1);
    assert.equal(update?.params.channel, 'C0MAIN');
    assert.equal(slack.calls('chat.postMessage').length, 2, 'parent and threaded result');
    assert.ok(slack.calls().every((c) => c.token === BOT));

    const metrics = await get(port, '/metrics');
    assert.equal(metrics.status, 200);
    const text = metrics.text;
    assert.equal(sample(text, 'wx_commands_total{platform="slack",command="cert"}'), 1);
    assert.equal(sample(text, 'wx_probe_duration_seconds_count{probe="cert",region="default"}'), 1);
    assert.equal(
      sample(
        text,
        `wx_probe_ssl_earliest_cert_expiry{host="127.0.0.1:${tls.port}",region="default"}`,
      ),
      Math.floor(certNotAfter.getTime() / 1000),
    );
    assert.ok(
      (sample(text, 'wx_findings_total{code="CERT_SELF_SIGNED",region="default"}') ?? 0) >= 1,
      text,
    );
    assert.match(text, /^wx_queue_jobs\{queue="notify",state="\w+"\} \d+$/m);
    assert.match(text, /^# TYPE process_cpu_user_seconds_total counter$/m);

    assert.ok(!child.stdout().includes(SIGNING), 'no secret in the logs');
    assert.ok(!child.stdout().includes(BOT), 'no token in the logs');
    await stopWithSigterm(child, 10_000);
  });

  test('Slack refuses the bot token: exit 1 with the reason, nothing left running', async () => {
    slack.reset();
    slack.fail({
      method: 'auth.test',
      times: 1,
      failure: { kind: 'error', error: 'invalid_auth' },
    });
    const child = spawnMain(env());
    const { code } = await child.exited;
    assert.equal(code, 1);
    assert.match(
      child.stderr(),
      /^wxdoctor: start-up failed: .*invalid_auth; check SLACK_BOT_TOKEN$/m,
    );
    assert.ok(child.logs.some((l) => l.msg === 'start-up failed'));
    assert.ok(!child.stdout().includes(BOT) && !child.stderr().includes(BOT));
    slack.reset();
  });

  test('the Slack API unreachable at start-up: exit 1 naming SLACK_API_URL and the cause', async () => {
    const apiUrl = `http://127.0.0.1:${await closedPort()}/api/`;
    const child = spawnMain(env({ SLACK_API_URL: apiUrl }));
    const { code } = await child.exited;
    assert.equal(code, 1);
    assert.match(
      child.stderr(),
      new RegExp(
        `^wxdoctor: start-up failed: slack auth.test: ${apiUrl} unreachable: .*ECONNREFUSED.*; check SLACK_API_URL$`,
        'm',
      ),
    );
  });

  test('Socket Mode, app token refused: each attempt logged naming SLACK_APP_TOKEN, /healthz 503 until connected', async () => {
    const socket = await startFakeSlackSocket({
      upstreamApiUrl: slack.apiUrl,
      failOpens: 1000,
      openFailure: { error: 'invalid_auth' },
    });
    try {
      const child = spawnMain(
        env({ SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: APP, SLACK_API_URL: socket.apiUrl }),
        ['--role', 'bot'],
      );
      const port = (await child.waitForLog('listening')).port as number;
      await child.waitForLog(
        'slack socket mode: cannot connect: Slack answered invalid_auth; check SLACK_APP_TOKEN',
      );
      const down = await until(port, '/healthz', (r) => r.status === 503);
      const body = JSON.parse(down.text) as { status: string; slack: string; reason: string };
      assert.equal(body.status, 'unavailable');
      assert.match(body.reason, /invalid_auth; check SLACK_APP_TOKEN/);

      socket.failNextOpens(0);
      await child.waitForLog('slack socket mode connected');
      const up = await until(port, '/healthz', (r) => r.status === 200);
      assert.deepEqual(JSON.parse(up.text), { status: 'ok', redis: 'ok', slack: 'ok' });
      const failed = child.logs.filter((l) => /cannot connect/.test(String(l.msg)));
      assert.equal(failed.length, socket.opens().length - 1, 'one line per failed attempt');
      const noisy = child.logs.filter((l) => l.component === 'bolt' && l.level !== 'debug');
      assert.deepEqual(noisy, [], 'nothing else from the Socket Mode client');
      assert.ok(!child.stdout().includes(APP), 'no app token in the logs');
      await stopWithSigterm(child, 5_000);
    } finally {
      await socket.close();
    }
  });

  test('Socket Mode, apps.connections.open unreachable: SIGTERM while retrying exits at once', async () => {
    const socket = await startFakeSlackSocket({ upstreamApiUrl: slack.apiUrl, failOpens: 1000 });
    try {
      const child = spawnMain(
        env({ SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: APP, SLACK_API_URL: socket.apiUrl }),
        ['--role', 'bot'],
      );
      await child.waitForLog('listening');
      const line = await child.waitForLog(
        `slack socket mode: cannot connect: ${socket.apiUrl} answered HTTP 503; check SLACK_API_URL`,
      );
      assert.equal(line.check, 'SLACK_API_URL');
      await stopWithSigterm(child, 2_000);
    } finally {
      await socket.close();
    }
  });

  test('role worker: its own HTTP server; /healthz 503 while Redis is down, 200 once back', async (t) => {
    if (!redis.controllable) return t.skip('REDIS_URL given: this Redis cannot be stopped');
    const child = spawnMain(env({ SLACK_SIGNING_SECRET: '' }), ['--role', 'worker']);
    const port = (await child.waitForLog('listening')).port as number;
    const health = await until(port, '/healthz', (r) => r.status === 200);
    assert.deepEqual(JSON.parse(health.text), {
      status: 'ok',
      redis: 'ok',
      workers: 4,
      region: 'default',
    });
    assert.equal((await get(port, '/slack/events')).status, 404, 'a worker takes no commands');
    const post = await fetch(`http://127.0.0.1:${port}/healthz`, { method: 'POST' });
    assert.equal(post.status, 405);
    assert.match(
      (await get(port, '/metrics')).text,
      /^# TYPE wx_probe_duration_seconds histogram$/m,
    );

    await redis.stop();
    const down = await until(port, '/healthz', (r) => r.status === 503);
    const body = JSON.parse(down.text) as { status: string; redis: string; reason: string };
    assert.equal(body.status, 'unavailable');
    assert.match(body.redis, /^error: /);
    assert.match(body.reason, /redis/);
    assert.equal((await get(port, '/metrics')).status, 200, 'metrics still answer');

    await redis.start();
    await until(port, '/healthz', (r) => r.status === 200);

    // SIGTERM during an outage: nothing can be finished against Redis, so no waiting for it.
    await redis.stop();
    await until(port, '/healthz', (r) => r.status === 503);
    await stopWithSigterm(child, 10_000);
    assert.ok(
      child.logs.some(
        (l) => l.msg === 'not waiting for job workers: jobs in flight are handed back',
      ),
    );
    await redis.start();
  });

  test('role worker: delivers through web-api and never loads Bolt (the front end is not imported)', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'wx-loads-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const log = join(dir, 'loads.txt');
    const child = spawnMain(
      env({ SLACK_SIGNING_SECRET: '', WX_LOAD_LOG: log }),
      ['--role', 'worker'],
      EMPTY_DIR,
      ['--import', RECORD_LOADS],
    );
    await child.waitForLog('listening');
    await stopWithSigterm(child, 10_000);
    const urls = readFileSync(log, 'utf8');
    assert.match(urls, /\/node_modules\/@slack\/web-api\//);
    assert.doesNotMatch(urls, /\/node_modules\/@slack\/bolt\//);
    assert.doesNotMatch(urls, /\/dist\/src\/chat\/slack\/app\.js$/m);
  });

  test('role worker: an app whose secret is not set is a warning naming it, not a crash', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'wx-main-')), 'wx.yml');
    writeFileSync(
      config,
      [
        'wechat:',
        '  apps:',
        `    shop: { appid: wx1234567890abcdef, secret: "\${SHOP_APPSECRET}" }`,
        `    oa: { appid: wx1234567890abcdee, secret: "\${OA_APPSECRET}" }`,
      ].join('\n'),
    );
    const child = spawnMain(
      env({ SLACK_SIGNING_SECRET: '', WX_CONFIG: config, OA_APPSECRET: 'oa-secret-value-1' }),
      ['--role', 'worker'],
    );
    const warning = await child.waitForLog('an app cannot be used: its secret is not set');
    assert.equal(warning.level, 'warn');
    assert.equal(warning.app, 'shop');
    assert.match(
      String(warning.problem),
      /^wechat\.apps\.shop\.secret: .*SHOP_APPSECRET is not set/,
    );
    await child.waitForLog('listening');
    assert.equal(
      child.logs.filter((l) => l.msg === 'an app cannot be used: its secret is not set').length,
      1,
      'only the app whose secret is missing',
    );
    assert.ok(!child.stdout().includes('oa-secret-value-1'));
    await stopWithSigterm(child, 10_000);
  });

  test('Redis down (role all, in process): one outage line naming REDIS_URL, reminders, one recovery line', async (t) => {
    if (!redis.controllable) return t.skip('REDIS_URL given: this Redis cannot be stopped');
    const lines: Array<Record<string, unknown>> = [];
    let onLine = () => {};
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n')) {
          if (l.startsWith('{')) lines.push(JSON.parse(l) as Record<string, unknown>);
        }
        onLine();
        done();
      },
    });
    /** Resolves once `count` lines with this msg were logged. */
    const logged = (msg: RegExp, count = 1, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`fewer than ${count} ${msg} lines: ${JSON.stringify(lines)}`)),
          timeoutMs,
        );
        onLine = () => {
          if (lines.filter((l) => msg.test(String(l.msg))).length < count) return;
          clearTimeout(timer);
          resolve();
        };
        onLine();
      });
    const config = loadConfig(env(), ['--role', 'all']);
    const running = await start(config, {
      host: '127.0.0.1',
      logger: createLogger(config, sink),
      redisReminderMs: 400,
    });
    let redisDown = false;
    try {
      await until(running.port, '/healthz', (r) => r.status === 200);
      const before = lines.length;
      await redis.stop();
      redisDown = true;
      // Three reminders: over a second of an outage in which every client retries many times.
      await logged(/^redis still unavailable/, 3);
      const outage = lines.slice(before).filter((l) => l.level !== 'debug');
      const [first, ...rest] = outage;
      assert.equal(first?.msg, 'redis unavailable: check REDIS_URL');
      assert.equal(first?.check, 'REDIS_URL');
      assert.equal(first?.redis, redis.url, 'where, without credentials');
      assert.match(
        String(first?.err),
        /ECONNREFUSED|ECONNRESET|EPIPE|Connection is closed|Stream isn't writeable/,
      );
      assert.ok(rest.length >= 3, JSON.stringify(outage));
      for (const l of rest) {
        assert.equal(l.msg, 'redis still unavailable: check REDIS_URL', JSON.stringify(outage));
        assert.equal(typeof l.downForS, 'number');
      }

      await redis.start();
      redisDown = false;
      await logged(/^redis reachable again$/);
      await until(running.port, '/healthz', (r) => r.status === 200);
      const after = lines.slice(before).filter((l) => /redis|error/i.test(String(l.msg)));
      assert.equal(after.filter((l) => l.msg === 'redis reachable again').length, 1);
      assert.equal(after.filter((l) => l.msg === 'redis unavailable: check REDIS_URL').length, 1);
    } finally {
      // Redis back first: closing the workers waits for their connections.
      if (redisDown) await redis.start();
      await running.close();
    }
  });

  test('role bot, in process: no workers reported, /healthz 503 while Redis is down', async (t) => {
    if (!redis.controllable) return t.skip('REDIS_URL given: this Redis cannot be stopped');
    const config = loadConfig(env({ LOG_LEVEL: 'silent' }), ['--role', 'bot']);
    const running = await start(config, { host: '127.0.0.1', logger: createLogger(config) });
    try {
      const health = await until(running.port, '/healthz', (r) => r.status === 200);
      assert.deepEqual(JSON.parse(health.text), { status: 'ok', redis: 'ok' });
      await redis.stop();
      const down = await until(running.port, '/healthz', (r) => r.status === 503);
      assert.match(JSON.parse(down.text).redis, /^error: /);
      await redis.start();
      await until(running.port, '/healthz', (r) => r.status === 200);
    } finally {
      await running.close();
    }
    await assert.rejects(get(running.port, '/healthz'), 'nothing listens after close()');
  });
});
