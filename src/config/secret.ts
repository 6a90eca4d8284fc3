import { inspect } from 'node:util';

const MASK = '[REDACTED]';

/**
 * A configured secret (token, signing secret, password). It prints, stringifies and inspects as
 * [REDACTED], so logging a config object or an options bag that holds one leaks nothing; code
 * that needs the value calls reveal().
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return MASK;
  }

  toJSON(): string {
    return MASK;
  }

  [inspect.custom](): string {
    return MASK;
  }
}
