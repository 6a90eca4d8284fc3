import type { LangSettings } from '../../i18n/index.js';
import type { Log } from '../../model/log.js';
import type { Seen } from '../../store/seen.js';
import type { IntakeDeps } from './intake.js';

/** What the listeners share. */
export interface FrontContext {
  intake: IntakeDeps;
  /** Events API deliveries already handled, by event_id. */
  seenEvents: Seen;
  langs: LangSettings;
  log: Log;
  /** Known once start-up has run auth.test (or from options). */
  botUserId(): string | undefined;
}
