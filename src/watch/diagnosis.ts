/**
 * One http, dns or wechat probe result → what such a watch cares about: the root cause of the
 * diagnosis (src/probes/cause.ts), which heads its incident. A result that says nothing about the
 * target (the probe crashed, the guard refused every address) changes nothing.
 */
import { attribute } from '../probes/cause.js';
import { isInconclusive } from '../probes/findings.js';
import type { AnyProbeResult } from '../probes/index.js';
import type { BreakageView } from './observe.js';

/** The problem key of a failing http, dns or wechat watch: one incident per outage, whatever its cause. */
export const FAILING = 'FAILING';

export type Diagnosis =
  | { kind: 'inconclusive'; reason: string }
  | { kind: 'healthy'; status: 'ok' | 'warn' | 'fail' | 'error' }
  | { kind: 'failing'; status: 'ok' | 'warn' | 'fail' | 'error'; view: BreakageView };

export function diagnose(result: AnyProbeResult): Diagnosis {
  const conclusive = result.findings.filter((f) => !isInconclusive(f.code));
  const { cause, status } = attribute([{ ...result, findings: conclusive }]);
  if (!cause) {
    const inconclusive = result.findings.find((f) => isInconclusive(f.code));
    if (inconclusive) return { kind: 'inconclusive', reason: inconclusive.code };
    return { kind: 'healthy', status };
  }
  return {
    kind: 'failing',
    status,
    view: {
      kind: 'breakage',
      code: cause.code,
      message: cause.message,
      hint: cause.hint,
      probe: cause.probe,
      // The cause's code and args (its message and hint are the view's), so a zh-CN incident
      // says it in Chinese.
      finding: {
        code: cause.code,
        ...(cause.args ? { args: cause.args } : {}),
        ...(cause.variant ? { variant: cause.variant } : {}),
      },
    },
  };
}
