/**
 * The short WeCom answer (short-view.ts): one message, whatever the result. The verdict with the
 * cause and its code, the fix, what else the cause explains, at most a few other problems, the
 * key facts, and `wx details #W12` for the rest. Server text is escaped (look-alikes), values in
 * code spans.
 */
import { findingHint } from '../i18n/findings.js';
import type { Messages } from '../i18n/index.js';
import type { Lang, MessageContent } from '../model/index.js';
import { type ShortFinding, shortViewOf } from './short-view.js';
import { bold, clipBytes, code, esc, font, withCode } from './wecom-markdown.js';
import {
  commandCode,
  type Doc,
  refOf,
  SEVERITY_ICON,
  statusLabel,
  VALUE_BYTES,
} from './wecom-parts.js';

/** Bytes of another problem's message or fix: three of them leave room in 2048. */
const OTHER_BYTES = 240;

export function shortDoc(
  content: Extract<MessageContent, { type: 'result' }>,
  lang: Lang,
  t: Messages,
): Doc {
  const inv = content.invocation;
  const v = shortViewOf(content, t, lang);
  const text = (s: string, bytes: number) => withCode(clipBytes(s.replace(/\s+/g, ' '), bytes));
  const hint = (h: string, bytes: number) => text(findingHint(h, lang), bytes);
  const lines: string[] = [];
  if (v.hint) lines.push(`→ ${t.fix(hint(v.hint, VALUE_BYTES))}`);
  if (v.explains.length > 0) lines.push(`↳ ${esc(t.short.explains(v.explains.join(', ')))}`);
  lines.push(...v.regions.map((r) => `> ${code(r, 200)}`));
  if (v.others.length > 0) {
    lines.push(bold(esc(t.alsoFound)));
    lines.push(...v.others.map((o) => otherLine(o, text, hint)));
    if (v.omitted > 0) lines.push(font('comment', esc(t.short.moreInDetails(v.omitted))));
  }
  if (v.facts.length > 0) {
    lines.push(
      `> ${v.facts.map(([k, value]) => `${esc(t.short.facts[k])} ${code(value, 120)}`).join(' · ')}`,
    );
  }
  const details = inv.ref ? `${t.short.detailsHint(code(`wx details #${inv.ref}`))} · ` : '';
  return {
    ...refOf(inv),
    head: `${statusLabel(v.status, t)} ${code(v.subject, 200)} — ${text(v.headline, VALUE_BYTES)}${
      v.code ? ` (${esc(v.code)})` : ''
    }`,
    findings: lines,
    details: [],
    foot: [
      font(
        'comment',
        `${details}${t.requestedBy(esc(inv.user))} · ${commandCode(inv)} · ${t.tookMs(v.durationMs)}`,
      ),
    ],
  };
}

/** One line: the problem, its code and its fix. */
function otherLine(
  f: ShortFinding,
  text: (s: string, bytes: number) => string,
  hint: (h: string, bytes: number) => string,
): string {
  const name = f.probe ? `${f.probe} ${f.code}` : f.code;
  return `${SEVERITY_ICON[f.severity]} ${bold(esc(name))} ${text(f.message, OTHER_BYTES)} → ${hint(f.hint, OTHER_BYTES)}`;
}
