/** `wx watch list --file`: the file's watches as a list, one line each, after one check. */
import { styleText } from 'node:util';
import { findingMessage } from '../i18n/findings.js';
import { messages } from '../i18n/index.js';
import { sectionWords } from '../i18n/section-words.js';
import type { Lang } from '../model/index.js';
import type { AnyProbeResult, CertResult, Status } from '../probes/index.js';
import type { Destination } from '../watch/types.js';
import { tableLines } from './text-table.js';

const LABEL: Record<Status, string> = { ok: 'OK', warn: 'WARN', fail: 'FAIL', error: 'ERROR' };
const COLOUR = { ok: 'green', warn: 'yellow', fail: 'red', error: 'magenta' } as const;

export interface WatchListRow {
  target: string;
  to: readonly Destination[];
  /** The watch's probe: cert, http, dns or wechat. */
  result: AnyProbeResult;
}

/** As the watches file spells it: `slack:C0123`, `wecom-chat:ID`, `wecom-robot:ops`. */
function destination(d: Destination): string {
  return d.platform === 'slack' ? `slack:${d.conversation}` : `wecom-${d.conversation}`;
}

function soonest(result: AnyProbeResult): { days: string; date: string } {
  if (result.probe !== 'cert') return { days: '-', date: '-' };
  const chain = (result as CertResult).detail.chain;
  if (chain.length === 0) return { days: '-', date: '-' };
  const first = chain.reduce((a, b) => (b.daysLeft < a.daysLeft ? b : a));
  return { days: String(first.daysLeft), date: first.notAfter.slice(0, 10) };
}

function problem(result: AnyProbeResult, lang: Lang): string {
  const top =
    result.findings.find((f) => f.severity === 'fail') ??
    result.findings.find((f) => f.severity === 'warn');
  return top ? `${top.code}: ${findingMessage(top, lang)}` : '-';
}

export function watchListText(
  rows: readonly WatchListRow[],
  style: { colour: boolean; lang?: Lang },
): string {
  const lang = style.lang ?? 'en';
  const l = sectionWords(lang).label;
  const label = (s: Status) => (lang === 'en' ? LABEL[s] : messages(lang).status[s]);
  const table = tableLines([
    [l('status'), l('watch'), l('days'), l('expires'), l('to'), l('problem')],
    ...rows.map((r) => {
      const s = soonest(r.result);
      return [
        label(r.result.status),
        r.target,
        s.days,
        s.date,
        r.to.map(destination).join(',') || '-',
        problem(r.result, lang),
      ];
    }),
  ]);
  const [head = '', ...lines] = table;
  const painted = lines.map((line, i) => {
    const status = rows[i]?.result.status ?? 'ok';
    const word = label(status);
    return style.colour
      ? styleText(['bold', COLOUR[status]], word) + line.slice(word.length)
      : line;
  });
  return `${[head, ...painted].join('\n')}\n`;
}
