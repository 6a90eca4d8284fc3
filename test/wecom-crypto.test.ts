/**
 * The callback cipher against Tencent's published sample values, tampered copies of them, and
 * ciphertexts crafted to hit each check @wecom/crypto leaves out (padding, length field,
 * receiveid); plus the safe XML reader.
 */
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { decrypt, encrypt } from '@wecom/crypto';
import {
  CallbackCryptoError,
  type CryptoFailure,
  createWecomCrypto,
} from '../src/chat/wecom/crypto.js';
import { commandText } from '../src/chat/wecom/invocation.js';
import { readEnvelope, readMessage } from '../src/chat/wecom/payload.js';
import { parseWecomXml } from '../src/chat/wecom/xml.js';
import { type App, OFFICIAL } from './fixtures/wecom.js';

const cryptoFor = (app: App) =>
  createWecomCrypto({ token: app.token, aesKey: app.aesKey, receiveId: app.corpId });

function refused(reason: CryptoFailure) {
  return (err: unknown) => err instanceof CallbackCryptoError && err.reason === reason;
}

/** Flips one character of a base64 or hex string to another valid one. */
function tamper(s: string, at = Math.floor(s.length / 2)): string {
  const c = s[at] === 'A' ? 'B' : 'A';
  return s.slice(0, at) + c + s.slice(at + 1);
}

/** AES-256-CBC the WeCom way over a plaintext we lay out ourselves (no padding added). */
function rawCipher(aesKey: string, plain: Buffer): string {
  const key = Buffer.from(`${aesKey}=`, 'base64');
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString('base64');
}

function layout(msg: string, id: string, pad: (len: number) => Buffer, msgLen?: number): Buffer {
  const m = Buffer.from(msg);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msgLen ?? m.length);
  const body = Buffer.concat([randomBytes(16), len, m, Buffer.from(id)]);
  return Buffer.concat([body, pad(body.length)]);
}

const pkcs7 = (block: number) => (len: number) => {
  const n = block - (len % block);
  return Buffer.alloc(n, n);
};

describe('official WXBizMsgCrypt sample values', () => {
  for (const [name, vector] of Object.entries(OFFICIAL)) {
    test(`${name}: URL verification signature, decryption and receiveid pass`, () => {
      const c = cryptoFor(vector.app);
      const v = vector.verify;
      const signed = { signature: v.msg_signature, timestamp: v.timestamp, nonce: v.nonce };
      c.verify(signed, v.echostr);
      assert.equal(c.open(v.echostr), v.plain);
    });

    test(`${name}: message signature and decryption pass`, () => {
      const c = cryptoFor(vector.app);
      const p = vector.post;
      c.verify({ signature: p.msg_signature, timestamp: p.timestamp, nonce: p.nonce }, p.encrypt);
      const message = readMessage(c.open(p.encrypt), 'xml');
      assert.equal(message.kind, 'text');
    });

    test(`${name}: tampered copies fail`, () => {
      const c = cryptoFor(vector.app);
      const v = vector.verify;
      const signed = { signature: v.msg_signature, timestamp: v.timestamp, nonce: v.nonce };
      assert.throws(() => c.verify(signed, tamper(v.echostr)), refused('signature'));
      assert.throws(
        () => c.verify({ ...signed, signature: tamper(v.msg_signature, 3) }, v.echostr),
        refused('signature'),
      );
      assert.throws(
        () => c.verify({ ...signed, timestamp: String(Number(v.timestamp) + 1) }, v.echostr),
        refused('signature'),
      );
      assert.throws(
        () => c.verify({ ...signed, nonce: `${v.nonce}0` }, v.echostr),
        refused('signature'),
      );
      assert.throws(
        () => c.verify({ ...signed, signature: v.msg_signature.toUpperCase() }, v.echostr),
        refused('signature'),
      );
      // The signature is what protects the ciphertext (CBC has no MAC); still, a change that
      // reaches the padding or receiveid does not decrypt.
      assert.throws(() => c.open(tamper(v.echostr, 60)), CallbackCryptoError);
      // Another corp's receiveid.
      const other = cryptoFor({ ...vector.app, corpId: 'ww0000000000000000' });
      assert.throws(() => other.open(v.echostr), refused('receiver'));
    });
  }

  test('the WeCom POST sample decrypts to its published plaintext', () => {
    const { app, post } = OFFICIAL.wecom;
    const { format, encrypted } = readEnvelope(post.body);
    assert.equal(format, 'xml');
    assert.equal(encrypted, post.encrypt);
    assert.equal(cryptoFor(app).open(encrypted), post.plain);
    const m = readMessage(post.plain, 'xml');
    assert.deepEqual(m, {
      kind: 'text',
      from: 'ChenJiaShun',
      createTime: '1476422779',
      msgId: '1456453720',
      content: '你好',
    });
  });
});

