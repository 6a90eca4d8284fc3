#!/usr/bin/env node
import module from 'node:module';

// Node ≥ 22.1 keeps the compiled modules on disk between runs (a faster second start); Node 20
// has no such cache. Enabled before the program is imported, so its modules are cached too.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const { main } = await import('./main.js');
const colour =
  process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  colour,
  progress: process.stderr.isTTY === true && process.env.TERM !== 'dumb',
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // A bug, not a diagnosis: say so plainly, exit 3 (unknown), no stack trace unless asked for.
    process.stderr.write(`wx: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    if (process.env.WX_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    process.exitCode = 3;
  },
);
