/**
 * A coarse key of a certificate's subject or issuer name, read from the DER without parsing the
 * certificate: a hash of the ASCII letters and digits of each attribute's value. Two names Node prints
 * alike (X509Certificate#subject) have the same key, whatever string types encode them (OpenSSL
 * prints every string type as its characters, and escapes add no letters or digits to a value);
 * different names mostly have different keys. So the trust store parses only the roots whose key
 * matches a lookup's, and compares their DN text as before.
 *
 * A name with a value of another type (printed as a hex dump) or a UTF8String that is not UTF-8
 * gets the key WILD: it is compared with every lookup.
 */
import { isUtf8 } from 'node:buffer';
import { readTlv, type Tlv } from '../cert/der.js';

export const WILD = '*';

/** String types whose ASCII characters are their bytes below 0x80 (UTF-8 or one byte a char). */
const ONE_BYTE = new Set([0x0c, 0x12, 0x13, 0x14, 0x16, 0x1a]);
const BMP_STRING = 0x1e;
const UNIVERSAL_STRING = 0x1c;
const UTF8_STRING = 0x0c;

/** The key of a certificate's subject or issuer, from its DER; WILD when the name is unusual. */
export function nameKey(der: Buffer, which: 'subject' | 'issuer'): string {
  try {
    return keyOfName(der, nameTlv(der, which));
  } catch {
    return WILD;
  }
}

/** The subject key of a certificate's DER; null when the DER is not a certificate it can read. */
export function subjectKeyOf(der: Buffer): string | null {
  try {
    // One certificate and nothing after it, or it is not what it seems (a PEM with headers).
    if (readTlv(der, 0).end !== der.length) return null;
    return keyOfName(der, nameTlv(der, 'subject'));
  } catch {
    return null;
  }
}

/** The key of a Name on its own (its whole DER); WILD when unusual or unreadable. */
export function keyOfNameDer(der: Buffer): string {
  try {
    return keyOfName(der, readTlv(der, 0));
  } catch {
    return WILD;
  }
}

/** Certificate ::= SEQUENCE { tbs SEQUENCE { [0] version?, serial, sigAlg, issuer, validity, subject, … } } */
function nameTlv(der: Buffer, which: 'subject' | 'issuer'): Tlv {
  const tbs = readTlv(der, readTlv(der, 0).body);
  let field = readTlv(der, tbs.body, tbs.end);
  if (field.tag === 0xa0) field = readTlv(der, field.end, tbs.end);
  for (let skip = which === 'issuer' ? 2 : 4; skip > 0; skip--)
    field = readTlv(der, field.end, tbs.end);
  if (field.tag !== 0x30) throw new Error('no name');
  return field;
}

/** Name ::= SEQUENCE OF RelativeDistinguishedName (SET OF SEQUENCE { type OID, value }). */
function keyOfName(der: Buffer, name: Tlv): string {
  // FNV-1a over the kept characters, with a separator between values: a short key, no strings built.
  let hash = 0x811c9dc5;
  const add = (code: number) => {
    hash = Math.imul(hash ^ code, 0x01000193);
  };
  for (let at = name.body; at < name.end; ) {
    const rdn = readTlv(der, at, name.end);
    if (rdn.tag !== 0x31) throw new Error('not a SET');
    for (let a = rdn.body; a < rdn.end; ) {
      const atv = readTlv(der, a, rdn.end);
      const type = readTlv(der, atv.body, atv.end);
      const value = readTlv(der, type.end, atv.end);
      if (!addValue(der, value, add)) return WILD;
      add(0x7c);
      a = atv.end;
    }
    at = rdn.end;
  }
  return (hash >>> 0).toString(36);
}

/** Adds the ASCII letters and digits of a string value, in order; false for a type printed otherwise. */
function addValue(der: Buffer, v: Tlv, add: (code: number) => void): boolean {
  let width: number;
  if (ONE_BYTE.has(v.tag)) {
    if (v.tag === UTF8_STRING && !isUtf8(der.subarray(v.body, v.end))) return false;
    width = 1;
  } else if (v.tag === BMP_STRING) width = 2;
  else if (v.tag === UNIVERSAL_STRING) width = 4;
  else return false;
  if ((v.end - v.body) % width !== 0) return false;
  for (let i = v.body; i < v.end; i += width) {
    let code = 0;
    for (let j = 0; j < width; j++) code = code * 256 + (der[i + j] as number);
    // Bytes of 0x80 and above (UTF-8 sequences, latin-1 letters) are skipped: only ASCII counts.
    if (
      (code >= 0x30 && code <= 0x39) ||
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x61 && code <= 0x7a)
    )
      add(code);
  }
  return true;
}
