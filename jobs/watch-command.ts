/**
 * The watch `command` job: `/wx watch add|rm|list|mute|check` and the incident buttons
 * (ack, snooze), run where the watches are. Answers go through `notify` like any result.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import type { Invocation, OutboundMessage } from '../src/model/index.js';
import type { WatchCommandJobData } from '../src/queue/watch-jobs.js';
import { watchAnswerText } from '../src/render/watch-answers.js';
import { type WatchAnswer, watchRows } from '../src/watch/answers.js';
import { parseDestination } from '../src/watch/destinations.js';
import { watchId } from '../src/watch/id.js';
import type { WatchService } from '../src/watch/service.js';
import { DEFAULT_DAYS, type Destination } from '../src/watch/types.js';

export interface WatchCommandOptions {
  service: WatchService;
  enqueue(messages: OutboundMessage[]): Promise<void>;
  now(): number;
}

export function createWatchCommandProcessor(opts: WatchCommandOptions) {
  return async (job: Job<WatchCommandJobData>): Promise<{ answered: boolean }> => {
    const { invocation: inv, op } = job.data;
    const answer = async (level: 'info' | 'error', a: WatchAnswer) => {
      await opts.enqueue([answerMessage(inv, level, watchAnswerText(a, inv.lang))]);
      return { answered: true };
    };
    const { service } = opts;
    switch (op.op) {
      case 'add': {
        const origin = { platform: inv.platform, workspace: inv.workspace };
        const to: Destination[] = [];
        for (const raw of op.to) {
          const d = parseDestination(raw, origin);
          if (typeof d === 'string')
            return answer('error', { answer: 'bad-destination', problem: d });
          to.push(d);
        }
        if (to.length === 0) {
          to.push({
            platform: inv.platform,
            workspace: inv.workspace,
            conversation: inv.conversation,
          });
        }
        const id = watchId(op.host, op.port);
        const existing = (await service.list()).find((s) => s.watch.id === id);
        if (existing?.watch.source === 'file') return answer('error', { answer: 'in-file', id });
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
        });
        return answer('info', { answer: 'added', ref: watch.ref, id, to, days, created });
      }
      case 'rm': {
        const existing = (await service.list()).find((s) => s.watch.id === op.id);
        if (existing?.watch.source === 'file')
          return answer('error', { answer: 'in-file', id: op.id });
        const removed = await service.remove(op.id);
        return answer('info', { answer: removed ? 'removed' : 'not-watched', id: op.id });
      }
      case 'list':
        return answer('info', {
          answer: 'list',
          rows: watchRows(await service.list(), opts.now()),
        });
      case 'mute':
        if (!(await service.mute(op.id, op.ms)))
          return answer('error', { answer: 'not-watched', id: op.id });
        return answer('info', { answer: 'muted', id: op.id, until: opts.now() + op.ms });
      case 'check':
        if (!(await service.recheck(op.id)))
          return answer('error', { answer: 'not-watched', id: op.id });
        return answer('info', { answer: 'checking', id: op.id });
      case 'ack':
        // The parent's edit and the thread reply are the answer.
        if (!(await service.acknowledge(op.id, op.incident, inv.user))) {
          return answer('error', { answer: 'not-watched', id: op.id });
        }
        return { answered: false };
      case 'snooze':
        if (!(await service.snooze(op.id, op.incident, op.ms))) {
          return answer('error', { answer: 'not-watched', id: op.id });
        }
        return { answered: false };
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
