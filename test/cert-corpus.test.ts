/**
 * Unusual but valid certificates (OpenSSL and Go accept them all): the chain analysis and the whole
 * cert probe, through `wx cert --json` against local TLS servers, read them without PROBE_ERROR
 * and diagnose them like any other. Names are in certificate order; the intermediate has a
 * multi-valued, escaped UTF-8 DN and the root a BMPString name, so every issuer is unusual too.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { analyseChain } from '../src/probes/cert/chain.js';
import { revocationFindings } from '../src/probes/cert/revocation.js';
import { trustStore } from '../src/probes/tls/trust.js';
import { daysToYear9999, type Made, type MakeOptions, make } from './fixtures/openssl-pki.js';
import { type RunningServer, startTlsServer } from './fixtures/tls-server.js';
import { wx } from './fixtures/wx.js';

const RSA_8192 = readFileSync(
  new URL('../../test/fixtures/rsa-8192.key.pem', import.meta.url),
  'utf8',
);
const ROOT_DN = 'O=语料 Root Org, CN=Corpus Root';
const CA_DN = 'O=Corpus\\, Ltd. + CN=语料 Intermediate'; // DER sorts a SET: O before CN

const root = make({
  subj: '/O=语料 Root Org/CN=Corpus Root',
  ca: true,
  days: 3650,
  stringMask: 'MASK:0x800',
});
const ca = make({
  subj: '/CN=语料 Intermediate+O=Corpus\\, Ltd.',
  ca: true,
  issuer: root,
  days: 1825,
});
const trust = trustStore([root.certPem]);

interface Case {
  name: string;
  /** The name the probe checks: `<name>.corpus.test`, or 127.0.0.1 for an IP-only leaf. */
  host: string;
  leaf: Made;
  codes: string[];
  subject: string;
}

function leaf(
  name: string,
  opts: Partial<MakeOptions>,
  codes: string[] = [],
  subject?: string,
): Case {
  const host = `${name}.corpus.test`;
  const subj = opts.subj ?? `/CN=${host}`;
  const made = make({ sans: [`DNS:${host}`, 'IP:127.0.0.1'], issuer: ca, ...opts, subj });
  return { name, host, leaf: made, codes, subject: subject ?? `CN=${host}` };
}

const manySans = Array.from({ length: 150 }, (_, i) => `DNS:n${i}.many-sans.corpus.test`);

const corpus: Case[] = [
  leaf('empty-subject', { subj: '/' }, [], ''),
  leaf('no-san', { sans: [] }, ['CERT_HOSTNAME_MISMATCH']),
  {
    ...leaf('ip-only', { subj: '/O=IP Only', sans: ['IP:127.0.0.1', 'IP:::1'] }, [], 'O=IP Only'),
    host: '127.0.0.1',
  },
  leaf('many-sans', { sans: [...manySans, 'DNS:many-sans.corpus.test'] }),
  leaf('rsa-8192', { key: { pem: RSA_8192 } }),
  leaf('ed25519', { key: 'ed25519' }),
  leaf('long-validity', { days: daysToYear9999() }),
  leaf(
    'utf8-names',
    { subj: '/CN=utf8-names.corpus.test/O=Ünïcødé 株式会社/OU=ops\\, east' },
    [],
    'CN=utf8-names.corpus.test, O=Ünïcødé 株式会社, OU=ops\\, east',
  ),
  leaf(
    'multi-rdn',
    { subj: '/CN=multi-rdn.corpus.test+OU=Ops+O=Corpus' },
    [],
    'OU=Ops + O=Corpus + CN=multi-rdn.corpus.test', // sorted, as DER sorts a SET
  ),
];

function x509(...pems: string[]): X509Certificate[] {
  return pems.map((p) => new X509Certificate(p));
}

