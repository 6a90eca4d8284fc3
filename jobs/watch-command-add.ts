/**
 * `/wx watch add` from chat: where its notices may go (`--to`, with `#name` looked up in Slack),
 * whose watch it would replace, whether the address guard lets its target through, and the
 * limits on chat-added watches. Anything refused is answered and nothing is stored.
 */
import type { Invocation } from '../src/model/index.js';
import type { WatchOp } from '../src/model/watch-op.js';
import {
  adminOf,
  conversationOf,
  destinationAllowed,
  limitReached,
  type WatchAccess,
} from '../src/watch/access.js';
import type { Admit } from '../src/watch/admit.js';
import type { WatchAnswer } from '../src/watch/answers.js';
import {
  type ChannelLookup,
  parseDestination,
  slackChannelName,
} from '../src/watch/destinations.js';
import { watchId } from '../src/watch/id.js';
import { inScope } from '../src/watch/scope.js';
import type { WatchService } from '../src/watch/service.js';
import { DEFAULT_DAYS, type Destination } from '../src/watch/types.js';

export interface AddDeps {
  service: WatchService;
  access: WatchAccess;
  admit: Admit;
  /** Looks `#name` up (Slack configured); without it a name is answered as unavailable. */
  channels?: ChannelLookup;
}

export async function addWatch(
  inv: Invocation,
  op: Extract<WatchOp, { op: 'add' }>,
  deps: AddDeps,
): Promise<{ level: 'info' | 'error'; answer: WatchAnswer }> {
  const refuse = (answer: WatchAnswer) => ({ level: 'error' as const, answer });
  const { service, access } = deps;
  const here = conversationOf(inv);
  const admin = adminOf(access, inv);
  const to: Destination[] = [];
  for (const raw of op.to) {
    const d = await destination(raw, inv, deps.channels);
    if ('answer' in d) return refuse(d);
    if (!admin && !destinationAllowed(access, d, here)) {
      return refuse({ answer: 'not-allowed', to: d });
    }
    to.push(d);
  }
  if (to.length === 0) to.push(here);

  const id = watchId(op.host, op.port);
  const existing = await service.get(id);
  if (existing?.watch.source === 'file') return refuse({ answer: 'in-file', id });
  if (existing && !admin && !inScope(existing.watch, here)) {
    return refuse({ answer: 'elsewhere', id });
  }
  const refusal = await deps.admit(op);
  if (refusal) return refuse({ answer: 'refused', id, refusal });
  // A replaced watch is counted already.
  const limit = existing ? null : limitReached(access, await service.list(), here);
  if (limit) return refuse({ answer: 'limit', ...limit });

  const days = op.days ?? [...DEFAULT_DAYS];
  const { watch, created } = await service.add({
    id,
    host: op.host,
    port: op.port,
    ...(op.connectTo ? { connectTo: op.connectTo } : {}),
    days,
    to,
    source: 'chat',
    lang: inv.lang,
    addedBy: inv.user,
    owner: existing?.watch.owner ?? here,
  });
  return { level: 'info', answer: { answer: 'added', ref: watch.ref, id, to, days, created } };
}

async function destination(
  raw: string,
  inv: Invocation,
  channels: ChannelLookup | undefined,
): Promise<Destination | WatchAnswer> {
  const name = slackChannelName(raw);
  if (name !== null) {
    const found = channels
      ? await channels(name, inv.platform === 'slack' ? inv.workspace : '')
      : ({ problem: 'unavailable' } as const);
    if ('problem' in found) return { answer: 'channel', name, problem: found.problem };
    return {
      platform: 'slack',
      workspace: inv.platform === 'slack' ? inv.workspace : '',
      conversation: found.id,
    };
  }
  const d = parseDestination(raw, { platform: inv.platform, workspace: inv.workspace });
  return typeof d === 'string' ? { answer: 'bad-destination', problem: d } : d;
}