describe('decryption checks @wecom/crypto leaves out', () => {
  const app = OFFICIAL.wecom.app;
  const c = cryptoFor(app);

  test('agrees with @wecom/crypto on well-formed messages of every length', () => {
    for (let n = 0; n < 80; n++) {
      const msg = `${'x'.repeat(n)}中`;
      const enc = encrypt(app.aesKey, msg, app.corpId);
      assert.equal(c.open(enc), msg);
      assert.equal(decrypt(app.aesKey, enc).message, msg);
    }
  });

  test('16-byte PKCS#7 padding (another encoder) is accepted', () => {
    assert.equal(c.open(rawCipher(app.aesKey, layout('hi', app.corpId, pkcs7(16)))), 'hi');
  });

  test('a wrong key is refused, where @wecom/crypto returns garbage', () => {
    const enc = encrypt(OFFICIAL.qy.app.aesKey, 'hello', app.corpId);
    assert.doesNotThrow(() => decrypt(app.aesKey, enc));
    assert.throws(() => c.open(enc), CallbackCryptoError);
  });

  test('receiveid of another corp is refused, where @wecom/crypto returns it', () => {
    const enc = encrypt(app.aesKey, 'hello', 'ww_attacker');
    assert.equal(decrypt(app.aesKey, enc).id, 'ww_attacker');
    assert.throws(() => c.open(enc), refused('receiver'));
    assert.throws(() => c.open(encrypt(app.aesKey, 'hello', '')), refused('receiver'));
  });

  test('pad bytes that differ, a pad of 0 or over 32 are refused', () => {
    const uneven = (len: number) => {
      const p = pkcs7(32)(len);
      p[0] = (p[0] as number) ^ 1;
      return p;
    };
    // A pad of 1 byte (0x01) needs a body of 31 mod 32; build one.
    assert.throws(
      () => c.open(rawCipher(app.aesKey, layout('a'.repeat(9), app.corpId, uneven))),
      refused('garbled'),
    );
    const zero = (len: number) => Buffer.alloc(32 - (len % 32), 0);
    assert.throws(
      () => c.open(rawCipher(app.aesKey, layout('hello', app.corpId, zero))),
      refused('garbled'),
    );
    const big = (len: number) => Buffer.alloc(48 - (len % 16), 48);
    assert.throws(
      () => c.open(rawCipher(app.aesKey, layout('hello', app.corpId, big))),
      refused('garbled'),
    );
  });

  test('a length field beyond the plaintext is refused, where @wecom/crypto clamps it', () => {
    const enc = rawCipher(app.aesKey, layout('hello', app.corpId, pkcs7(32), 0xffffffff));
    assert.doesNotThrow(() => decrypt(app.aesKey, enc));
    assert.throws(() => c.open(enc), refused('garbled'));
    const justOver = rawCipher(
      app.aesKey,
      layout('hello', app.corpId, pkcs7(32), 5 + app.corpId.length + 1),
    );
    assert.throws(() => c.open(justOver), refused('garbled'));
  });

  test('plaintext shorter than the header, truncated or non-block ciphertext, bad base64', () => {
    const short = rawCipher(app.aesKey, Buffer.concat([randomBytes(10), Buffer.alloc(22, 22)]));
    assert.throws(() => c.open(short), refused('garbled'));
    const enc = encrypt(app.aesKey, 'hello', app.corpId);
    const truncated = Buffer.from(enc, 'base64').subarray(0, 24).toString('base64');
    assert.throws(() => c.open(truncated), refused('garbled'));
    assert.throws(() => c.open(enc.slice(0, -4)), refused('garbled'));
    assert.throws(() => c.open(''), refused('garbled'));
    assert.throws(() => c.open(`${enc.slice(0, 8)}*${enc.slice(9)}`), refused('garbled'));
    assert.throws(() => c.open(`${enc} `), refused('garbled'));
  });

  test('signatures of another length or not hex are refused without comparing', () => {
    assert.throws(
      () => c.verify({ signature: 'abc', timestamp: '1', nonce: '2' }, 'x'),
      refused('signature'),
    );
    assert.throws(
      () => c.verify({ signature: 'é'.repeat(40), timestamp: '1', nonce: '2' }, 'x'),
      refused('signature'),
    );
  });

  test('a passive reply seals to something WeCom (the official algorithm) opens', () => {
    const sealed = c.seal('<xml>reply</xml>', '1700000000', '42');
    c.verify(sealed, sealed.encrypted);
    assert.deepEqual(
      { ...decrypt(app.aesKey, sealed.encrypted), random: null },
      { message: '<xml>reply</xml>', id: app.corpId, random: null },
    );
  });
});

