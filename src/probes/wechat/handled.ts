/**
 * What one run of the probe handled: the app's secret and every access_token it used, so that
 * the result can be scrubbed of them wherever the platform echoed them (rid/get, errmsg).
 */
import type { KnownValues } from './scrub.js';
import type { WechatApp } from './types.js';

export interface Handled extends KnownValues {
  secrets: Set<string>;
  tokens: Set<string>;
}

export function handled(secrets: Iterable<string> = []): Handled {
  return { secrets: new Set(secrets), tokens: new Set() };
}

/** The app as the operations see it: its secret and the tokens it hands out are noted. */
export function noting(app: WechatApp, seen: Handled): WechatApp {
  return {
    ...app,
    secret: {
      reveal() {
        const value = app.secret.reveal();
        seen.secrets.add(value);
        return value;
      },
    },
    tokens: {
      use: (source, call, expired) =>
        app.tokens.use(
          source,
          (token) => {
            seen.tokens.add(token);
            return call(token);
          },
          expired,
        ),
    },
  };
}
