/**
 * WeCom's XML (`<xml><Field><![CDATA[…]]></Field>…</xml>`) read safely: anything with a DOCTYPE or
 * an entity declaration is refused before parsing, and entities are never expanded, so an entity
 * bomb or an external entity cannot cost more than reading the bytes once.
 */
import { XMLParser } from 'fast-xml-parser';

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
});

const FORBIDDEN = /<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST)/i;

/** The `<xml>` root's fields, nested elements as objects; throws XmlError on anything else. */
export function parseWecomXml(text: string): Record<string, unknown> {
  if (FORBIDDEN.test(text)) throw new XmlError('DTDs and entity declarations are not accepted');
  let doc: unknown;
  try {
    doc = parser.parse(text, true);
  } catch (err) {
    throw new XmlError(`malformed XML: ${(err as Error).message}`);
  }
  const root = isRecord(doc) ? doc.xml : undefined;
  if (!isRecord(root)) throw new XmlError('no <xml> root element');
  return root;
}

/** A field that occurs once and holds text (`<CreateTime>1</CreateTime>` or CDATA). */
export function textField(fields: Record<string, unknown>, name: string): string | undefined {
  if (!Object.hasOwn(fields, name)) return undefined;
  const v = fields[name];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `]]>` cannot occur inside CDATA: split it across two sections. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}
