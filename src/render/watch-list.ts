/** `wx watch list --file`: the file's watches as a list, one line each, after one check. */
import { styleText } from 'node:util';
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

function problem(result: AnyProbeResult): string {
  const top =
    result.findings.find((f) => f.severity === 'fail') ??
    result.findings.find((f) => f.severity === 'warn');
  return top ? `${top.code}: ${top.message}` : '-';
}

export function watchListText(rows: readonly WatchListRow[], style: { colour: boolean }): string {
  const table = tableLines([
    ['status', 'watch', 'days', 'expires', 'to', 'problem'],
    ...rows.map((r) => {
      const s = soonest(r.result);
      return [
        LABEL[r.result.status],
        r.target,
        s.days,
        s.date,
        r.to.map(destination).join(',') || '-',
        problem(r.result),
      ];
    }),
  ]);
  const [head = '', ...lines] = table;
  const painted = lines.map((l, i) => {
    const status = rows[i]?.result.status ?? 'ok';
    const label = LABEL[status];
    return style.colour ? styleText(['bold', COLOUR[status]], label) + l.slice(label.length) : l;
  });
  return `${[head, ...painted].join('\n')}\n`;
}
