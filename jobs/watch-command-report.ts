/**
 * `/wx incident report #W12[.n]` and the Report button: the post-incident record of a watch's
 * incident (the latest unless numbered), posted in the incident's thread when asked where the
 * incident was posted, else where asked. Another conversation's watch or record is answered as
 * not found.
 */
import type { Invocation, OutboundMessage } from '../src/model/index.js';
import type { WatchOp } from '../src/model/watch-op.js';
import type { IncidentRecords } from '../src/store/incident-records.js';
import { parentId } from '../src/watch/messages.js';
import { findRecord } from '../src/watch/record-keeper.js';
import { type Conversation, inScope, sameConversation } from '../src/watch/scope.js';
import type { WatchService } from '../src/watch/service.js';
import type { StoredWatch } from '../src/watch/store.js';

export interface ReportDeps {
  service: WatchService;
  records: IncidentRecords;
  now(): number;
  /** The Markdown's public link of a record (WeCom), when a public URL is configured. */
  link?: (id: string) => string;
}

export async function reportIncident(
  inv: Invocation,
  op: Extract<WatchOp, { op: 'report' }>,
  here: Conversation,
  admin: boolean,
  deps: ReportDeps,
): Promise<OutboundMessage | null> {
  const watch = await watchOf(op, deps.service);
  const visible = watch && (admin || inScope(watch.watch, here)) ? watch : null;
  const ref = visible?.watch.ref ?? op.ref;
  if (!ref) return null;
  const record = await findRecord(
    deps.records,
    { watch: visible, ref, ...(op.incident !== undefined ? { n: op.incident } : {}), here, admin },
    deps.now(),
  );
  if (!record) return null;
  const link = inv.platform === 'wecom' && deps.link ? deps.link(record.id) : undefined;
  const dest = visible?.watch.to.find((d) => sameConversation(d, here));
  const where = inv.thread
    ? { action: 'reply' as const, threadRef: inv.thread }
    : dest && visible
      ? { action: 'reply' as const, threadOf: parentId(visible.watch, record.n, dest) }
      : { action: 'post' as const };
  return {
    id: `${inv.id}:record`,
    platform: inv.platform,
    workspace: inv.workspace,
    conversation: inv.conversation,
    invocationId: inv.id,
    ...where,
    lang: inv.lang,
    content: { type: 'incident-record', record, ...(link ? { link } : {}) },
  };
}

async function watchOf(
  op: Extract<WatchOp, { op: 'report' }>,
  service: WatchService,
): Promise<StoredWatch | null> {
  if (op.id) return service.get(op.id);
  // References are looked up rarely (a person asks): a pass over the watches is fine.
  return (await service.list()).find((s) => s.watch.ref === op.ref) ?? null;
}
