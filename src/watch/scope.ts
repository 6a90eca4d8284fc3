/**
 * Which watches a conversation may see and act on: those it added and those whose notices it
 * receives (so an incident's buttons work where the incident is posted). Admins (WX_ADMINS) see
 * and act on every watch.
 */
import type { Destination, Watch } from './types.js';

/** Where a command was typed: platform, workspace and conversation, as an Invocation has them. */
export type Conversation = Destination;

/** Same conversation; an unknown workspace ('', file watches) matches any. */
export function sameConversation(a: Destination, b: Destination): boolean {
  return (
    a.platform === b.platform &&
    a.conversation === b.conversation &&
    (a.workspace === '' || b.workspace === '' || a.workspace === b.workspace)
  );
}

/** The watch was added from `here`, or sends its notices there. */
export function inScope(watch: Watch, here: Conversation): boolean {
  if (watch.owner && sameConversation(watch.owner, here)) return true;
  return watch.to.some((d) => sameConversation(d, here));
}
