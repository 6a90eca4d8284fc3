/**
 * WeCom callback cryptography (WXBizMsgCrypt): @wecom/crypto computes signatures and runs the
 * cipher; this wrapper adds what it leaves to the caller — a constant-time signature compare,
 * the receiveid check and bounds on every length and pad byte.
 */
import { createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';

/** Why a callback was refused; each maps to one HTTP status in callback.ts. */
export type CryptoFailure = 'signature' | 'garbled' | 'receiver';

export class CallbackCryptoError extends Error {
  constructor(
    readonly reason: CryptoFailure,
    message: string,
  ) {
    super(message);
    this.name = 'CallbackCryptoError';
  }
}

export interface WecomCryptoOptions {
  token: string;
  /** EncodingAESKey: 43 characters of [A-Za-z0-9]. */
  aesKey: string;
  /** The receiveid every message must carry: the CorpID of a self-built app. */
  receiveId: string;
}

export interface Signed {
  timestamp: string;
  nonce: string;
  signature: string;
}

export interface WecomCrypto {
  /** Throws CallbackCryptoError('signature') unless `signature` signs `encrypted`. */
  verify(signed: Signed, encrypted: string): void;
  /** The message inside `encrypted`; throws CallbackCryptoError('garbled' | 'receiver'). */
  open(encrypted: string): string;
  /** Encrypts and signs a passive reply (receiveid = ours). */
  seal(message: string, timestamp: string, nonce?: string): { encrypted: string } & Signed;
}

/** Canonical base64 only: padding where it belongs, nothing else. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const SIGNATURE = /^[0-9a-f]{40}$/;
const AES_KEY = /^[A-Za-z0-9]{43}$/;
/** random(16) ‖ msg_len(4): the smallest plaintext that has a length field. */
const HEADER = 20;
/** WeCom pads to a multiple of 32 (PKCS#7 over a 32-byte block). */
const MAX_PAD = 32;

export function createWecomCrypto(opts: WecomCryptoOptions): WecomCrypto {
  if (!AES_KEY.test(opts.aesKey)) throw new Error('EncodingAESKey must be 43 letters and digits');
  const key = Buffer.from(`${opts.aesKey}=`, 'base64');

  const sign = (timestamp: string, nonce: string, encrypted: string) =>
    getSignature(opts.token, timestamp, nonce, encrypted);

  return {
    verify(signed, encrypted) {
      const expected = Buffer.from(sign(signed.timestamp, signed.nonce, encrypted));
      const given = Buffer.from(signed.signature);
      if (
        !SIGNATURE.test(signed.signature) ||
        given.length !== expected.length ||
        !timingSafeEqual(given, expected)
      ) {
        throw new CallbackCryptoError('signature', 'msg_signature does not match');
      }
    },
    open(encrypted) {
      checkLayout(key, encrypted);
      // The layout is sound, so the library's unchecked unpad and slices read the same fields.
      const { message, id } = decrypt(opts.aesKey, encrypted);
      if (id !== opts.receiveId) throw new CallbackCryptoError('receiver', 'receiveid mismatch');
      return message;
    },
    seal(message, timestamp, nonce = randomNonce()) {
      const encrypted = encrypt(opts.aesKey, message, opts.receiveId);
      return { encrypted, timestamp, nonce, signature: sign(timestamp, nonce, encrypted) };
    },
  };
}

/**
 * @wecom/crypto strips any last byte 1..32 as padding without looking at the others and slices
 * msg_len without bounds, so a wrong key or a forged length yields garbage instead of an error.
 * This deciphers once more without unpadding and checks every field.
 */
function checkLayout(key: Buffer, encrypted: string): void {
  const garbled = (why: string) => new CallbackCryptoError('garbled', why);
  if (encrypted.length === 0 || !BASE64.test(encrypted)) throw garbled('not base64');
  const cipherText = Buffer.from(encrypted, 'base64');
  if (cipherText.length % 16 !== 0) throw garbled('not a whole number of AES blocks');
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(cipherText), decipher.final()]);
  } catch {
    throw garbled('does not decipher');
  }
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > MAX_PAD || pad > plain.length) throw garbled('bad padding');
  for (let i = plain.length - pad; i < plain.length; i++) {
    if (plain[i] !== pad) throw garbled('bad padding');
  }
  const body = plain.subarray(0, plain.length - pad);
  if (body.length < HEADER) throw garbled('too short');
  if (body.readUInt32BE(16) > body.length - HEADER) throw garbled('length field out of bounds');
}

function randomNonce(): string {
  // Decimal digits, like WeCom's own nonces.
  return String(randomBytes(4).readUInt32BE(0));
}
