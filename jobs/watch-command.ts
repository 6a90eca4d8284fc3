/**
 * The watch `command` job: `/wx watch add|rm|list|mute|check` and the incident buttons
 * (ack, snooze), run where the watches are. Answers go through `notify` like any result. A
 * conversation sees and acts on its own watches and those that warn it; admins on every watch.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import type { Invocation, OutboundMessage } from '../src/model/index.js';
import type { WatchCommandJobData } from '../src/queue/watch-jobs.js';
import { watchAnswerText } from '../src/render/watch-answers.js';
import { adminOf, conversationOf, type WatchAccess, watchAccess } from '../src/watch/access.js';
import type { Admit } from '../src/watch/admit.js';
import { type WatchAnswer, watchRows } from '../src/watch/answers.js';
import type { ChannelLookup } from '../src/watch/destinations.js';
import { inScope } from '../src/watch/scope.js';
import type { WatchService } from '../src/watch/service.js';
import { addWatch } from './watch-command-add.js';
import { type ReportDeps, reportIncident } from './watch-command-report.js';

export interface WatchCommandOptions {
  service: WatchService;
  enqueue(messages: OutboundMessage[]): Promise<void>;
  now(): number;
  /** The address guard at `watch add` (chat-added watches are probed guarded). */
  admit: Admit;
  /** Admins, the destination allow-list and the limits (default: no admins, none, 50 / 10,000). */
  access?: WatchAccess;
  /** `--to #name` → a Slack channel id (Slack configured). */
  channels?: ChannelLookup;
  /** Post-incident records (`/wx incident report`) and their public links (WeCom). */
  records?: Omit<ReportDeps, 'service' | 'now'>;
}

export function createWatchCommandProcessor(opts: WatchCommandOptions) {
  const access = opts.access ?? watchAccess();
  return async (job: Job<WatchCommandJobData>): Promise<{ answered: boolean }> => {
    const { invocation: inv, op } = job.data;
    const answer = async (level: 'info' | 'error', a: WatchAnswer) => {
      await opts.enqueue([answerMessage(inv, level, watchAnswerText(a, inv.lang))]);
      return { answered: true };
    };
    const { service } = opts;
    const admin = adminOf(access, inv);
    const here = conversationOf(inv);
    /** The watch, when this conversation may act on it (another's is answered as not watched). */
    const reachable = async (id: string) => {
      const stored = await service.get(id);
      return stored && (admin || inScope(stored.watch, here)) ? stored : null;
    };
    switch (op.op) {
      case 'add': {
        const { level, answer: a } = await addWatch(inv, op, {
          service,
          access,
          admit: opts.admit,
          ...(opts.channels ? { channels: opts.channels } : {}),
        });
        return answer(level, a);
      }
      case 'rm': {
        const existing = await reachable(op.id);
        if (existing?.watch.source === 'file')
          return answer('error', { answer: 'in-file', id: op.id });
        const removed = existing !== null && (await service.remove(op.id));
        return answer('info', { answer: removed ? 'removed' : 'not-watched', id: op.id });
      }
      case 'list': {
        const all = await service.list();
        const mine = admin ? all : all.filter((s) => inScope(s.watch, here));
        return answer('info', { answer: 'list', rows: watchRows(mine, opts.now()), all: admin });
      }
      case 'mute':
        if (!(await reachable(op.id)) || !(await service.mute(op.id, op.ms)))
          return answer('error', { answer: 'not-watched', id: op.id });
        return answer('info', { answer: 'muted', id: op.id, until: opts.now() + op.ms });
      case 'check':
        if (!(await reachable(op.id)) || !(await service.recheck(op.id)))
          return answer('error', { answer: 'not-watched', id: op.id });
        return answer('info', { answer: 'checking', id: op.id });
      case 'ack':
        // The parent's edit and the thread reply are the answer.
        if (
          !(await reachable(op.id)) ||
          !(await service.acknowledge(op.id, op.incident, inv.user))
        ) {
          return answer('error', { answer: 'not-watched', id: op.id });
        }
        return { answered: false };
      case 'snooze':
        if (
          !(await reachable(op.id)) ||
          !(await service.snooze(op.id, op.incident, op.ms, inv.user))
        ) {
          return answer('error', { answer: 'not-watched', id: op.id });
        }
        return { answered: false };
      case 'report': {
        const message = opts.records
          ? await reportIncident(inv, op, here, admin, { ...opts.records, service, now: opts.now })
          : null;
        if (!message) {
          const ref = op.ref ? `#${op.ref}` : (op.id ?? '');
          return answer('error', { answer: 'no-record', ref });
        }
        await opts.enqueue([message]);
        return { answered: true };
      }
      default:
        throw new UnrecoverableError('malformed watch command');
    }
  };
}

function answerMessage(inv: Invocation, level: 'info' | 'error', text: string): OutboundMessage {
  return {
    id: `${inv.id}:answer`,
    platform: inv.platform,
    workspace: inv.workspace,
    conversation: inv.conversation,
    invocationId: inv.id,
    action: inv.thread ? 'reply' : 'post',
    ...(inv.thread ? { threadRef: inv.thread } : {}),
    lang: inv.lang,
    content: { type: 'notice', level, text },
  };
}
