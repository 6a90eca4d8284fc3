import { inspect } from 'node:util';
import { ConfigError } from './error.js';

const MASK = '[REDACTED]';
const UNSET = '[UNSET]';

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

/**
 * An app secret (`wechat.apps.<alias>.secret`, `wecom.apps.<alias>.secret`) whose `${NAME}`
 * reference is not set. Only that app is unusable: the others work, and the app's problem is
 * reported when it is used (and warned about at start-up). reveal() throws the problem.
 */
export class UnsetSecret {
  constructor(
    /** The file's dotted key: `wechat.apps.shop.secret`. */
    readonly key: string,
    /** The variables referenced and not set. */
    readonly names: readonly string[],
  ) {}

  /** `wechat.apps.shop.secret: references ${SHOP_APPSECRET}, but SHOP_APPSECRET is not set`. */
  get problem(): string {
    const refs = this.names.map((n) => `\${${n}}`).join(', ');
    const verb = this.names.length === 1 ? 'is' : 'are';
    return `${this.key}: references ${refs}, but ${this.names.join(', ')} ${verb} not set`;
  }

  reveal(): never {
    throw new ConfigError([this.problem]);
  }

  toString(): string {
    return UNSET;
  }

  toJSON(): string {
    return UNSET;
  }

  [inspect.custom](): string {
    return UNSET;
  }
}
