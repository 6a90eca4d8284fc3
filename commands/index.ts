/**
 * The commands with their parsers, for chat (which plans synchronously) and tests: the table of
 * commands/table.ts, every parser loaded. The CLI uses the table itself and loads one parser.
 */
import { TABLE } from './table.js';
import type { Command, Plan, Surface } from './types.js';
import { UsageError } from './types.js';

export const COMMANDS: readonly Command[] = await Promise.all(
  TABLE.map(async ({ parser, ...info }): Promise<Command> => ({ ...info, parse: await parser() })),
);

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
