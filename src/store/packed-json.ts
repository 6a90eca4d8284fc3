/**
 * JSON stored compressed: raw deflate with a preset dictionary of the words the values repeat
 * (field names, enum values), so that even a few hundred bytes shrink by half. A packed value
 * starts with a version byte (never `{` or `[`): values written as plain JSON by an older version
 * still read, and a dictionary that changes gets a new version byte, the old one kept for reading.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

export interface JsonPacker {
  pack(value: unknown): Buffer;
  /** A packed value or plain JSON (older versions) back to its value; null for none. */
  unpack<T>(raw: Buffer | null | undefined): T | null;
}

/**
 * A 2 KB window: values are small, and a small window is what makes each call cheap (tens of µs,
 * where the default 32 KB one costs milliseconds to set up). A dictionary must fit in it.
 */
const WINDOW_BITS = 11;

/** `dictionaries[i]` packs with version byte `i + 1`; the last one is written. */
export function jsonPacker(dictionaries: readonly string[]): JsonPacker {
  const dicts = dictionaries.map((d) => Buffer.from(d));
  const version = dicts.length;
  const current = dicts[version - 1];
  if (!current || dicts.some((d) => d.length > 2 ** WINDOW_BITS)) {
    throw new Error('jsonPacker needs dictionaries of 2 KB or less');
  }
  return {
    pack(value) {
      const packed = deflateRawSync(JSON.stringify(value), {
        dictionary: current,
        windowBits: WINDOW_BITS,
      });
      return Buffer.concat([Buffer.of(version), packed]);
    },
    unpack<T>(raw: Buffer | null | undefined): T | null {
      if (!raw || raw.length === 0) return null;
      const dict = dicts[(raw[0] as number) - 1];
      if (!dict) return JSON.parse(raw.toString('utf8')) as T;
      const json = inflateRawSync(raw.subarray(1), { dictionary: dict, windowBits: WINDOW_BITS });
      return JSON.parse(json.toString('utf8')) as T;
    },
  };
}
