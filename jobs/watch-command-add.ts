/**
 * `/wx watch add` from chat: where its notices may go (`--to`, with `#name` looked up in Slack),
 * whose watch it would replace, whether the address guard lets its target through, and the
 * limits on chat-added watches. Anything refused is answered and nothing is stored.
 */
import type { Invocation } from '../src/model/index.js';
import type { WatchOp } from '../src/model/watch-op.js';
import { originOf } from '../src/probes/http/url.js';
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
  type ChannelAnswer,
  type ChannelLookup,
  parseDestination,
  slackChannelName,
} from '../src/watch/destinations.js';
import { dnsWatchId, httpWatchId, watchId, wechatWatchId } from '../src/watch/id.js';
import { inScope } from '../src/watch/scope.js';
import type { WatchService, WatchSpec } from '../src/watch/service.js';
import { DEFAULT_DAYS, type Destination, kindOf } from '../src/watch/types.js';

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
    const name = slackChannelName(raw);
    const d = await destination(name, raw, inv, deps.channels);
    // Whether a channel exists, or has the bot, is said only to those who may warn it anyway.
    const may = (target: Destination) => admin || destinationAllowed(access, target, here);
    if ('answer' in d) {
      const hidden = d.answer === 'channel' && d.problem !== 'unavailable' && !admin;
      if (hidden && !(d.id && may(slackChannel(inv, d.id)))) {
        return refuse({ answer: 'not-allowed', to: `#${d.name}` });
      }
      return refuse(d);
    }
    if (!may(d)) return refuse({ answer: 'not-allowed', to: name === null ? d : `#${name}` });
    to.push(d);
  }
  if (to.length === 0) to.push(here);

  const spec = specOf(op, to, inv);
  const { id } = spec;
  const existing = await service.get(id);
  if (existing?.watch.source === 'file') return refuse({ answer: 'in-file', id });
  if (existing && !admin && !inScope(existing.watch, here)) {
    return refuse({ answer: 'elsewhere', id });
  }
  const target = admitted(op);
  const refusal = target ? await deps.admit(target) : null;
  if (refusal) return refuse({ answer: 'refused', id, refusal });
  // A replaced watch is counted already.
  const limit = existing ? null : limitReached(access, await service.list(), here);
  if (limit) return refuse({ answer: 'limit', ...limit });

  const { watch, created } = await service.add({
    ...spec,
    owner: existing?.watch.owner ?? here,
  });
  const days = spec.kind === undefined || spec.kind === 'cert' ? spec.days : [];
  return {
    level: 'info',
    answer: {
      answer: 'added',
      ref: watch.ref,
      id,
      to,
      days,
      created,
      kind: kindOf(spec),
      ...(spec.regions?.length ? { regions: [...spec.regions] } : {}),
    },
  };
}

type AddOp = Extract<WatchOp, { op: 'add' }>;

/** The watch a `watch add` describes (chat defaults: a 200–299 status, the default resolvers). */
function specOf(op: AddOp, to: Destination[], inv: Invocation): WatchSpec {
  const base = {
    to,
    source: 'chat' as const,
    lang: inv.lang,
    addedBy: inv.user,
    // `--from`: live region names already (intake); none keeps the watch as it always was.
    ...(op.regions?.length ? { regions: [...new Set(op.regions)].sort() } : {}),
  };
  switch (op.kind) {
    case 'http':
      return {
        ...base,
        kind: 'http',
        id: httpWatchId(op.url),
        url: op.url,
        status: [200, 299],
        ...(op.connectTo ? { connectTo: op.connectTo } : {}),
      };
    case 'dns':
      return {
        ...base,
        kind: 'dns',
        id: dnsWatchId(op.name),
        name: op.name,
        type: 'A',
        resolvers: [],
      };
    case 'wechat':
      return { ...base, kind: 'wechat', id: wechatWatchId(op.alias), alias: op.alias };
    default:
      return {
        ...base,
        id: watchId(op.host, op.port),
        host: op.host,
        port: op.port,
        ...(op.connectTo ? { connectTo: op.connectTo } : {}),
        days: op.days ?? [...DEFAULT_DAYS],
      };
  }
}

/**
 * What the address guard is asked about: the host and port a certificate or URL watch connects
 * to. A dns watch asks the default resolvers, a wechat watch the configured API origin (the
 * api-domains probe is guarded at every connection).
 */
function admitted(op: AddOp): { host: string; port: number; connectTo?: string } | null {
  if (op.kind === 'dns' || op.kind === 'wechat') return null;
  if (op.kind === 'http') {
    const { host, port } = originOf(new URL(op.url));
    return { host, port, ...(op.connectTo ? { connectTo: op.connectTo } : {}) };
  }
  return { host: op.host, port: op.port, ...(op.connectTo ? { connectTo: op.connectTo } : {}) };
}

/** A Slack channel id as a destination, in the asker's workspace (none when asked from WeCom). */
function slackChannel(inv: Invocation, id: string): Destination {
  return {
    platform: 'slack',
    workspace: inv.platform === 'slack' ? inv.workspace : '',
    conversation: id,
  };
}

async function destination(
  name: string | null,
  raw: string,
  inv: Invocation,
  channels: ChannelLookup | undefined,
): Promise<Destination | WatchAnswer> {
  if (name !== null) {
    const found: ChannelAnswer = channels
      ? await channels(name, inv.platform === 'slack' ? inv.workspace : '')
      : { problem: 'unavailable' };
    if (found.problem !== undefined) {
      const id = found.id !== undefined ? { id: found.id } : {};
      return { answer: 'channel', name, problem: found.problem, ...id };
    }
    return slackChannel(inv, found.id);
  }
  const d = parseDestination(raw, { platform: inv.platform, workspace: inv.workspace });
  return typeof d === 'string' ? { answer: 'bad-destination', problem: d } : d;
}
