import type { CommandInfo, Plan, Surface } from './types.js';
import { UsageError } from './types.js';

/** The full help of one command as `surface` takes it: usage, options, examples. */
export function commandHelp(c: CommandInfo, surface: Surface = 'cli'): string {
  const terminal = new Set(
    Object.entries(c.flags ?? {}).flatMap(([name, spec]) => (spec.terminal ? [name] : [])),
  );
  const hidden = surface === 'chat' ? terminal : new Set<string>();
  const options = optionLines(c.options, hidden);
  const examples = c.examples.filter((e) => !mentionsAny(e, hidden));
  return [
    `${c.name} — ${c.summary}`,
    '',
    `usage: ${usageFor(c.usage, hidden)}`,
    ...(options.length ? ['', 'options:', ...options.map((o) => `  ${o}`)] : []),
    ...(examples.length ? ['', 'examples:', ...examples.map((e) => `  ${e}`)] : []),
  ].join('\n');
}

/** Option lines without the hidden options' lines and their indented continuation lines. */
function optionLines(lines: readonly string[], hidden: ReadonlySet<string>): string[] {
  const out: string[] = [];
  let dropping = false;
  for (const line of lines) {
    const flag = /^--([a-z][a-z-]*)/.exec(line)?.[1];
    if (flag !== undefined) dropping = hidden.has(flag);
    else if (!line.startsWith(' ')) dropping = false;
    if (!dropping) out.push(line);
  }
  return out;
}

/** The usage line without ` [--name …]` groups (brackets may nest: `[--domains H[:P],…]`). */
function usageFor(usage: string, hidden: ReadonlySet<string>): string {
  if (hidden.size === 0) return usage;
  let out = '';
  let i = 0;
  while (i < usage.length) {
    const m = /^ \[--([a-z][a-z-]*)/.exec(usage.slice(i));
    if (m?.[1] !== undefined && hidden.has(m[1])) {
      let depth = 0;
      let j = i + 1;
      for (; j < usage.length; j++) {
        if (usage[j] === '[') depth++;
        else if (usage[j] === ']' && --depth === 0) break;
      }
      i = j + 1;
      if (usage.startsWith('...', i)) i += 3;
      continue;
    }
    out += usage[i];
    i++;
  }
  return out;
}

function mentionsAny(text: string, flags: ReadonlySet<string>): boolean {
  return [...flags].some((f) => new RegExp(`(^|\\s)--${f}\\b`).test(text));
}

export function overview(commands: readonly CommandInfo[]): string {
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

/** `help [command]`: the overview, or one command's full help, from the table `all`. */
export function helpPlan(args: string[], surface: Surface, all: readonly CommandInfo[]): Plan {
  const [name, ...rest] = args;
  if (rest.length > 0) throw new UsageError('help takes at most one command name', 'help');
  if (name === undefined) return { kind: 'reply', text: overview(all) };
  const found = all.find((c) => c.name === name);
  if (!found) throw new UsageError(`no command named ${JSON.stringify(name)}`, 'help');
  return { kind: 'reply', text: commandHelp(found, surface) };
}
