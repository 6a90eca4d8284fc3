/**
 * WeCom's XML (`<xml><Field><![CDATA[…]]></Field>…</xml>`) read safely: a DOCTYPE or any other
 * declaration in the markup is refused before parsing, and entities are never expanded (the
 * parser's own setting, whatever got past the check), so an entity bomb or an external entity
 * cannot cost more than reading the bytes once.
 *
 * The envelope is refused if `<!DOCTYPE` & co. occur anywhere in it: it carries only base64. A
 * decrypted message carries what a person typed, in CDATA, where `<!DOCTYPE x>` is just text: there
 * only the markup is looked at (see `declarationInMarkup`).
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

/**
 * The `<xml>` root's fields, nested elements as objects; throws XmlError on anything else.
 * `part`: an `envelope` (the POST body) refuses a declaration anywhere in its text; a decrypted
 * `message` only in its markup, so that user text in CDATA may say anything.
 */
export function parseWecomXml(
  text: string,
  part: 'envelope' | 'message' = 'envelope',
): Record<string, unknown> {
  const refused = part === 'envelope' ? FORBIDDEN.test(text) : declarationInMarkup(text);
  if (refused) throw new XmlError('DTDs and entity declarations are not accepted');
  return readXml(text);
}

/** The parse alone, entities unexpanded (exported so tests can hand it a DTD). */
export function readXml(text: string): Record<string, unknown> {
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

/**
 * Whether a `<!` other than a comment or a CDATA section opens anywhere outside CDATA sections,
 * comments and quoted attribute values: the places the parser reads as text. One pass, each
 * character looked at once. Conservative where it differs from the parser: anything unterminated
 * ends the scan (the parser refuses it), and `<!` is refused in any case and spelling.
 */
export function declarationInMarkup(text: string): boolean {
  let i = text.indexOf('<');
  while (i >= 0) {
    let next: number;
    if (text.startsWith('<![', i)) next = after(text, ']]>', i + 3);
    else if (text.startsWith('<!--', i)) next = after(text, '-->', i + 4);
    else if (text[i + 1] === '!') return true;
    // A closing tag ends at the first `>`, as the parser reads it; other tags outside quotes.
    else if (text[i + 1] === '/') next = after(text, '>', i + 2);
    else next = tagEnd(text, i + 1);
    if (next < 0) return false;
    i = text.indexOf('<', next);
  }
  return false;
}

function after(text: string, end: string, from: number): number {
  const at = text.indexOf(end, from);
  return at < 0 ? -1 : at + end.length;
}

/** Just past the `>` closing a tag (or `?>`), skipping quoted attribute values; -1 if none. */
function tagEnd(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
    else if (c === '<') return i;
  }
  return -1;
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
