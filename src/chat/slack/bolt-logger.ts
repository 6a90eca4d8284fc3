// From web-api, which Bolt re-exports: a worker delivers through web-api without loading Bolt.
import { type Logger as BoltLogger, LogLevel } from '@slack/web-api';
import type { Log } from '../../model/log.js';

/**
 * Bolt's and web-api's logger (console-style varargs) on top of a pino-style one. `quiet` turns
 * every line into a debug line: for the Socket Mode client, whose failures the socket link
 * reports itself, once each.
 */
export function boltLogger(log: Log, opts: { quiet?: boolean } = {}): BoltLogger {
  let level = LogLevel.INFO;
  const forward =
    (logged: keyof Log) =>
    (...msgs: unknown[]) => {
      const method = opts.quiet ? 'debug' : logged;
      const errors = msgs.filter((m) => m instanceof Error);
      const text = msgs
        .filter((m) => !(m instanceof Error))
        .map(show)
        .join(' ');
      log[method]({ component: 'bolt', ...(errors[0] ? { err: errors[0] } : {}) }, text);
    };
  return {
    debug: forward('debug'),
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
