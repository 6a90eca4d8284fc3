/**
 * Slack's request timestamp must be within 5 minutes of our clock, both ways. Bolt's verifier
 * refuses only the past, so a request signed for a time far ahead (a leaked body and signature
 * kept for later, or a skewed signer) would pass; this runs in front of it, on the events
 * endpoint, before the body is read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Log } from '../../model/log.js';

/** Slack's documented window. */
export const MAX_SKEW_S = 300;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export function requireFreshTimestamp(
  next: Listener,
  opts: { endpoints: readonly string[]; log: Log; now?: () => number },
): Listener {
  const now = opts.now ?? Date.now;
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || !opts.endpoints.includes(path)) return next(req, res);
    const header = req.headers['x-slack-request-timestamp'];
    const ts = typeof header === 'string' && /^\d{1,12}$/.test(header) ? Number(header) : NaN;
    const skewS = Math.abs(Math.floor(now() / 1000) - ts);
    if (skewS <= MAX_SKEW_S) return next(req, res);
    opts.log.warn(
      { skewS: Number.isNaN(skewS) ? undefined : skewS },
      'slack request refused: x-slack-request-timestamp missing or more than 5 minutes off',
    );
    req.resume();
    res.writeHead(401).end();
  };
}
