/**
 * JSON logs (pino) that never carry a secret: known secret fields are redacted by path, and every
 * line is scrubbed once more of the configured secret values and of anything shaped like a Slack
 * token, a response_url or a bearer credential, wherever it hides (messages, error text, stacks).
 */
import { type DestinationStream, type Logger, pino } from 'pino';
import { type Config, secretValues } from '../config/index.js';
import { version } from '../config/version.js';

export type { Logger } from 'pino';

const CENSOR = '[REDACTED]';

const SECRET_FIELDS = [
  'token',
  'botToken',
  'appToken',
  'userToken',
  'signingSecret',
  'secret',
  'clientSecret',
  'password',
  'sentinelPassword',
  'authorization',
  'Authorization',
  'cookie',
  'response_url',
  'responseUrl',
  'access_token',
  'accessToken',
  'corpsecret',
  'appsecret',
  'encodingAESKey',
  '["x-slack-signature"]',
];

/** Each field at the top level and two levels down (`err.config.headers` is as deep as it gets). */
export const REDACT_PATHS: readonly string[] = SECRET_FIELDS.flatMap((f) => {
  const key = f.startsWith('[') ? f : `.${f}`;
  return [f, `*${key}`, `*.*${key}`];
});

/** Secret-shaped text, whether or not it is configured here. */
const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\bxox[a-z]-[A-Za-z0-9-]+/g, CENSOR],
  [/\bxapp-[A-Za-z0-9-]+/g, CENSOR],
  [/https:\/\/hooks\.slack\.com\/[^\s"'\\]+/g, CENSOR],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${CENSOR}`],
  // WeCom/WeChat credentials travel in query strings: an access_token, a corpsecret, a robot's key.
  [/\b(access_token|corpsecret|appsecret|secret)=[^&\s"'\\]+/g, `$1=${CENSOR}`],
  [/(webhook\/send\?key=)[^&\s"'\\]+/g, `$1${CENSOR}`],
];

/** Shorter values would mangle ordinary words in the logs; path redaction still covers them. */
const MIN_SCRUB_LENGTH = 6;

/** Replaces secrets in one serialised log line. */
export function scrubber(secrets: readonly string[]): (line: string) => string {
  const needles = [
    ...new Set(
      secrets
        .filter((s) => s.length >= MIN_SCRUB_LENGTH)
        // As the value appears inside a JSON string, too (quotes, backslashes escaped).
        .flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]),
    ),
  ].sort((a, b) => b.length - a.length);
  return (line) => {
    let out = line;
    for (const needle of needles) {
      if (out.includes(needle)) out = out.split(needle).join(CENSOR);
    }
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out;
  };
}

/** `destination` defaults to stdout (synchronous, so nothing is lost at exit). */
export function createLogger(config: Config, destination?: DestinationStream): Logger {
  const scrub = scrubber(secretValues(config));
  return pino(
    {
      level: config.logLevel,
      base: { service: 'wxdoctor', version, role: config.role, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACT_PATHS], censor: CENSOR },
      hooks: { streamWrite: scrub },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