describe('chain analysis: a corpus of unusual but valid certificates', () => {
  for (const c of corpus) {
    test(c.name, () => {
      const a = analyseChain({
        sent: x509(c.leaf.certPem, ca.certPem),
        host: c.host,
        trust,
        now: new Date(),
        warnDays: 30,
      });
      assert.deepEqual(
        a.findings.map((f) => f.code),
        c.codes,
        JSON.stringify(a.findings),
      );
      assert.equal(a.path.outcome, 'trusted');
      assert.equal(a.path.anchor, ROOT_DN);
      assert.equal(a.chain[0]?.subject, c.subject);
      assert.equal(a.chain[0]?.issuer, CA_DN);
      assert.equal(a.chain[1]?.issuer, ROOT_DN);
      for (const f of a.findings) assert.doesNotMatch(f.message, /undefined/);
      // The revocation wording names the leaf too.
      const unchecked = revocationFindings(
        {
          status: 'unchecked',
          source: null,
          revokedAt: null,
          reason: 'no responder',
          responder: null,
        },
        a.leaf,
      );
      assert.match(
        unchecked[0]?.message ?? '',
        c.subject ? /leaf CN=|leaf O=/ : /leaf \(empty subject\)/,
      );
    });
  }

  test('what the corpus leaves say about themselves', () => {
    const facts = (name: string) => {
      const c = corpus.find((x) => x.name === name) as Case;
      return analyseChain({
        sent: x509(c.leaf.certPem, ca.certPem),
        host: c.host,
        trust,
        now: new Date(),
        warnDays: 30,
      }).chain[0];
    };
    assert.deepEqual(facts('ip-only')?.sans, ['127.0.0.1', '::1']);
    assert.equal(facts('many-sans')?.sans.length, 151);
    assert.deepEqual([facts('rsa-8192')?.keyType, facts('rsa-8192')?.keyBits], ['rsa', 8192]);
    assert.deepEqual([facts('ed25519')?.keyType, facts('ed25519')?.keyBits], ['ed25519', 256]);
    assert.match(facts('long-validity')?.notAfter ?? '', /^9999-12-/);
    assert.deepEqual(facts('no-san')?.sans, []);
  });

  test('a self-signed leaf with an empty subject is CERT_SELF_SIGNED, named as such', () => {
    const self = make({ subj: '/', sans: ['DNS:self.corpus.test'] });
    const a = analyseChain({
      sent: x509(self.certPem),
      host: 'self.corpus.test',
      trust,
      now: new Date(),
      warnDays: 30,
    });
    assert.deepEqual(
      a.findings.map((f) => f.code),
      ['CERT_SELF_SIGNED'],
    );
    assert.match(a.findings[0]?.message ?? '', /^leaf \(empty subject\) is self-signed/);
    assert.equal(a.path.anchor, '');
  });

  test('an empty-subject leaf without its intermediate is CHAIN_INCOMPLETE, worded for it', () => {
    const c = corpus[0] as Case;
    const a = analyseChain({
      sent: x509(c.leaf.certPem),
      host: c.host,
      trust: trustStore([]),
      now: new Date(),
      warnDays: 30,
    });
    assert.deepEqual(
      a.findings.map((f) => f.code),
      ['CHAIN_INCOMPLETE'],
    );
    assert.match(
      a.findings[0]?.message ?? '',
      /^leaf \(empty subject\) is issued by O=Corpus\\, Ltd\. \+ CN=语料 Intermediate, .*; the leaf has no AIA caIssuers URL/,
    );
    assert.equal(a.path.missingIssuer, CA_DN);
    // The common name of a multi-valued RDN, escapes and all, names the missing CA.
    assert.match(a.findings[0]?.hint ?? '', /^Serve CN=语料 Intermediate after the leaf:/);
  });

  test('SANs are read entry by entry: "DNS:" inside a URI is no name; IPv6 is written short', () => {
    const odd = make({
      subj: '/',
      sans: ['URI:http://x.test/DNS:evil.test', 'email:a@b.test', 'IP:::1', 'DNS:real.corpus.test'],
      issuer: ca,
    });
    const a = analyseChain({
      sent: x509(odd.certPem, ca.certPem),
      host: 'evil.test',
      trust,
      now: new Date(),
      warnDays: 30,
    });
    assert.deepEqual(a.chain[0]?.sans, ['::1', 'real.corpus.test']);
    assert.deepEqual(
      a.findings.map((f) => f.code),
      ['CERT_HOSTNAME_MISMATCH'],
    );
  });

  test('many names: a mismatch lists ten and counts the rest', () => {
    const c = corpus.find((x) => x.name === 'many-sans') as Case;
    const a = analyseChain({
      sent: x509(c.leaf.certPem, ca.certPem),
      host: 'other.test',
      trust,
      now: new Date(),
      warnDays: 30,
    });
    assert.match(a.findings[0]?.message ?? '', /n9\.many-sans\.corpus\.test and 141 more\.$/);
  });
});

describe('wx cert --json: the corpus through the whole probe', () => {
  const servers: RunningServer[] = [];
  const port = new Map<string, number>();
  before(async () => {
    for (const c of corpus) {
      const s = await startTlsServer({
        keyPem: c.leaf.keyPem,
        chainPem: c.leaf.certPem + ca.certPem,
      });
      servers.push(s);
      port.set(c.name, s.port);
    }
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  test('no PROBE_ERROR on any; each diagnosed like a plain certificate', async () => {
    const dir = join(tmpdir(), `wx-corpus-${process.pid}`);
    const rootFile = `${dir}-root.pem`;
    writeFileSync(rootFile, root.certPem);
    const targets = corpus.map((c) => `${c.host}:${port.get(c.name)}`);
    const resolve = corpus.flatMap((c) =>
      c.host === '127.0.0.1' ? [] : ['--resolve', `${c.host}:${port.get(c.name)}:127.0.0.1`],
    );
    const r = await wx(
      ['cert', '--file', '-', '--concurrency', '3', ...resolve, '--ca', rootFile, '--json'],
      {
        stdin: targets.join('\n'),
      },
    );
    const results = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(results.length, corpus.length, r.stderr);
    for (const c of corpus) {
      const res = results.find((x) => x.target === `${c.host}:${port.get(c.name)}`);
      assert.ok(res, c.name);
      // No OCSP URL in these certificates: revocation is unchecked (info), as for any such leaf.
      const codes = res.findings
        .map((f: { code: string }) => f.code)
        .filter((code: string) => code !== 'REVOCATION_UNCHECKED');
      assert.ok(!codes.includes('PROBE_ERROR'), `${c.name}: ${JSON.stringify(res.findings)}`);
      assert.deepEqual(codes, c.codes, `${c.name}: ${JSON.stringify(res.findings)}`);
      assert.equal(res.detail.chain[0].subject, c.subject, c.name);
      assert.equal(res.detail.path.outcome, 'trusted', c.name);
    }
  });

  test('the human report names an empty subject', async () => {
    const c = corpus[0] as Case;
    const p = port.get(c.name);
    const rootFile = join(tmpdir(), `wx-corpus-${process.pid}-root.pem`);
    writeFileSync(rootFile, root.certPem);
    const r = await wx([
      'cert',
      `${c.host}:${p}`,
      '--resolve',
      `${c.host}:${p}:127.0.0.1`,
      '--ca',
      rootFile,
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /subject\s+\(empty subject\)/);
    assert.doesNotMatch(r.stdout, /undefined/);
  });
});
