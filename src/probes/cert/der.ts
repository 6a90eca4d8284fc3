/**
 * The little DER reading the certificate checks need, without an ASN.1 library: node-forge's
 * parser read the whole certificate (and took ~300 ms to load) to find one algorithm identifier.
 * Throws on anything malformed; callers turn that into "unknown".
 */

/** One tag-length-value: `body` .. `end` is the content. */
export interface Tlv {
  tag: number;
  body: number;
  end: number;
}

export function readTlv(der: Buffer, at: number, limit = der.length): Tlv {
  if (at + 2 > limit) throw new Error('truncated DER');
  const tag = der[at] as number;
  if ((tag & 0x1f) === 0x1f) throw new Error('high tag numbers are not used here');
  let length = der[at + 1] as number;
  let body = at + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4 || body + n > limit) throw new Error('bad DER length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (der[body++] as number);
  }
  const end = body + length;
  if (end > limit) throw new Error('truncated DER');
  return { tag, body, end };
}

/** The elements of a constructed value (SEQUENCE, SET, an explicit tag). */
export function childrenOf(der: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.body; at < parent.end; ) {
    const child = readTlv(der, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

/** An OBJECT IDENTIFIER in dotted form. */
export function oidOf(der: Buffer, tlv: Tlv): string {
  if (tlv.tag !== 0x06 || tlv.end <= tlv.body) throw new Error('not an OBJECT IDENTIFIER');
  const arcs: bigint[] = [];
  let value = 0n;
  for (let i = tlv.body; i < tlv.end; i++) {
    const byte = der[i] as number;
    value = (value << 7n) | BigInt(byte & 0x7f);
    if (byte & 0x80) continue;
    arcs.push(value);
    value = 0n;
  }
  const [first = 0n, ...rest] = arcs;
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...rest].join('.');
}
