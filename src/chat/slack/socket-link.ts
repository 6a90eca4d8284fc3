/**
 * Socket Mode's connection, kept by us rather than by the Socket Mode client (whose own retries
 * are silent, keep a stop waiting for tens of seconds, and give up for good on some errors):
 * every failed attempt is one log line with the cause and the setting to check, "connected" is
 * logged, the state answers /healthz, a lost connection is reopened, and stop() ends it at once,
 * even between attempts.
 */
import { type SocketModeReceiver, webApi } from '@slack/bolt';
import type { Log } from '../../model/log.js';
import { type SlackKey, slackProblem } from './errors.js';

type SocketClient = SocketModeReceiver['client'];

export interface SocketLinkOptions {
  /** A client made with autoReconnectEnabled: false and no Web API retries of its own. */
  client: SocketClient;
  log: Log;
  apiUrl?: string;
  /** Delay after the first failed attempt, doubled on each one after (default 1000 ms). */
  firstDelayMs?: number;
  /** Longest delay between attempts (default 30 s). */
  maxDelayMs?: number;
}

export interface SocketLink {
  /** Starts connecting in the background. */
  start(): void;
  /** null while connected; otherwise why not, for /healthz. */
  problem(): string | null;
  /** Resolves once connected (at once if it is). */
  connected(): Promise<void>;
  /** Ends the connection, or the attempts; resolves promptly whatever the state. */
  stop(): Promise<void>;
}

/** How long stop() waits for the WebSocket's close handshake (the client would wait 30 s). */
const CLOSE_WAIT_MS = 1000;

export function createSocketLink(opts: SocketLinkOptions): SocketLink {
  const { client, log } = opts;
  const firstDelayMs = opts.firstDelayMs ?? 1000;
  const maxDelayMs = opts.maxDelayMs ?? 30_000;
  let state: 'idle' | 'connecting' | 'connected' | 'stopped' = 'idle';
  let problem: string | null = 'Socket Mode not connected yet';
  let wsError: unknown;
  /** Ends the current wait (between attempts, or while connected) early: stop(). */
  let interrupt: (() => void) | undefined;
  let onConnected: Array<() => void> = [];

  // The WebSocket's own failure (the client then rejects start() with no reason).
  client.on('error', (err: unknown) => {
    wsError = err;
  });

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        interrupt = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      interrupt = done;
    });
  const lost = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        client.off('disconnected', done);
        interrupt = undefined;
        resolve();
      };
      client.on('disconnected', done);
      interrupt = done;
    });

  async function run(): Promise<void> {
    let failures = 0;
    while (state !== 'stopped') {
      state = 'connecting';
      wsError = undefined;
      try {
        await client.start();
      } catch (err) {
        if (isStopped()) return;
        failures++;
        const why = explain(err ?? wsError, opts.apiUrl);
        const delayMs = Math.max(
          Math.min(firstDelayMs * 2 ** (failures - 1), maxDelayMs),
          retryAfterMs(err),
        );
        problem = `Socket Mode not connected: ${why.cause}; check ${why.key}`;
        log.warn(
          { attempt: failures, check: why.key, cause: why.cause, retryInMs: delayMs },
          `slack socket mode: cannot connect: ${why.cause}; check ${why.key}`,
        );
        await pause(delayMs);
        continue;
      }
      // Connected after stop() was called mid-attempt: close it again.
      if (isStopped()) return void disconnect();
      state = 'connected';
      problem = null;
      log.info({ attempts: failures + 1 }, 'slack socket mode connected');
      failures = 0;
      for (const resolve of onConnected.splice(0)) resolve();
      await lost();
      if (isStopped()) return;
      problem = 'Socket Mode connection lost: reconnecting';
      log.info({}, 'slack socket mode: connection lost, reconnecting');
    }
  }
  const isStopped = () => state === 'stopped';

  const disconnect = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, CLOSE_WAIT_MS);
      client.disconnect().then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        () => {
          clearTimeout(timer);
          resolve();
        },
      );
    });

  return {
    start() {
      if (state !== 'idle') return;
      run().catch((err: unknown) =>
        log.error({ err }, 'slack socket mode: connection loop failed'),
      );
    },
    problem: () => problem,
    connected: () =>
      state === 'connected'
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            onConnected.push(resolve);
          }),
    async stop() {
      if (state === 'stopped') return;
      state = 'stopped';
      problem = 'Socket Mode stopped';
      onConnected = [];
      interrupt?.();
      await disconnect();
    },
  };
}

/** The cause of a failed attempt and the setting to check. */
function explain(err: unknown, apiUrl: string | undefined): { key: SlackKey; cause: string } {
  const known = slackProblem(err, 'SLACK_APP_TOKEN', apiUrl);
  if (known) return known;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === webApi.ErrorCode.RateLimitedError) {
    return { key: 'SLACK_APP_TOKEN', cause: 'apps.connections.open rate limited by Slack' };
  }
  if (code === webApi.ErrorCode.PlatformError) {
    const error = String((err as { data?: { error?: unknown } }).data?.error ?? 'unknown_error');
    return { key: 'SLACK_APP_TOKEN', cause: `Slack answered ${error}` };
  }
  const message = err instanceof Error ? err.message : 'closed before Slack said hello';
  return { key: 'SLACK_API_URL', cause: `WebSocket connection failed: ${message}` };
}

function retryAfterMs(err: unknown): number {
  const s = (err as { retryAfter?: unknown } | null)?.retryAfter;
  return typeof s === 'number' && Number.isFinite(s) && s > 0 ? s * 1000 : 0;
}
