/** A configuration problem. `message` is one line that names the key: `PORT: expected …`. */
export class ConfigError extends Error {
  constructor(
    /** Every problem found, each `KEY: what is wrong`; message joins them. */
    readonly problems: readonly string[],
  ) {
    super(problems.join('; '));
    this.name = 'ConfigError';
  }

  static of(key: string, problem: string): ConfigError {
    return new ConfigError([`${key}: ${problem}`]);
  }
}
