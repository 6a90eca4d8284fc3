/**
 * Slack's ack before anything else: on the events endpoint, a request is read (within the body
 * limit), its v0 signature verified (Bolt's verifier: HMAC, constant-time compare, staleness)
 * and its body parsed; a slash command, a button or an Events API delivery is then answered
 * 200 at once, and only afterwards handed to Bolt (its middleware, authorize, our listeners,
 * Redis), each in a turn of the event loop of its own.
 *
 * Why: Bolt's HTTPReceiver answers when the listener calls ack(), after Bolt's processing of
 * that request; and with many requests at once, each ack also waited for the processing (and
 * the Redis replies' follow-up work) of the requests before it. Handing the work to later turns
 * lets every request already in be acknowledged first. The acks of the handled kinds carry
 * nothing (our listeners call ack() with no body); everything else (ssl_check, url_verification,
 * kinds no listener of ours handles) goes on to Bolt's receiver unchanged, body already read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type BufferedIncomingMessage, HTTPModuleFunctions, type ReceiverEvent } from '@slack/bolt';
import type { Log } from '../../model/log.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface AckFirstOptions {
  endpoints: readonly string[];
  signingSecret: string;
  bodyLimitBytes: number;
  /** Bolt's App.processEvent: the request's work, after its ack. */
  process(event: ReceiverEvent): Promise<void>;
  log: Log;
}

export function ackFirst(next: Listener, opts: AckFirstOptions): Listener {
  const later = afterAcks(opts.log);
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || !opts.endpoints.includes(path)) return next(req, res);
    verified(req, res, opts)
      .then((got) => {
        if (!got) return;
        const { buffered, body } = got;
        if (!acksAtOnce(body)) return next(buffered, res);
        res.writeHead(200).end();
        later(() =>
          opts.process({
            body,
            // Given already: the listeners' ack() has nothing left to do.
            ack: async () => {},
            retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
            retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
            customProperties: {},
          }),
        );
      })
      .catch((err: unknown) => {
        opts.log.error({ err }, 'slack request failed before its ack');
        if (!res.headersSent) res.writeHead(500).end();
      });
  };
}

// biome-ignore lint/suspicious/noExplicitAny: Slack request bodies are any shape, as Bolt has them
type Body = Record<string, any>;

/** The request read, verified and parsed; undefined once it has been answered (413/401/400). */
async function verified(
  req: IncomingMessage,
  res: ServerResponse,
  opts: AckFirstOptions,
): Promise<{ buffered: BufferedIncomingMessage; body: Body } | undefined> {
  let buffered: BufferedIncomingMessage;
  try {
    buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest(
      { enabled: true, signingSecret: opts.signingSecret, bodyLimit: opts.bodyLimitBytes },
      req,
    );
  } catch (err) {
    if (HTTPModuleFunctions.isRawBodyError(err) && err.statusCode === 413) {
      opts.log.warn({ limit: opts.bodyLimitBytes }, 'slack request refused: body too large');
      res.writeHead(413).end();
      return undefined;
    }
    opts.log.warn({ err: String(err) }, 'slack request refused: not verified');
    res.writeHead(401).end();
    return undefined;
  }
  try {
    return { buffered, body: HTTPModuleFunctions.parseHTTPRequestBody(buffered) as Body };
  } catch (err) {
    opts.log.warn({ err: String(err) }, 'slack request refused: malformed body');
    res.writeHead(400).end();
    return undefined;
  }
}

/** The kinds whose ack our listeners give with no body and no wait. */
function acksAtOnce(body: Body): boolean {
  if (body.ssl_check !== undefined) return false;
  if (typeof body.command === 'string') return true;
  if (body.type === 'block_actions') return true;
  // Bolt acknowledges Events API deliveries itself before any listener; except these.
  return body.type === 'event_callback' && body.event?.type !== 'function_executed';
}

/**
 * Runs work after the acks: one piece per turn of the event loop, so requests that came in
 * meanwhile are read, verified and acknowledged (I/O, before setImmediate's turn) first.
 */
function afterAcks(log: Log): (work: () => Promise<void>) => void {
  const queue: Array<() => Promise<void>> = [];
  let scheduled = false;
  const runOne = () => {
    const work = queue.shift();
    if (queue.length > 0) setImmediate(runOne);
    else scheduled = false;
    work?.().catch((err: unknown) => log.error({ err }, 'slack event failed after its ack'));
  };
  return (work) => {
    queue.push(work);
    if (scheduled) return;
    scheduled = true;
    setImmediate(runOne);
  };
}