describe('safe XML', () => {
  test('an entity bomb (billion laughs) is refused before parsing', () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [<!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
      ),
      ']>',
      '<xml><Encrypt>&lol9;</Encrypt></xml>',
    ].join('\n');
    assert.throws(() => parseWecomXml(lol), /not accepted/);
    assert.throws(
      () => parseWecomXml('<!doctype x SYSTEM "file:///etc/passwd"><xml/>'),
      /not accepted/,
    );
  });

  test('entities are never expanded', () => {
    assert.deepEqual(parseWecomXml('<xml><Content>a &amp; &lt;b&gt; &#65;</Content></xml>'), {
      Content: 'a &amp; &lt;b&gt; &#65;',
    });
  });

  test('malformed, rootless and prototype-polluting documents are refused', () => {
    for (const bad of ['<xml>', 'not xml', '<a>1</a>', '<xml><__proto__>x</__proto__></xml>']) {
      assert.throws(() => parseWecomXml(bad), `${bad} should be refused`);
    }
  });
});

describe('what was typed', () => {
  test('prefixes and mentions are stripped', () => {
    for (const typed of [
      '/wx cert x',
      'wx cert x',
      'WX cert x',
      'cert x',
      '@wxdoctor cert x',
      '@wxdoctor\u2005/wx cert x',
      '  wx   cert x  ',
    ]) {
      assert.equal(commandText(typed), 'cert x', typed);
    }
    assert.equal(commandText('wx'), '');
    assert.equal(commandText('wxcert'), 'wxcert');
  });

  test('AI-bot style JSON: group chat and mention', () => {
    const m = readMessage(
      JSON.stringify({
        msgid: 'm1',
        chatid: 'wrkSFfCgAAxxx',
        chattype: 'group',
        from: { userid: 'zhangsan' },
        msgtype: 'text',
        text: { content: '@wxdoctor cert x' },
      }),
      'json',
    );
    assert.deepEqual(m, {
      kind: 'text',
      from: 'zhangsan',
      createTime: '',
      msgId: 'm1',
      content: '@wxdoctor cert x',
      chatId: 'wrkSFfCgAAxxx',
    });
  });
});
