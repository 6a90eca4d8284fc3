import type { DetailsPlan, ProbePlan, WatchPlan } from '../src/model/index.js';
import type { ProbeRequest } from '../src/probes/index.js';

/** Where a command was typed. Options that read local files only make sense in a terminal. */
export type Surface = 'cli' | 'chat';

export type Plan =
  | (ProbePlan & {
      /** `--file` (terminal only): one target a line, read by the runner. */
      batch?: {
        file: string;
        concurrency: number;
        /** `--summary`: one line per target that is not ok, then the summary. */
        summary: boolean;
        request(target: string): ProbeRequest;
      };
    })
  /** Answered at once: help text as the command wrote it. */
  | { kind: 'reply'; text: string }
  /** Answered at once: an errcode whose meaning the edge renders (src/render/errcode.ts). */
  | { kind: 'errcode'; code: number }
  /** Answered at once from the workers' heartbeats in Redis: the live regions. */
  | { kind: 'regions' }
  /** `file` only in the terminal. */
  | (WatchPlan & { file?: string })
  /** Chat only: a stored result in full. */
  | DetailsPlan;

/** One option as parseArgs takes it; `terminal`: only in the `wx` CLI (chat refuses it, chat help omits it). */
export type OptionSpec = {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  terminal?: true;
};

/** A command's name, help and options: what help and usage errors need (commands/table.ts). */
export interface CommandInfo {
  name: string;
  summary: string;
  usage: string;
  /** Option lines for help, already formatted: `--name ARG   what it does`. */
  options: string[];
  /** The options it parses: chat help leaves out the lines and usage of `terminal` ones. */
  flags?: Readonly<Record<string, OptionSpec>>;
  examples: string[];
}

/** argv after the command name → a plan; UsageError on bad input. */
export type Parse = (args: string[], surface: Surface) => Plan;

/** What a command's module exports: its parser (loaded when the command runs). */
export interface Parser {
  parse: Parse;
}

export interface Command extends CommandInfo, Parser {}

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
