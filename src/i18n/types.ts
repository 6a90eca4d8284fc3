import type { Severity, Status } from '../probes/index.js';

/**
 * The words of chat output. Functions take values that are already formatted for the surface
 * (escaped mrkdwn, `<@U…>` mentions), so a translation can place them anywhere in its sentence.
 */
export interface Messages {
  status: Record<Status, string>;
  severity: Record<Severity, string>;
  /** Parent message while the probes run: `<@U1> asked for \`/wx cert …\``. */
  asked(user: string, command: string): string;
  running: string;
  requestedBy(user: string): string;
  tookMs(ms: number): string;
  recheckButton: string;
  noFindings: string;
  moreFindings(n: number): string;
  detailsTruncated: string;
  /** The result arrived through the command's response_url because the bot is not in the channel. */
  inviteHint: string;
  usageError(message: string): string;
  rateLimited(limit: number, retryInSeconds: number): string;
  queueUnavailable: string;
  nothingToRecheck: string;
  staleButton: string;
  /** WeCom: the n-th of `count` messages one long result was split into. */
  partOf(n: number, count: number): string;
  /** WeCom: detail rows left out so the result fits one message. */
  moreDetailRows(n: number): string;
  // chat front ends
  /** WeCom: a `wx recheck` reference (`#W12`) that is unknown or has expired. */
  unknownRef(ref: string): string;
  /** WeCom: `wx recheck` without one valid reference. */
  recheckUsage: string;
  /** WeCom: the help overview's line about references. */
  recheckHelp: string;
  /** WeCom AI bot: the passive answer to a queued command (its result follows via response_url). */
  runningCommand(command: string, ref: string | undefined): string;
}
