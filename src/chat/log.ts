/** The part of a pino logger the chat front ends use. */
export interface Log {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const SILENT: Log = { debug() {}, info() {}, warn() {}, error() {} };
