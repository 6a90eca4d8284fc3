import assert from 'node:assert/strict';
import { test } from 'node:test';
import { childrenOf, oidOf, readTlv } from '../src/probes/cert/der.js';

const oid = (hex: string) => {
  const der = Buffer.from(hex, 'hex');
  return oidOf(der, readTlv(der, 0));
};

test('der: OIDs with multi-byte arcs and a first arc of 2', () => {
  assert.equal(oid('06092a864886f70d01010b'), '1.2.840.113549.1.1.11');
  assert.equal(oid('0609608648016503040201'), '2.16.840.1.101.3.4.2.1');
  assert.equal(oid('06082a811ccf5501837 5'.replace(/ /g, '')), '1.2.156.10197.1.501');
  assert.equal(oid('06032b6570'), '1.3.101.112');
});

test('der: long-form lengths, children, and truncation throws', () => {
  const body = Buffer.alloc(200, 0);
  const der = Buffer.concat([Buffer.from('3081c8', 'hex'), body]);
  const seq = readTlv(der, 0);
  assert.deepEqual(seq, { tag: 0x30, body: 3, end: 203 });
  assert.equal(childrenOf(der, seq).length, 100, '100 empty end-of-contents values');
  assert.throws(() => readTlv(Buffer.from('30030201', 'hex'), 0), /truncated/);
  assert.throws(() => oid('0500'), /OBJECT IDENTIFIER/);
});
