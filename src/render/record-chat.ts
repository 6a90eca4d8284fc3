/**
 * The post-incident record in chat: a short message in the incident's thread (the facts, the
 * root cause, the fix and the latest timeline entries); the whole record goes as a Markdown file
 * (Slack uploads it, WeCom links to it).
 */
import { recordWords } from '../i18n/records.js';
import type { IncidentRecordContent, Lang } from '../model/index.js';
import {
  type Markup,
  recordCause,
  recordEntry,
  recordFacts,
  recordFix,
} from './incident-record.js';
import type { SlackMessage } from './slack.js';
import { context, LIMITS, section } from './slack-blocks.js';
import * as slack from './slack-mrkdwn.js';
import * as wecom from './wecom-markdown.js';

/** Timeline entries shown in chat (the latest); the file has them all. */
const CHAT_ENTRIES = 8;

const SLACK: Markup = {
  code: (t) => slack.code(t, 300),
  text: (t) => slack.esc(t),
  bold: (m) => `*${m}*`,
};

const WECOM: Markup = {
  code: (t) => wecom.code(t, 300),
  text: (t) => wecom.esc(t),
  bold: (m) => wecom.bold(m),
};

function lines(c: IncidentRecordContent, lang: Lang, m: Markup, head: string): string[] {
  const w = recordWords(lang);
  const r = c.record;
  const out = [head];
  out.push(
    recordFacts(r, lang, m)
      .map(([label, value]) => `${m.text(label)}: ${value}`)
      .join(' · '),
  );
  const cause = recordCause(r, lang, m);
  out.push(`${m.bold(m.text(w.rootCause))}: ${cause.sentence}`);
  if (cause.hint) out.push(`${m.bold(m.text(w.hint))}: ${cause.hint}`);
  const fix = recordFix(r, lang, m);
  if (fix) out.push(`${m.bold(m.text(w.fix))}: ${fix}`);
  out.push(m.bold(m.text(w.timeline)));
  const shown = r.timeline.slice(-CHAT_ENTRIES);
  const hidden = r.timeline.length - shown.length + (r.dropped ?? 0);
  if (hidden > 0) out.push(m.text(w.dropped(hidden)));
  for (const e of shown) out.push(`• ${recordEntry(e, lang, m)}`);
  return out;
}

export function renderSlackRecord(c: IncidentRecordContent, lang: Lang): SlackMessage {
  const w = recordWords(lang);
  const head = `:memo: *${slack.esc(w.title(c.record.id))}*`;
  const text = slack.clipMrkdwn(lines(c, lang, SLACK, head).join('\n'), LIMITS.sectionText);
  return {
    text: slack.clipMrkdwn(slack.esc(w.title(c.record.id)), LIMITS.text),
    blocks: [section(text), context(slack.code(`/wx incident report #${c.record.id}`))],
  };
}

export function renderWecomRecord(c: IncidentRecordContent, lang: Lang, maxBytes: number): string {
  const w = recordWords(lang);
  // The title starts with the reference (`#W12.3`), as every WeCom message does.
  const head = wecom.bold(wecom.esc(w.title(c.record.id)));
  // The link is ours (the configured public URL, the record id, a signature): not escaped text.
  const link = c.link ? `[${wecom.esc(w.fileLink)}](${c.link})` : '';
  const room = maxBytes - wecom.byteLength(link) - 1;
  const body = wecom.clipBytes(lines(c, lang, WECOM, head).join('\n'), room);
  return link ? `${body}\n${link}` : body;
}
