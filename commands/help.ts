import type { Command, Plan } from './types.js';
import { UsageError } from './types.js';

/** The full help of one command: usage, options, examples. */
export function commandHelp(c: Command): string {
  return [
    `${c.name} — ${c.summary}`,
    '',
    `usage: ${c.usage}`,
    ...(c.options.length ? ['', 'options:', ...c.options.map((o) => `  ${o}`)] : []),
    ...(c.examples.length ? ['', 'examples:', ...c.examples.map((e) => `  ${e}`)] : []),
  ].join('\n');
}

export function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'wxdoctor — diagnoses certificates, DNS, HTTP endpoints and WeChat/WeCom API access of WeChat/WeCom-facing services',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Exit codes: 0 ok, 1 warn, 2 fail, 3 error/unknown (the worst over all results).',
    '`wx help <command>` for its options and examples.',
  ].join('\n');
}

export function helpCommand(all: () => readonly Command[]): Command {
  return {
    name: 'help',
    summary: 'List the commands, or show one command’s options and examples',
    usage: 'wx help [command]',
    options: [],
    examples: ['wx help', 'wx help cert'],
    parse(args): Plan {
      const [name, ...rest] = args;
      if (rest.length > 0) throw new UsageError('help takes at most one command name', 'help');
      if (name === undefined) return { kind: 'reply', text: overview(all()) };
      const found = all().find((c) => c.name === name);
      if (!found) throw new UsageError(`no command named ${JSON.stringify(name)}`, 'help');
      return { kind: 'reply', text: commandHelp(found) };
    },
  };
}
