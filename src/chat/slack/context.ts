import type { LangSettings } from '../../i18n/index.js';
import type { IntakeDeps } from './intake.js';
import type { Log } from './log.js';
import type { SeenEvents } from './seen-events.js';

/** What the listeners share. */
export interface FrontContext {
  intake: IntakeDeps;
  seenEvents: SeenEvents;
  langs: LangSettings;
  log: Log;
  /** Known once start-up has run auth.test (or from options). */
  botUserId(): string | undefined;
}
