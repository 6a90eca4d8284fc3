/**
 * A result as a person reads it in chat, before any surface renders it: the verdict with the
 * root cause (or the worst problem), its fix, what else that cause explains, at most a few other
 * problems and key facts. Everything else (tables, timings, the leaf, information findings) is in
 * the details, one click or `wx details #W12` away.
 */
import type { Messages } from '../i18n/index.js';
import type { Lang, MessageContent } from '../model/index.js';
import { causeRef } from '../probes/cause.js';
import type { Finding, Status } from '../probes/index.js';
import { problemsWorstFirst } from '../probes/verdict.js';
import { type FactKey, keyFacts } from './key-facts.js';
import { regionLine } from './regions-view.js';
import { viewOf } from './result-view.js';

/** A finding of the short answer; `probe` names it when the answer covers several probes. */
export type ShortFinding = Finding & { probe?: string };

export interface ShortView {
  status: Status;
  subject: string;
  /** The verdict's sentence: the cause's message, or the summary when nothing is wrong. */
  headline: string;
  /** What the headline is: `cert CHAIN_INCOMPLETE` (a check) or `CERT_EXPIRED`. */
  code?: string;
  /** The cause's fix, as the finding has it (surfaces translate catalogue hints). */
  hint?: string;
  /** The other probes' findings that follow from the cause: `http CHAIN_INCOMPLETE`. */
  explains: string[];
  /** Other independent problems, worst first, at most MAX_OTHERS. */
  others: ShortFinding[];
  /** Other problems left out (they are in the details). */
  omitted: number;
  facts: Array<[FactKey, string]>;
  /** `--from`: one line per region, side by side (the full table is in the details). */
  regions: string[];
  durationMs: number;
}

export const MAX_OTHERS = 3;

export function shortViewOf(
  content: Extract<MessageContent, { type: 'result' }>,
  t: Messages,
  lang: Lang = 'en',
): ShortView {
  const view = viewOf(content, t, lang);
  const named = (f: ShortFinding) => (f.probe ? `${f.probe} ${f.code}` : f.code);
  let cause: ShortFinding | null;
  let rest: ShortFinding[];
  let explains: string[] = [];
  if (view.cause !== undefined) {
    // A combined check: its root cause, and the findings marked as following from it.
    cause = view.cause;
    rest = view.others ?? [];
    if (view.cause) {
      const ref = causeRef(view.cause);
      explains = view.parts.flatMap((p) =>
        p.findings
          .filter((f) => f.consequenceOf === ref && f.severity !== 'info')
          .map((f) => `${p.probe} ${f.code}`),
      );
    }
  } else {
    const problems = problemsWorstFirst(
      view.parts.flatMap((p) =>
        p.findings.map((f): ShortFinding => (view.multi ? { ...f, probe: p.probe } : f)),
      ),
    );
    [cause = null, ...rest] = problems;
  }
  return {
    status: view.status,
    subject: view.subject,
    headline: cause ? cause.message : view.summary,
    ...(cause ? { code: named(cause), hint: cause.hint } : {}),
    explains: [...new Set(explains)],
    others: rest.slice(0, MAX_OTHERS),
    omitted: Math.max(0, rest.length - MAX_OTHERS),
    facts: keyFacts(content.results),
    regions: content.regions?.facts.map((f) => regionLine(f, t)) ?? [],
    durationMs: view.durationMs,
  };
}
