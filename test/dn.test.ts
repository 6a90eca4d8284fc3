import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caNames, commonName, dnAttributes, shortName } from '../src/probes/cert/dn.js';

describe('distinguished names as Node prints them', () => {
  it('splits one RDN a line, and the one-line form', () => {
    const expected = [
      { type: 'C', value: 'US' },
      { type: 'O', value: "Let's Encrypt" },
      { type: 'CN', value: 'R3' },
    ];
    assert.deepEqual(dnAttributes("C=US\nO=Let's Encrypt\nCN=R3"), expected);
    assert.deepEqual(dnAttributes("C=US, O=Let's Encrypt, CN=R3"), expected);
  });

  it('keeps escaped separators inside a value, and joins a multi-valued RDN', () => {
    assert.deepEqual(dnAttributes('O=Acme\\, Inc\\+Co\nCN=a + OU=b\nCN=x\\\\'), [
      { type: 'O', value: 'Acme\\, Inc\\+Co' },
      { type: 'CN', value: 'a' },
      { type: 'OU', value: 'b' },
      { type: 'CN', value: 'x\\\\' },
    ]);
  });

  it('skips parts without a type, and an empty DN has none', () => {
    assert.deepEqual(dnAttributes('=x\nnothing\n CN =y'), [{ type: 'CN', value: 'y' }]);
    assert.deepEqual(dnAttributes(''), []);
  });

  it('names a CA by its common name, or the whole DN without one', () => {
    assert.equal(shortName('C=US\nO=Acme\\, Inc\nCN=Acme CA 1'), 'CN=Acme CA 1');
    assert.equal(commonName('C=US\nO=Acme'), 'C=US, O=Acme');
    assert.equal(shortName(''), '(empty subject)');
    assert.deepEqual(caNames('O="Quoted Org"\nCN=Root\\+1'), ['Quoted Org', 'Root+1']);
  });
});
