/**
 * The trust store reads the bundled roots without parsing them: its lookups must answer what a
 * compare of every parsed root's DN text answers, and its name keys must not tell apart names
 * Node prints alike.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import tls from 'node:tls';
import { keyOfNameDer, nameKey, WILD } from '../src/probes/tls/name-key.js';
import { splitPem, trustStore } from '../src/probes/tls/trust.js';
import { issue } from './fixtures/pki.js';

const text = (dn: string | undefined) => dn ?? '';

/** What the store held before: every root parsed, looked up by DN text. */
function everyRoot(extra: string[]): X509Certificate[] {
  const env = process.env.NODE_EXTRA_CA_CERTS;
  const envPem = env ? splitPem(readFileSync(env, 'utf8')) : [];
  return [...tls.rootCertificates, ...envPem, ...extra].map((p) => new X509Certificate(p));
}

test('trust store: each root finds the roots a full DN-text compare finds, in order', () => {
  const own = issue({ cn: 'wxdoctor Trust Root', ca: true });
  const leaf = issue({ cn: 'leaf.test', sans: ['leaf.test'], issuer: own });
  const store = trustStore([own.certPem]);
  const all = everyRoot([own.certPem]);
  const askers = [...all, new X509Certificate(leaf.certPem)];
  for (const cert of askers) {
    const want = all.filter((a) => text(a.subject) === text(cert.issuer));
    assert.deepEqual(
      store.issuersNamedBy(cert).map((a) => a.fingerprint256),
      want.map((a) => a.fingerprint256),
      text(cert.subject),
    );
  }
  assert.ok(all.every((a) => store.isTrusted(a)));
  assert.equal(store.isTrusted(new X509Certificate(leaf.certPem)), false);
  // Same name, same key of it, another certificate: trust is by the whole DER.
  const namesake = issue({ cn: 'wxdoctor Trust Root', ca: true });
  assert.equal(store.isTrusted(new X509Certificate(namesake.certPem)), false);
  assert.equal(store.issuersNamedBy(new X509Certificate(leaf.certPem)).length, 1);
  assert.equal(store.anchors.length, all.length);
});

/** A Name of one RDN: `attrs` are [OID hex, tag, value bytes]. */
function name(...attrs: [string, number, Buffer][]): Buffer {
  const tlv = (tag: number, body: Buffer) => {
    assert.ok(body.length < 128);
    return Buffer.concat([Buffer.from([tag, body.length]), body]);
  };
  const rdns = attrs.map(([oid, tag, value]) =>
    tlv(0x31, tlv(0x30, Buffer.concat([tlv(0x06, Buffer.from(oid, 'hex')), tlv(tag, value)]))),
  );
  return tlv(0x30, Buffer.concat(rdns));
}
const CN = '550403';
const O = '55040a';
const bmp = (s: string) => Buffer.from(s, 'utf16le').swap16();

test('name key: string types printed alike key alike; others differ or are wild', () => {
  const printable = keyOfNameDer(
    name([O, 0x13, Buffer.from('Acme, Inc.')], [CN, 0x13, Buffer.from('Root R1')]),
  );
  const utf8 = keyOfNameDer(
    name([O, 0x0c, Buffer.from('Acme, Inc.')], [CN, 0x0c, Buffer.from('Root R1')]),
  );
  const bmpKey = keyOfNameDer(name([O, 0x1e, bmp('Acme, Inc.')], [CN, 0x1e, bmp('Root R1')]));
  assert.notEqual(printable, WILD);
  assert.equal(utf8, printable);
  assert.equal(bmpKey, printable);
  assert.notEqual(
    keyOfNameDer(name([O, 0x13, Buffer.from('Acme, Inc.')], [CN, 0x13, Buffer.from('Root R2')])),
    printable,
  );
  // A non-ASCII letter counts for nothing (UTF-8 here, one byte in T61String): the same key.
  assert.equal(
    keyOfNameDer(name([CN, 0x0c, Buffer.from('Zürich CA')])),
    keyOfNameDer(name([CN, 0x14, Buffer.from('Zürich CA', 'latin1')])),
  );
  // An OCTET STRING value (printed as a hex dump) or bad UTF-8: compared with every lookup.
  assert.equal(keyOfNameDer(name([CN, 0x04, Buffer.from('x')])), WILD);
  assert.equal(keyOfNameDer(name([CN, 0x0c, Buffer.from([0xc3, 0x28])])), WILD);
  assert.equal(keyOfNameDer(Buffer.from('3003', 'hex')), WILD);
  const own = new X509Certificate(issue({ cn: 'wxdoctor Key Root', ca: true }).certPem);
  assert.equal(nameKey(own.raw, 'subject'), nameKey(own.raw, 'issuer'));
});
