/** Attributes of a distinguished name as Node prints it (one `KEY=value` a line). */

/** Every value of one attribute (`CN`, `O`), in order; quoted values unquoted. */
export function dnValues(dn: string, key: string): string[] {
  const out: string[] = [];
  for (const line of dn.split('\n')) {
    // A multi-valued RDN is printed as `CN=a+O=b` on some builds.
    for (const part of line.split(/\+(?=[A-Za-z0-9.]+=)/)) {
      const eq = part.indexOf('=');
      if (eq <= 0 || part.slice(0, eq).trim().toUpperCase() !== key.toUpperCase()) continue;
      const raw = part.slice(eq + 1).trim();
      out.push(raw.startsWith('"') ? unquote(raw) : raw);
    }
  }
  return out.filter((v) => v !== '');
}

/** The names a CA goes by: its organisations and common names. */
export function caNames(dn: string): string[] {
  return [...dnValues(dn, 'O'), ...dnValues(dn, 'CN')];
}

function unquote(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.replace(/^"|"$/g, '');
  }
}
