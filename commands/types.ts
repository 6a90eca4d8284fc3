import type { ProbeRequest } from '../src/probes/index.js';
import type { WatchOp } from '../src/watch/ops.js';

export type { ProbeRequest };

/** Where a command was typed. Options that read local files only make sense in a terminal. */
export type Surface = 'cli' | 'chat';

/** How to run the probes of a plan. */
export interface RunSettings {
  timeoutMs: number;
  /** PEM bundles to trust in addition to the defaults (CLI only: paths on the operator's machine). */
  caFiles: string[];
  /** Turn the address guard on (always on for chat). */
  denyPrivate: boolean;
}

export type Plan =
  | {
      kind: 'probes';
      command: string;
      requests: ProbeRequest[];
      /** `check`: one combined report for the host instead of one report per probe. */
      combine?: { title: string };
      /** `--file` (terminal only): one target a line, read by the runner. */
      batch?: { file: string; concurrency: number; request(target: string): ProbeRequest };
      run: RunSettings;
      json: boolean;
    }
  | { kind: 'reply'; text: string }
  /** `watch …`: runs where the watches are (a worker with Redis); `file` only in the terminal. */
  | { kind: 'watch'; op: WatchOp; file?: string; json: boolean };

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Option lines for help, already formatted. */
  options: string[];
  examples: string[];
  parse(args: string[], surface: Surface): Plan;
}

/** Bad input from a person: shown with the command's usage, never as a stack trace. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
