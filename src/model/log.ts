/** The part of a pino logger the adapters and workers use (tests pass a recording one). */
export interface Log {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const SILENT: Log = { debug() {}, info() {}, warn() {}, error() {} };
