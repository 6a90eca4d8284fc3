import type { App } from '@slack/bolt';
import { INCIDENT_ACTIONS, parseIncidentButton } from '../../../render/slack-incident.js';
import type { FrontContext } from '../context.js';
import { registerCommandButton } from './actions.js';

/** Each incident button is the `/wx watch …` (or `/wx incident report`) command it stands for. */
const COMMANDS: Record<string, (w: string, n: number) => string> = {
  [INCIDENT_ACTIONS.ack]: (w, n) => `watch ack ${w} ${n}`,
  [INCIDENT_ACTIONS.snooze1d]: (w, n) => `watch snooze ${w} ${n} 1d`,
  [INCIDENT_ACTIONS.snooze7d]: (w, n) => `watch snooze ${w} ${n} 7d`,
  [INCIDENT_ACTIONS.recheck]: (w) => `watch check ${w}`,
  [INCIDENT_ACTIONS.report]: (w, n) => `incident report ${w} ${n}`,
};

/**
 * Acknowledge, Snooze 1 d / 7 d and Re-check on an incident's parent, Report once it closed:
 * queued like the commands they stand for; the worker edits the parent and says what happened
 * (or posts the record) in its thread.
 */
export function registerIncidentActions(app: App, ctx: FrontContext): void {
  for (const [actionId, commandOf] of Object.entries(COMMANDS)) {
    registerCommandButton(app, ctx, actionId, (raw) => {
      const value = parseIncidentButton(raw);
      return value && commandOf(value.w, value.n);
    });
  }
}
