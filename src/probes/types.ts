import type { FindingCode } from './findings.js';
import type { NetworkPolicy } from './net/guard.js';
import type { ErrcodeEntry } from './wechat/errcodes.js';
import type { AppRegistry } from './wechat/types.js';

export type Status = 'ok' | 'warn' | 'fail' | 'error';
export type Severity = 'info' | 'warn' | 'fail';

/** Values only: a renderer places them in a sentence of its language. */
export type FindingArgs = Record<string, string | number>;

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** What was seen, specific to this target ("leaf expired 3 days ago on 2026-11-24"). */
  message: string;
  /** What a person can do about it. */
  hint: string;
  /**
   * The specifics of `message` as values (host names, dates, counts, text from servers), so a
   * renderer can say the message in another language (src/i18n); `message` stays the English.
   */
  args?: FindingArgs;
  /** Which of the code's message shapes this is, when it has several (`ip`, `cn-only`). */
  variant?: string;
  /**
   * In a combined result (`wx check`): this finding follows from another probe's finding,
   * `<probe>/<CODE>` (cause.ts), and is not a failure of its own.
   */
  consequenceOf?: string;
}

/** Plain JSON: survives JSON.stringify/parse (and a trip through Redis) unchanged. */
export interface ProbeResult<D = unknown> {
  /** The probe kind: a key of PROBERS (`AnyProbeResult` narrows it with the detail's type). */
  probe: string;
  target: string;
  status: Status;
  findings: Finding[];
  detail: D;
  startedAt: string;
  durationMs: number;
}

/** A DNS lookup: all addresses for a name, as `dns.lookup(name, {all: true})` returns them. */
export type LookupFn = (hostname: string) => Promise<Array<{ address: string; family: 4 | 6 }>>;

export interface ProbeContext {
  /** Aborted at the deadline (or by the caller). Every network wait listens to it. */
  signal: AbortSignal;
  /** Epoch ms after which the probe must have given up. */
  deadline: number;
  /**
   * Longest wait for one TCP connection to be established, within the deadline (watches: a dead
   * host is known in seconds); none: only the deadline bounds it.
   */
  connectTimeoutMs?: number;
  policy: NetworkPolicy;
  /** Extra trusted roots (PEM), on top of Node's bundled roots and NODE_EXTRA_CA_CERTS. */
  extraCaPem: string[];
  /** The clock: every "days left" and expiry decision reads it, never Date.now(). */
  now(): Date;
  /** Name resolution for connections (system resolver by default). */
  lookup: LookupFn;
  /** The User-Agent of every HTTP request (`wxdoctor/<version>`, from the caller). */
  userAgent: string;
  /** WeChat/WeCom apps by alias, with their secrets and token cache (the `wechat` probe). */
  apps?: AppRegistry;
  /**
   * An errcode's meaning in a second language, shown beside the English one in findings (callers
   * pass zh-CN from src/i18n; the library alone writes English only).
   */
  errcodeGloss?: (entry: ErrcodeEntry) => string | undefined;
}

export type ProbeFn<S, D> = (spec: S, ctx: ProbeContext) => Promise<ProbeResult<D>>;
