/** analyseChain on certificate sets, without a network: every problem found, none invented. */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, test } from 'node:test';
import { analyseChain, type ChainAnalysis, type ChainInput } from '../src/probes/cert/chain.js';
import { inspect } from '../src/probes/cert/inspect.js';
import { signatureAlgorithmOf } from '../src/probes/cert/signature-algorithm.js';
import type { FindingCode } from '../src/probes/findings.js';
import { trustStore } from '../src/probes/tls/trust.js';
import { type CertOptions, days, type Issued, issue, rsaKeyPem } from './fixtures/pki.js';

const HOST = 'api.example.test';
const ROOT_CN = 'wxdoctor Test Root';
const INTERMEDIATE_CN = 'wxdoctor Test Intermediate';

// RSA key generation dominates the run time: share keys where distinct keys are not the point.
const leafKey = rsaKeyPem();
const root = issue({ cn: ROOT_CN, ca: true, notAfter: days(3650) });
const intermediate = issue({ cn: INTERMEDIATE_CN, ca: true, issuer: root, notAfter: days(1825) });
const trust = trustStore([root.certPem]);

function leaf(opts: Partial<CertOptions> = {}): Issued {
  return issue({ cn: HOST, sans: [HOST], issuer: intermediate, keyPem: leafKey, ...opts });
}

function x509(...certs: Issued[]): X509Certificate[] {
  return certs.map((c) => new X509Certificate(c.certPem));
}

function analyse(sent: Issued[], opts: Partial<Omit<ChainInput, 'sent'>> = {}): ChainAnalysis {
  return analyseChain({
    sent: x509(...sent),
    host: HOST,
    trust,
    now: new Date(),
    warnDays: 30,
    ...opts,
  });
}

function codes(a: ChainAnalysis): FindingCode[] {
  return a.findings.map((f) => f.code).sort();
}

function only(a: ChainAnalysis, code: FindingCode) {
  const hits = a.findings.filter((f) => f.code === code);
  assert.equal(hits.length, 1, `one ${code} in ${JSON.stringify(a.findings, null, 1)}`);
  return hits[0] as (typeof hits)[number];
}

