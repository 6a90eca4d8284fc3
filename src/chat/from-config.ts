/**
 * What the process hands every chat adapter, whatever the platform; each adapter's
 * from-config.ts maps the rest from its own config section.
 */
import type { Lang } from '../model/index.js';

type FrontKey =
  | 'submit'
  | 'redis'
  | 'prefix'
  | 'rateLimitPerMinute'
  | 'logger'
  | 'onCommand'
  | 'appAliases';
type DeliveryKey = 'redis' | 'prefix' | 'logger';

/**
 * What the process gives every chat front end; `lang` is the configured default output language
 * (WX_LANG), null for the platform's own (PLATFORM_LANG).
 */
export type FrontShared<Options extends { [K in FrontKey]?: unknown }> = Pick<Options, FrontKey> & {
  lang: Lang | null;
};

/** What the process gives every delivery adapter. */
export type DeliveryShared<Options extends { [K in DeliveryKey]?: unknown }> = Pick<
  Options,
  DeliveryKey
>;
