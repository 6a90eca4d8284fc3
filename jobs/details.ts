/**
 * The `details` job (`details #W12`, the Details button): the kept result in full, delivered
 * through `notify` into the thread of its answer. A reference that is unknown, expired or another
 * conversation's (admins excepted) gets one answer for all, saying nothing of its existence.
 */
import type { Job, Queue } from 'bullmq';
import { isAdmin } from '../src/config/index.js';
import { messages } from '../src/i18n/index.js';
import { isSameConversation } from '../src/model/index.js';
import { addDelivery } from '../src/queue/command-flow.js';
import type { DetailsJobData } from '../src/queue/details-job.js';
import type { NotifyJobData } from '../src/queue/job-data.js';
import { detailsMessage, noticeMessage } from '../src/queue/messages.js';
import type { ResultStore } from '../src/store/results.js';

export interface DetailsJobOptions {
  /** The notify queue, where the answer's delivery job goes. */
  notify: Pick<Queue<NotifyJobData>, 'add'>;
  results: ResultStore;
  /** WX_ADMINS (`platform:user`): who may see another conversation's result. */
  admins?: readonly string[];
}

export function createDetailsProcessor({ notify, results, admins = [] }: DetailsJobOptions) {
  return async (job: Job<DetailsJobData>): Promise<{ found: boolean }> => {
    const { invocation: inv, ref } = job.data;
    const kept = await results.get(ref);
    const found =
      kept !== null && (isSameConversation(kept.invocation, inv) || isAdmin(admins, inv));
    const message = found
      ? detailsMessage(inv, kept)
      : noticeMessage(inv, 'info', messages(inv.lang).short.unknownDetails(`#${ref}`));
    await addDelivery(notify, message, undefined);
    return { found };
  };
}