describe('analyseChain: the path', () => {
  test('a good chain has no findings and a path to the trusted root', () => {
    const l = leaf();
    const a = analyse([l, intermediate]);
    assert.deepEqual(a.findings, []);
    assert.deepEqual(
      a.chain.map((c) => [c.index, c.role, c.subject, c.selfSigned, c.trustedAnchor]),
      [
        [0, 'leaf', `CN=${HOST}`, false, false],
        [1, 'intermediate', `CN=${INTERMEDIATE_CN}`, false, false],
      ],
    );
    assert.equal(a.path.outcome, 'trusted');
    assert.equal(a.path.anchor, `CN=${ROOT_CN}`);
    assert.deepEqual(
      a.path.steps.map((s) => [s.index, s.source, s.subject]),
      [
        [0, 'sent', `CN=${HOST}`],
        [1, 'sent', `CN=${INTERMEDIATE_CN}`],
        [null, 'trust-store', `CN=${ROOT_CN}`],
      ],
    );
    assert.equal(a.issuer?.subject, `CN=${INTERMEDIATE_CN}`);
    assert.deepEqual(JSON.parse(JSON.stringify(a.chain)), a.chain);
  });

  test('three problems at once: expired leaf, missing intermediate, wrong host', () => {
    const expired = leaf({ notBefore: days(-90), notAfter: days(-3) });
    const a = analyse([expired], { host: 'wrong.example.test' });
    assert.deepEqual(codes(a), ['CERT_EXPIRED', 'CERT_HOSTNAME_MISMATCH', 'CHAIN_INCOMPLETE']);
    assert.match(
      only(a, 'CERT_EXPIRED').message,
      /^leaf CN=api\.example\.test expired 3 days ago \(\d{4}-/,
    );
    assert.match(
      only(a, 'CERT_HOSTNAME_MISMATCH').message,
      /does not cover wrong\.example\.test; its names are api\.example\.test/,
    );
    assert.match(
      only(a, 'CHAIN_INCOMPLETE').message,
      /issued by CN=wxdoctor Test Intermediate, which the server does not send/,
    );
    assert.equal(a.path.outcome, 'incomplete');
    assert.equal(a.path.missingIssuer, `CN=${INTERMEDIATE_CN}`);
    assert.equal(a.issuer, null);
  });

  test('CHAIN_INCOMPLETE names the AIA caIssuers URL and says who hides the problem', () => {
    const url = 'http://127.0.0.1:9/intermediate.der';
    const a = analyse([leaf({ caIssuersUrl: url })]);
    const f = only(a, 'CHAIN_INCOMPLETE');
    assert.match(f.message, /AIA caIssuers URL is http:\/\/127\.0\.0\.1:9\/intermediate\.der/);
    assert.match(
      f.message,
      /browsers may fetch it .* WeChat's servers and most API clients do not/,
    );
    assert.match(f.hint, /fullchain\.pem, not cert\.pem/);
    assert.match(f.hint, /download it from http:\/\/127\.0\.0\.1:9\/intermediate\.der/);
  });

  test('a sent CA certificate with the right name but another key is called out', () => {
    const rekeyed = issue({ cn: INTERMEDIATE_CN, ca: true, issuer: root });
    const a = analyse([leaf(), rekeyed]);
    const f = only(a, 'CHAIN_INCOMPLETE');
    assert.match(
      f.message,
      /server sends \(#1\) a certificate named CN=wxdoctor Test Intermediate whose key did not sign/,
    );
    assert.equal(a.chain[1]?.role, 'unrelated');
  });

  test('a chain to a root outside the trust store: CERT_UNTRUSTED names the root', () => {
    const otherRoot = issue({ cn: 'Other Root', ca: true });
    const otherCa = issue({ cn: 'Other CA', ca: true, issuer: otherRoot });
    const l = leaf({ issuer: otherCa });
    const a = analyse([l, otherCa, otherRoot]);
    assert.deepEqual(codes(a), ['CERT_UNTRUSTED', 'CHAIN_HAS_ROOT']);
    assert.match(
      only(a, 'CERT_UNTRUSTED').message,
      /self-signed root CN=Other Root \(sent as #2\), which is not in the trust store/,
    );
    assert.equal(a.path.outcome, 'untrusted-root');
    assert.equal(a.path.anchor, 'CN=Other Root');

    // Without the root, the same chain is incomplete: the root is the missing issuer.
    const b = analyse([l, otherCa]);
    assert.deepEqual(codes(b), ['CHAIN_INCOMPLETE']);
    assert.match(
      only(b, 'CHAIN_INCOMPLETE').hint,
      /If CN=Other Root is a private root, pass it with --ca/,
    );
  });

  test('a self-signed leaf is CERT_SELF_SIGNED, unless it is itself trusted', () => {
    const self = issue({ cn: HOST, sans: [HOST], keyPem: leafKey });
    const a = analyse([self]);
    assert.deepEqual(codes(a), ['CERT_SELF_SIGNED']);
    assert.equal(a.path.outcome, 'self-signed');
    assert.equal(a.chain[0]?.selfSigned, true);

    const trusted = analyse([self], { trust: trustStore([self.certPem]) });
    assert.deepEqual(trusted.findings, []);
    assert.equal(trusted.path.outcome, 'trusted');
    assert.equal(trusted.chain[0]?.trustedAnchor, true);
  });

  test('a cross-signed copy of the trusted root is part of the chain, not an extra', () => {
    const oldRoot = issue({ cn: 'Old Root', ca: true });
    const cross = issue({ cn: ROOT_CN, ca: true, issuer: oldRoot, keyPem: root.keyPem });
    const a = analyse([leaf(), intermediate, cross]);
    assert.deepEqual(a.findings, []);
    assert.equal(a.chain[2]?.role, 'intermediate');
    // Trusted first: the path ends at the store's root, not at Old Root.
    assert.equal(a.path.steps[2]?.source, 'trust-store');
  });
});

describe('analyseChain: order', () => {
  test('leaf, root, intermediate: CHAIN_ORDER and CHAIN_HAS_ROOT', () => {
    const a = analyse([leaf(), root, intermediate]);
    assert.deepEqual(codes(a), ['CHAIN_HAS_ROOT', 'CHAIN_ORDER']);
    assert.match(
      only(a, 'CHAIN_ORDER').message,
      /sent order is #0 CN=api\.example\.test, #1 CN=wxdoctor Test Root, #2 CN=wxdoctor Test Intermediate; the chain is CN=api\.example\.test → CN=wxdoctor Test Intermediate → CN=wxdoctor Test Root/,
    );
    assert.equal(only(a, 'CHAIN_HAS_ROOT').severity, 'info');
    assert.deepEqual(
      a.chain.map((c) => c.role),
      ['leaf', 'root', 'intermediate'],
    );
    assert.deepEqual(
      a.path.steps.map((s) => s.index),
      [0, 2, 1],
    );
  });

  test('the root sent last, in order, is only CHAIN_HAS_ROOT', () => {
    assert.deepEqual(codes(analyse([leaf(), intermediate, root])), ['CHAIN_HAS_ROOT']);
  });

  test('unrelated and duplicate certificates are named', () => {
    const stranger = issue({ cn: 'Stranger CA', ca: true });
    const a = analyse([leaf(), intermediate, stranger, intermediate]);
    assert.deepEqual(codes(a), ['CHAIN_ORDER']);
    const { message } = only(a, 'CHAIN_ORDER');
    assert.match(message, /#2 CN=Stranger CA is not part of the chain/);
    assert.match(message, /#3 is a duplicate of #1/);
    assert.doesNotMatch(message, /sent order is/);
    assert.equal(a.chain[2]?.role, 'unrelated');
  });

  test('a rebuilt chain is not judged on order', () => {
    assert.deepEqual(codes(analyse([leaf(), root, intermediate], { source: 'rebuilt' })), []);
  });
});

describe('analyseChain: validity and the clock', () => {
  test('not yet valid', () => {
    const a = analyse([leaf({ notBefore: days(5), notAfter: days(95) }), intermediate]);
    assert.deepEqual(codes(a), ['CERT_NOT_YET_VALID']);
    assert.match(only(a, 'CERT_NOT_YET_VALID').message, /is not valid until .* \(in 4 days\)/);
  });

  test('the injected clock decides days left, expiring and expired', () => {
    const l = leaf({ notAfter: days(90) });
    const base = Date.now();
    const at = (d: number, warnDays = 30) =>
      analyse([l, intermediate], { now: new Date(base + d * 86_400_000), warnDays });
    assert.deepEqual(codes(at(0)), []);
    assert.equal(at(0).chain[0]?.daysLeft, 89);
    const soon = at(80);
    assert.deepEqual(codes(soon), ['CERT_EXPIRING']);
    assert.equal(soon.chain[0]?.daysLeft, 9);
    assert.match(
      only(soon, 'CERT_EXPIRING').message,
      /expires in 9 days .* within the 30-day warning window/,
    );
    assert.deepEqual(codes(at(80, 5)), []);
    const late = at(100);
    assert.equal(late.chain[0]?.daysLeft, -10, 'toward zero, as the words say it');
    assert.match(only(late, 'CERT_EXPIRED').message, /expired 10 days ago/);
    // By then the leaf is expired; the intermediate (5 years) is still fine.
    assert.deepEqual(codes(late), ['CERT_EXPIRED']);
  });

  test('an intermediate about to expire, or expired, is named with its date', () => {
    const shortLived = issue({ cn: 'Short CA', ca: true, issuer: root, notAfter: days(12) });
    const a = analyse([leaf({ issuer: shortLived }), shortLived]);
    assert.deepEqual(codes(a), ['INTERMEDIATE_EXPIRING']);
    assert.match(
      only(a, 'INTERMEDIATE_EXPIRING').message,
      /^intermediate CN=Short CA expires in 11 days \(\d{4}-/,
    );

    const dead = issue({
      cn: 'Dead CA',
      ca: true,
      issuer: root,
      notBefore: days(-400),
      notAfter: days(-2),
    });
    const b = analyse([leaf({ issuer: dead }), dead]);
    assert.deepEqual(codes(b), ['INTERMEDIATE_EXPIRED']);
    assert.equal(only(b, 'INTERMEDIATE_EXPIRED').severity, 'fail');
    assert.match(
      only(b, 'INTERMEDIATE_EXPIRED').message,
      /^intermediate CN=Dead CA expired 2 days ago/,
    );
  });

  test('a trust-store root on the path is checked too', () => {
    const fading = issue({ cn: 'Fading Root', ca: true, notAfter: days(10) });
    const ca = issue({ cn: 'Fading CA', ca: true, issuer: fading });
    const a = analyse([leaf({ issuer: ca }), ca], { trust: trustStore([fading.certPem]) });
    assert.deepEqual(codes(a), ['INTERMEDIATE_EXPIRING']);
    assert.match(
      only(a, 'INTERMEDIATE_EXPIRING').message,
      /^trusted root CN=Fading Root \(from the trust store\) expires in 9 days/,
    );
  });

  test('an expired certificate sent but not on the path is a warning', () => {
    const stale = issue({ cn: 'Stale CA', ca: true, notBefore: days(-400), notAfter: days(-1) });
    const a = analyse([leaf(), intermediate, stale]);
    assert.deepEqual(codes(a), ['CHAIN_ORDER', 'INTERMEDIATE_EXPIRED']);
    assert.equal(only(a, 'INTERMEDIATE_EXPIRED').severity, 'warn');
    assert.match(only(a, 'INTERMEDIATE_EXPIRED').message, /sent, but not part of the chain/);
  });
});

describe('analyseChain: host names', () => {
  test('IP addresses are checked against IP SANs', () => {
    const l = leaf({ sans: [HOST, '127.0.0.1'] });
    assert.deepEqual(codes(analyse([l, intermediate], { host: '127.0.0.1' })), []);
    const a = analyse([l, intermediate], { host: '10.1.2.3' });
    assert.match(
      only(a, 'CERT_HOSTNAME_MISMATCH').message,
      /does not cover IP address 10\.1\.2\.3; its names are api\.example\.test and 127\.0\.0\.1/,
    );
  });

  test('wildcards cover one label; case and a trailing dot do not matter', () => {
    const l = leaf({ cn: '*.example.test', sans: ['*.example.test'] });
    assert.deepEqual(codes(analyse([l, intermediate], { host: 'A.Example.Test.' })), []);
    assert.deepEqual(codes(analyse([l, intermediate], { host: 'a.b.example.test' })), [
      'CERT_HOSTNAME_MISMATCH',
    ]);
    assert.deepEqual(codes(analyse([l, intermediate], { host: 'example.test' })), [
      'CERT_HOSTNAME_MISMATCH',
    ]);
  });

  test('an internationalised name is compared in its punycode form', () => {
    const l = leaf({ cn: 'xn--bcher-kva.example', sans: ['xn--bcher-kva.example'] });
    assert.deepEqual(codes(analyse([l, intermediate], { host: 'bücher.example' })), []);
    assert.deepEqual(codes(analyse([l, intermediate], { host: 'bucher.example' })), [
      'CERT_HOSTNAME_MISMATCH',
    ]);
  });

  test('a name only in the subject CN does not count', () => {
    const a = analyse([leaf({ sans: [] }), intermediate]);
    const f = only(a, 'CERT_HOSTNAME_MISMATCH');
    assert.match(
      f.message,
      /it has no subjectAltName names\. The name appears only in the subject CN/,
    );
    assert.match(f.hint, /subjectAltName/);
  });
});

describe('analyseChain: signatures and keys', () => {
  test('SHA-1 and MD5 signatures are weak; a trusted root self-signed with SHA-1 is not', () => {
    const sha1Root = issue({ cn: 'SHA1 Root', ca: true, sigAlg: 'sha1' });
    const md5Ca = issue({ cn: 'MD5 CA', ca: true, issuer: sha1Root, sigAlg: 'md5' });
    const l = leaf({ issuer: md5Ca, sigAlg: 'sha1' });
    const a = analyse([l, md5Ca], { trust: trustStore([sha1Root.certPem]) });
    assert.deepEqual(codes(a), ['CERT_WEAK_SIGNATURE', 'CERT_WEAK_SIGNATURE']);
    const messages = a.findings.map((f) => f.message);
    assert.match(
      messages[0] ?? '',
      /^leaf CN=api\.example\.test is signed with sha1WithRSAEncryption/,
    );
    assert.match(messages[1] ?? '', /^intermediate CN=MD5 CA is signed with md5WithRSAEncryption/);
    assert.deepEqual(
      a.chain.map((c) => c.signatureAlgorithm),
      ['sha1WithRSAEncryption', 'md5WithRSAEncryption'],
    );
  });

  test('an RSA key under 2048 bits is weak', () => {
    const a = analyse([leaf({ keyPem: undefined, keyBits: 1024 }), intermediate]);
    assert.deepEqual(codes(a), ['CERT_WEAK_KEY']);
    assert.match(
      only(a, 'CERT_WEAK_KEY').message,
      /^leaf CN=api\.example\.test has a 1024-bit RSA key/,
    );
    assert.deepEqual([a.chain[0]?.keyType, a.chain[0]?.keyBits], ['rsa', 1024]);
  });

  // Made with openssl (node-forge cannot make EC, Ed25519 or PSS certificates); valid until 9966.
  test('EC, Ed25519 and RSA-PSS certificates: key sizes and algorithm names', () => {
    const facts = (pem: string) => inspect(new X509Certificate(pem), trust, new Date()).facts;
    const ec256 = facts(EC_P256);
    assert.deepEqual(
      [ec256.keyType, ec256.keyBits, ec256.signatureAlgorithm],
      ['ec', 256, 'ecdsa-with-SHA256'],
    );
    const ed = facts(ED25519);
    assert.deepEqual([ed.keyType, ed.keyBits, ed.signatureAlgorithm], ['ed25519', 256, 'ED25519']);
    const pss = facts(RSA_PSS);
    assert.deepEqual(
      [pss.keyType, pss.keyBits, pss.signatureAlgorithm],
      ['rsa', 2048, 'rsassaPss-sha256'],
    );

    const sent = (pem: string, host: string) =>
      analyseChain({
        sent: [new X509Certificate(pem)],
        host,
        trust,
        now: new Date(),
        warnDays: 30,
      });
    assert.deepEqual(codes(sent(EC_P256, 'ec256.example.test')), ['CERT_SELF_SIGNED']);
    const weak = sent(EC_P224_SHA1, 'ec224.example.test');
    assert.deepEqual(codes(weak), ['CERT_SELF_SIGNED', 'CERT_WEAK_KEY', 'CERT_WEAK_SIGNATURE']);
    assert.match(only(weak, 'CERT_WEAK_KEY').message, /224-bit EC key/);
    assert.match(only(weak, 'CERT_WEAK_SIGNATURE').message, /ecdsa-with-SHA1/);
  });

  test('unreadable DER gives an unknown algorithm, not an exception', () => {
    assert.deepEqual(signatureAlgorithmOf(Buffer.from('30030201', 'hex')), {
      name: 'unknown',
      hash: null,
    });
  });
});

const EC_P256 = `-----BEGIN CERTIFICATE-----
MIIBsTCCAVagAwIBAgIUVO9BY/XKaQlvxIcGg1Bf3vZpiIMwCgYIKoZIzj0EAwIw
HTEbMBkGA1UEAwwSZWMyNTYuZXhhbXBsZS50ZXN0MCAXDTI2MTEyNzAxMjQwOVoY
Dzk5NjYxMTAyMDEyNDA5WjAdMRswGQYDVQQDDBJlYzI1Ni5leGFtcGxlLnRlc3Qw
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARBtbP5ZA8mKZLyJdSiBPX/f3icm6Bc
H427FTOe1XF7U42U5hTGTC5WVddJEUDhtU/hOh9OnKjXVtXzh2VY1Mubo3IwcDAd
BgNVHQ4EFgQU6rnv6w5ybJBFl+5K8jnEl4OFG5owHwYDVR0jBBgwFoAU6rnv6w5y
bJBFl+5K8jnEl4OFG5owDwYDVR0TAQH/BAUwAwEB/zAdBgNVHREEFjAUghJlYzI1
Ni5leGFtcGxlLnRlc3QwCgYIKoZIzj0EAwIDSQAwRgIhAIVKD8ccf+kwyGPbgu6n
kRAbQ+Vzidp5avVrNuuQxBqqAiEAr/Q5lLPE0ir1JW6+RhYQm2dA0QR/rf8MHZYV
cMLkogk=
-----END CERTIFICATE-----
`;

const EC_P224_SHA1 = `-----BEGIN CERTIFICATE-----
MIIBnDCCAUqgAwIBAgIUX23AHh99JMiMTUX0xKRO7zhnhCMwCQYHKoZIzj0EATAd
MRswGQYDVQQDDBJlYzIyNC5leGFtcGxlLnRlc3QwIBcNMjYxMTI3MDEyNDA5WhgP
OTk2NjExMDIwMTI0MDlaMB0xGzAZBgNVBAMMEmVjMjI0LmV4YW1wbGUudGVzdDBO
MBAGByqGSM49AgEGBSuBBAAhAzoABPnp3dpYyk4/x0EdeN0c2AD8qNZgAiBLiAZL
yP5uTRcD1TgQtnvQu13wxMblawK1xYGEiK2oe5Syo3IwcDAdBgNVHQ4EFgQUt6Bx
qhc47L0vrYg0SAic1MXUmgMwHwYDVR0jBBgwFoAUt6Bxqhc47L0vrYg0SAic1MXU
mgMwDwYDVR0TAQH/BAUwAwEB/zAdBgNVHREEFjAUghJlYzIyNC5leGFtcGxlLnRl
c3QwCQYHKoZIzj0EAQNBADA+Ah0AuHYqws344shKuW13E+dxlMmPbGimzPTWt8PT
RgIdAK2IwyrDvVT6zo3Th43WepVgRxySmTNYgZTF+l0=
-----END CERTIFICATE-----
`;

const ED25519 = `-----BEGIN CERTIFICATE-----
MIIBVTCCAQegAwIBAgIUSrJqp9E2oMUhf9KvP5Wk7KtUm2YwBQYDK2VwMB8xHTAb
BgNVBAMMFGVkMjU1MTkuZXhhbXBsZS50ZXN0MCAXDTI2MTEyNzAxMjQwOVoYDzk5
NjYxMTAyMDEyNDA5WjAfMR0wGwYDVQQDDBRlZDI1NTE5LmV4YW1wbGUudGVzdDAq
MAUGAytlcAMhAJ71zwOF3n2GrdLwaaMjz5+w/IoZ3lkNMhlOFhiTqbkXo1MwUTAd
BgNVHQ4EFgQUncs3CKJP5F0PWEIACqH5aWrH9uswHwYDVR0jBBgwFoAUncs3CKJP
5F0PWEIACqH5aWrH9uswDwYDVR0TAQH/BAUwAwEB/zAFBgMrZXADQQBaXYZZaEal
DK4c0OjqOElNqaijwFoCRZ1dK1lNOmqZYfV93i7sgR9liCnhcLyUEy07m2FLRLod
ux/ucwtYGTsO
-----END CERTIFICATE-----
`;

const RSA_PSS = `-----BEGIN CERTIFICATE-----
MIIDgTCCAjWgAwIBAgIUHdCDkSxQrkNa1t66+PUvKbEpsrUwQQYJKoZIhvcNAQEK
MDSgDzANBglghkgBZQMEAgEFAKEcMBoGCSqGSIb3DQEBCDANBglghkgBZQMEAgEF
AKIDAgEgMBsxGTAXBgNVBAMMEHBzcy5leGFtcGxlLnRlc3QwIBcNMjYxMTI3MDEy
NDA5WhgPOTk2NjExMDIwMTI0MDlaMBsxGTAXBgNVBAMMEHBzcy5leGFtcGxlLnRl
c3QwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQDbbxd9Fqul9cy9kuoU
dVEiS4vsNlrAdDVB/CvrPc+/jw+H1x5h9vwK8zw3vJdV2IwrS97zNx050z3yLXgp
VzzpUKMFjmNOJ7VYLWxCRfqGUjzcz8VDa7alXTXSNtSuzHYxiu5ygCStXshA6fHh
kJSk0BxX08znXRTKOkQHtiHKMZ1U0W5FNydnvDf+9ULUvRloEeLomUhR/Csapp9h
x11MJQrKDb2vniU6jDKtM5UMU9/NrrEmg5LWomdNDU8cvHEOuHtygdy9FjIIlU7m
P4/rzFhJt/kTLigrz/DApl9u5KXNoFaJZ1dz2im0OCfnEKb9hE7LgiPy8XKB8nnD
HUYbAgMBAAGjUzBRMB0GA1UdDgQWBBTEwT7HUlY25Xkwnb822Tky1Rq6yzAfBgNV
HSMEGDAWgBTEwT7HUlY25Xkwnb822Tky1Rq6yzAPBgNVHRMBAf8EBTADAQH/MEEG
CSqGSIb3DQEBCjA0oA8wDQYJYIZIAWUDBAIBBQChHDAaBgkqhkiG9w0BAQgwDQYJ
YIZIAWUDBAIBBQCiAwIBIAOCAQEAgeG8j64ti204WQVNWO4udoemNzYMJ1a9NoYy
cDw7vM+H0Tqpb/7F2SeluwW21tTskMNB2LUsm8Z7AeekgBK7+PIIO7XMmDb3xRki
5B+P62Gb6i4U6xMtZ336uUhAGxJmFIyHT5keSG/WkmX7292JZ10XLCoa/YYGvGpl
h3SLLP0YCjEaEM90+CN22FfpbIwSXeKFb9WXrAJcyagPob8/oUNdu6rdiUZuQ/hg
OgzePysHbCu4R6fpVotPgV2OXCJXY6YO/TvBSKI7P6cR4rPzPwsng1CULwvy64Jh
aSA8706wu6VxIx3Bjw6RcNfC0+BSEtt3zgOB0NQVFVAVRPuNjQ==
-----END CERTIFICATE-----
`;
