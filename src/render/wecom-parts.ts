/** What the WeCom renderers share: the message before layout, status marks, value helpers. */
import type { Messages } from '../i18n/index.js';
import type { Invocation } from '../model/index.js';
import type { Severity, Status } from '../probes/index.js';
import type { Section } from './report.js';
import { bold, clipBytes, code, esc, type FontColor, font } from './wecom-markdown.js';

export const STATUS_ICON: Record<Status, string> = { ok: '✅', warn: '⚠️', fail: '❌', error: '❔' };
export const STATUS_COLOR: Record<Status, FontColor> = {
  ok: 'info',
  warn: 'warning',
  fail: 'warning',
  error: 'comment',
};
export const SEVERITY_ICON: Record<Severity, string> = { fail: '🔴', warn: '🟡', info: 'ℹ️' };

/** Bytes of a single probed or typed value (a finding's message, a detail cell …). */
export const VALUE_BYTES = 600;

/** A message before layout: the head line, then units that are never cut apart. */
export interface Doc {
  ref?: string;
  /** The first line, without the reference. */
  head: string;
  findings: string[];
  details: Section[];
  /** Closing lines (who asked, how long it took, mentions). */
  foot: string[];
  /** Details asked for: rows go over several messages before any is folded away. */
  spread?: boolean;
}

export function refOf(inv: Invocation): { ref?: string } {
  return inv.ref ? { ref: inv.ref } : {};
}

export function commandCode(inv: Invocation): string {
  return code(`/wx ${inv.text}`, 200);
}

export function value(text: string): string {
  return esc(clipBytes(text, VALUE_BYTES));
}

export function statusLabel(status: Status, t: Messages): string {
  return `${STATUS_ICON[status]} ${font(STATUS_COLOR[status], bold(t.status[status]))}`;
}
