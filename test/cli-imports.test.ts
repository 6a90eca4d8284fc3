/**
 * `wx` loads only what the command needs: `help` no queue, chat, config or HTTP client; `cert` no
 * queue, chat, config, or ASN.1 library when there is no OCSP to read, nor what only a resolver,
 * `--file`, `--from` or the dns probe needs. Each run is a real child process whose module loads are recorded.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, type TestContext, test } from 'node:test';
import { bundle, issue } from './fixtures/pki.js';
import { startTlsServer } from './fixtures/tls-server.js';

const BIN = new URL('../src/cli/wx.js', import.meta.url).pathname;
/** What `npm run build` bundles BIN into (package.json `bin`): chunks split at the same imports. */
const BUNDLE = new URL('../cli/wx.js', import.meta.url).pathname;
const RECORD = new URL('./fixtures/record-loads.js', import.meta.url).pathname;

/** Runs wx with `args`; resolves with its exit code and every module URL it loaded. */
async function loads(
  t: TestContext,
  args: string[],
  bin = BIN,
): Promise<{ code: number | null; urls: string[]; stdout: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'wx-loads-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'loads.txt');
  const child = spawn(process.execPath, ['--import', RECORD, bin, ...args], {
    // English unless the arguments say otherwise, whatever the locale of the machine.
    env: { ...process.env, WX_LOAD_LOG: log, NO_COLOR: '1', WX_LANG: 'en' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, urls: readFileSync(log, 'utf8').split('\n').filter(Boolean), stdout };
}

/** The packages (or project folders) among the loaded modules that match `names`. */
function loaded(urls: string[], names: RegExp[]): string[] {
  return names.filter((n) => urls.some((u) => n.test(u))).map(String);
}

const PACKAGE = (name: string) => new RegExp(`/node_modules/${name}/`);
const QUEUE_AND_CHAT = ['bullmq', 'ioredis', '@slack/bolt', '@slack/web-api', 'pino'].map(PACKAGE);
const CONFIG = [PACKAGE('zod'), /\/dist\/src\/config\/(load|schema)\.js$/];
/** The zh-CN catalogues and the errcode tables: an English `wx help` needs none of them. */
const CATALOGUES = [
  /\/dist\/src\/i18n\/[a-z-]*zh-CN\.js$/,
  /\/dist\/src\/probes\/wechat\/errcodes/,
];

describe('wx loads only what the command needs', () => {
  test('help: no queue, chat, config, HTTP client or probe code', async (t) => {
    const { code, urls } = await loads(t, ['help']);
    assert.equal(code, 0);
    assert.ok(
      urls.some((u) => u.endsWith('/dist/commands/help.js')),
      'the recorder works',
    );
    assert.deepEqual(
      loaded(urls, [
        ...QUEUE_AND_CHAT,
        ...CONFIG,
        PACKAGE('undici'),
        // The cert probe itself; spki.js is the pin parser `--pin-spki` needs (node:crypto only).
        /\/dist\/src\/probes\/cert\/(?!spki\.js$)/,
        ...CATALOGUES,
      ]),
      [],
    );
  });

  // What help, `--help` and usage errors need: the table (names, usage, help text, options) and
  // the CLI's front. No command's parser, so none of the probe, store or render modules they use
  // (a usage error a parser finds loads that parser, not the others).
  const HELP_MODULES = new Set([
    'src/cli/wx.js',
    'src/cli/main.js',
    'src/cli/lang.js',
    'commands/table.js',
    'commands/flags.js',
    'commands/help.js',
    'commands/types.js',
    'src/model/lang.js',
    'src/watch/types.js',
  ]);
  /** The project modules (under dist/) among `urls` that help does not need. */
  const beyondHelp = (urls: string[]) =>
    [
      ...new Set(
        urls.flatMap((u) => {
          const m = /\/dist\/((?:src|commands)\/.*\.js)$/.exec(u);
          return m?.[1] ? [m[1]] : [];
        }),
      ),
    ].filter((m) => !HELP_MODULES.has(m));

  for (const args of [['help'], ['help', 'cert'], ['cert', '--help'], ['nope']]) {
    test(`wx ${args.join(' ')}: the command table only, no parser, probe or renderer`, async (t) => {
      const { code, urls } = await loads(t, args);
      assert.equal(code, args[0] === 'help' || args[1] === '--help' ? 0 : 3);
      assert.deepEqual(beyondHelp(urls), []);
    });
  }

  test('help in zh-CN: its catalogue, loaded for it', async (t) => {
    const { code, urls, stdout } = await loads(t, ['--lang', 'zh-CN', 'help']);
    assert.equal(code, 0);
    assert.match(stdout, /命令：/);
    assert.ok(urls.some((u) => u.endsWith('/dist/src/i18n/help-zh-CN.js')));
  });

  test('cert against a local server: no queue, chat, config or ASN.1 library', async (t) => {
    const root = issue({ cn: 'wxdoctor Imports Root', ca: true });
    const leaf = issue({ cn: 'localhost', sans: ['localhost'], issuer: root });
    const server = await startTlsServer({ keyPem: leaf.keyPem, chainPem: bundle(leaf, root) });
    t.after(() => server.close());
    const { urls } = await loads(t, ['cert', `127.0.0.1:${server.port}`, '--timeout', '5000']);
    assert.ok(
      urls.some((u) => u.endsWith('/dist/src/probes/cert/index.js')),
      'the probe ran',
    );
    // @peculiar/asn1-* (~370 ms to load) only for a staple, an OCSP responder or a possible
    // Must-Staple leaf: this one has none of them. node-forge (~300 ms) not at all (der.ts).
    assert.deepEqual(
      loaded(urls, [
        ...QUEUE_AND_CHAT,
        ...CONFIG,
        PACKAGE('@peculiar/[^/]+'),
        PACKAGE('node-forge'),
        // No resolver named, no CAA to ask (an IP): no DNS wire format. No --file: no batch
        // runner. One region: no comparison across regions. No dns probe: not its analysis.
        PACKAGE('dns-packet'),
        PACKAGE('p-limit'),
        /\/dist\/src\/cli\/batch\.js$/,
        /\/dist\/src\/render\/regions-view\.js$/,
        /\/dist\/src\/probes\/dns\/compare\.js$/,
      ]),
      [],
    );
  });

  test('the bundle users run keeps it: help loads no package, cert no queue, chat, config or ASN.1', async (t) => {
    const help = await loads(t, ['help'], BUNDLE);
    assert.equal(help.code, 0);
    assert.ok(
      help.urls.some((u) => u.endsWith('/dist/cli/wx.js')),
      'the recorder works',
    );
    assert.deepEqual(
      help.urls.filter((u) => u.includes('/node_modules/')),
      [],
    );
    const root = issue({ cn: 'wxdoctor Bundle Root', ca: true });
    const leaf = issue({ cn: 'localhost', sans: ['localhost'], issuer: root });
    const server = await startTlsServer({ keyPem: leaf.keyPem, chainPem: bundle(leaf, root) });
    t.after(() => server.close());
    const cert = await loads(t, ['cert', `127.0.0.1:${server.port}`, '--timeout', '5000'], BUNDLE);
    assert.match(cert.stdout, /cert 127\.0\.0\.1:\d+/);
    assert.deepEqual(
      loaded(cert.urls, [
        ...QUEUE_AND_CHAT,
        PACKAGE('zod'),
        PACKAGE('@peculiar/[^/]+'),
        PACKAGE('node-forge'),
        PACKAGE('dns-packet'),
      ]),
      [],
    );
    // Only what the build made: no module of dist/src is read beside the bundle.
    assert.deepEqual(
      cert.urls.filter((u) => u.includes('/dist/src/')),
      [],
    );
  });
});
