/**
 * The options each command parses, as parseArgs takes them: light data (no imports) that both the
 * help table (commands/table.ts) and the parsers read.
 */
import type { OptionSpec } from './types.js';

/** Options every probe command takes. */
export const COMMON_OPTIONS = {
  timeout: { type: 'string' },
  from: { type: 'string' },
  json: { type: 'boolean', terminal: true },
  'deny-private': { type: 'boolean', terminal: true },
} as const satisfies Record<string, OptionSpec>;

/** Options of commands that take --file. */
export const BATCH_OPTIONS = {
  file: { type: 'string', terminal: true },
  concurrency: { type: 'string', terminal: true },
  summary: { type: 'boolean', terminal: true },
} as const satisfies Record<string, OptionSpec>;

/** Trusted roots from a local file: terminal only. */
export const CA_OPTION = { ca: { type: 'string', multiple: true, terminal: true } } as const;

export const COMMON_HELP = [
  '--timeout MS        give up after MS milliseconds per probe (default 10000)',
  "--from R[,R…]|all   run in these regions' workers and compare them side by side",
  '                    (`wx regions` lists the live ones; the CLI needs REDIS_URL)',
  '--json              print the result as JSON (JSONL with --file) and nothing else',
  '--deny-private      refuse loopback, private and link-local addresses (chat always does)',
];

export const BATCH_HELP = [
  '--file F            one target a line ("-" for stdin); results print as each finishes',
  '--concurrency N     probes at once with --file (default 32)',
  '--summary           with --file: one line per target that is not ok, then the summary',
];

export const CERT_OPTIONS = {
  servername: { type: 'string' },
  resolve: { type: 'string', multiple: true },
  ...CA_OPTION,
  'warn-days': { type: 'string' },
  'pin-issuer': { type: 'string', multiple: true },
  'pin-spki': { type: 'string', multiple: true },
  resolver: { type: 'string', multiple: true },
} as const;

export const DNS_OPTIONS = {
  type: { type: 'string' },
  resolver: { type: 'string', multiple: true },
} as const;

export const CERT_FLAGS = { ...COMMON_OPTIONS, ...BATCH_OPTIONS, ...CERT_OPTIONS } as const;
export const CHECK_FLAGS = { ...COMMON_OPTIONS, ...CERT_OPTIONS } as const;
export const DNS_FLAGS = { ...COMMON_OPTIONS, ...BATCH_OPTIONS, ...DNS_OPTIONS } as const;
export const HTTP_FLAGS = {
  ...COMMON_OPTIONS,
  ...BATCH_OPTIONS,
  resolve: { type: 'string', multiple: true },
  ...CA_OPTION,
} as const;
export const WATCH_FLAGS = {
  to: { type: 'string', multiple: true },
  days: { type: 'string' },
  resolve: { type: 'string' },
  from: { type: 'string' },
  file: { type: 'string', terminal: true },
  json: { type: 'boolean', terminal: true },
} as const;
export const APP_FLAGS = COMMON_OPTIONS;
export const DOMAIN_FLAGS = {
  ...COMMON_OPTIONS,
  domains: { type: 'string', terminal: true },
  resolve: { type: 'string', multiple: true },
  resolver: { type: 'string', multiple: true },
  ...CA_OPTION,
} as const;
