import { cert } from './cert.js';
import { check } from './check.js';
import { details } from './details.js';
import { dns } from './dns.js';
import { errcode } from './errcode.js';
import { helpCommand } from './help.js';
import { http } from './http.js';
import { incident } from './incident.js';
import { regions } from './regions.js';
import { type Command, type Plan, type Surface, UsageError } from './types.js';
import { watch } from './watch.js';
import { WECHAT_COMMANDS } from './wechat.js';

export const COMMANDS: readonly Command[] = [
  cert,
  dns,
  http,
  check,
  details,
  watch,
  incident,
  ...WECHAT_COMMANDS,
  errcode,
  regions,
  helpCommand(() => COMMANDS),
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** argv after the program name (`cert api.example.com --json`) → a plan; UsageError on bad input. */
export function plan(argv: readonly string[], surface: Surface): Plan {
  const [name, ...args] = argv;
  if (name === undefined) throw new UsageError('missing command');
  const command = findCommand(name);
  if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}`);
  return command.parse(args, surface);
}

export type { Command, Plan, Surface } from './types.js';
export { UsageError } from './types.js';
export { planAliases } from './wechat.js';
