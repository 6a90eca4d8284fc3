/** What runs in a process, by its role and by which chat platforms are configured. */
import type { Config, Role } from './types.js';

export function runsFrontEnd(role: Role): boolean {
  return role !== 'worker';
}

export function runsWorkers(role: Role): boolean {
  return role !== 'bot';
}

/** Slack runs when any of its keys is set. */
export function slackEnabled(config: Pick<Config, 'slack'>): boolean {
  const { botToken, signingSecret, appToken } = config.slack;
  return botToken !== null || signingSecret !== null || appToken !== null;
}
