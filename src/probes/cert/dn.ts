/**
 * Distinguished names as Node prints them (X509Certificate#subject / #issuer): one RDN a line,
 * the attributes of a multi-valued RDN joined by " + ", RFC 2253 escapes ("\,", "\+") inside
 * values, UTF-8 and BMP strings already converted. An empty DN (a SAN-only certificate, RFC 5280
 * §4.1.2.6) is `undefined` there, not "": every reader goes through dnText().
 */
import type { X509Certificate } from 'node:crypto';

export const EMPTY_DN = '(empty subject)';

/** The DN text of a certificate's subject or issuer; "" for an empty DN. */
export function dnText(cert: X509Certificate, which: 'subject' | 'issuer'): string {
  const text = cert[which] as string | undefined;
  return typeof text === 'string' ? text : '';
}

/** Node prints a DN one RDN per line; messages want one line. Escapes stay: "O=A\, Inc". */
export function oneLineDn(dn: string | undefined): string {
  return (dn ?? '').split('\n').filter(Boolean).join(', ');
}

export interface DnAttribute {
  type: string;
  /** As printed, escapes kept. */
  value: string;
}

/**
 * The attributes of a one-line or multi-line DN, in order. Separators are ", ", "\n" and " + "
 * outside an escape; the attribute type ends at the first "=" (types never contain one).
 */
export function dnAttributes(dn: string): DnAttribute[] {
  const out: DnAttribute[] = [];
  // Slices of the text, not a string built a character at a time: this runs for every name of
  // every certificate a sweep sees.
  let start = 0;
  const flush = (end: number) => {
    const eq = dn.indexOf('=', start);
    if (eq > start && eq < end) {
      out.push({ type: dn.slice(start, eq).trim(), value: dn.slice(eq + 1, end) });
    }
  };
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '\n') {
      flush(i);
      start = i + 1;
    } else if (ch === ',' && dn[i + 1] === ' ') {
      flush(i);
      start = i + 2;
      i++;
    } else if (ch === ' ' && dn.startsWith('+ ', i + 1)) {
      flush(i);
      start = i + 3;
      i += 2;
    }
  }
  flush(dn.length);
  return out;
}

/** "CN=R3" when the DN has a common name (the first), else the whole one-line DN, or EMPTY_DN. */
export function shortName(dn: string): string {
  const cn = dnAttributes(dn).find((a) => a.type === 'CN');
  if (cn) return `CN=${cn.value}`;
  return oneLineDn(dn) || EMPTY_DN;
}

/** The common name's value alone ("R3"), else the one-line DN, or EMPTY_DN. */
export function commonName(dn: string): string {
  const cn = dnAttributes(dn).find((a) => a.type === 'CN');
  return cn ? cn.value : oneLineDn(dn) || EMPTY_DN;
}

/** Every value of one attribute (`CN`, `O`), in order, unescaped; quoted values unquoted. */
export function dnValues(dn: string, key: string): string[] {
  return dnAttributes(dn)
    .filter((a) => a.type.toUpperCase() === key.toUpperCase())
    .map((a) => plainValue(a.value.trim()))
    .filter((v) => v !== '');
}

/** The names a CA goes by: its organisations and common names. */
export function caNames(dn: string): string[] {
  return [...dnValues(dn, 'O'), ...dnValues(dn, 'CN')];
}

function plainValue(raw: string): string {
  if (raw.startsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.replace(/^"|"$/g, '');
    }
  }
  return raw.replace(/\\(.)/g, '$1');
}
