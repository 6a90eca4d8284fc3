/**
 * The short Slack answer (short-view.ts): at most a dozen lines. The verdict with the cause and
 * its code, the fix, what else the cause explains; the other problems one line each; the key
 * facts in one line; who asked and the reference; the buttons. Server text is escaped, values in
 * code spans.
 */
import { findingHint } from '../i18n/findings.js';
import { messages } from '../i18n/index.js';
import type { Lang, MessageContent } from '../model/index.js';
import { type ShortFinding, shortViewOf } from './short-view.js';
import { context, type KnownBlock, LIMITS, section } from './slack-blocks.js';
import { clip, clipMrkdwn, code, esc, mention, oneLine } from './slack-mrkdwn.js';
import { commandCode, SEVERITY_EMOJI, type SlackMessage, STATUS_EMOJI } from './slack-parts.js';

/** Characters of a finding's message or fix in the short answer (the details have them whole). */
const SHORT_TEXT = 300;

export function renderSlackShort(
  content: Extract<MessageContent, { type: 'result' }>,
  lang: Lang,
  tail: KnownBlock[],
): SlackMessage {
  const t = messages(lang);
  const inv = content.invocation;
  const v = shortViewOf(content, t, lang);
  const text = (s: string) => esc(clip(oneLine(s), SHORT_TEXT));
  const fix = (hint: string) => `_${text(findingHint(hint, lang))}_`;

  const head = [
    `${STATUS_EMOJI[v.status]} *${t.status[v.status]}* ${code(v.subject)} — ${text(v.headline)}${
      v.code ? ` (${esc(v.code)})` : ''
    }`,
  ];
  if (v.hint) head.push(`→ ${t.fix(fix(v.hint))}`);
  if (v.explains.length > 0) head.push(`↳ _${esc(t.short.explains(v.explains.join(', ')))}_`);
  const blocks: KnownBlock[] = [section(clipMrkdwn(head.join('\n'), LIMITS.sectionText))];

  if (v.regions.length > 0) {
    const lines = v.regions.map((r) => `• ${code(r, 200)}`);
    blocks.push(section(clipMrkdwn(lines.join('\n'), LIMITS.sectionText)));
  }
  if (v.others.length > 0) {
    const lines = [`*${esc(t.alsoFound)}*`, ...v.others.map((o) => otherLine(o, text, fix))];
    if (v.omitted > 0) lines.push(`_${esc(t.short.moreInDetails(v.omitted))}_`);
    blocks.push(section(clipMrkdwn(lines.join('\n'), LIMITS.sectionText)));
  }
  if (v.facts.length > 0) {
    const facts = v.facts.map(([k, value]) => `*${esc(t.short.facts[k])}* ${code(value, 120)}`);
    blocks.push(context(clipMrkdwn(facts.join(' · '), LIMITS.sectionText)));
  }
  const ref = inv.ref ? `${esc(`#${inv.ref}`)} · ` : '';
  blocks.push(
    context(
      clipMrkdwn(
        `${ref}${t.requestedBy(mention(inv.user))} · ${commandCode(inv)} · ${t.tookMs(v.durationMs)}`,
        LIMITS.sectionText,
      ),
    ),
    ...tail,
  );
  const fallback = [head[0], ...v.others.map((o) => `• ${esc(o.code)}: ${text(o.message)}`)];
  return { text: clipMrkdwn(fallback.join('\n'), LIMITS.text), blocks };
}

/** One line: the problem, its code and its fix. */
function otherLine(
  f: ShortFinding,
  text: (s: string) => string,
  fix: (hint: string) => string,
): string {
  const name = f.probe ? `${f.probe} ${f.code}` : f.code;
  return `${SEVERITY_EMOJI[f.severity]} *${esc(name)}* ${text(f.message)} → ${fix(f.hint)}`;
}
