/**
 * `wx … --from` and `wx regions`: the terminal as a front end of the bot's queue. It needs Redis
 * (REDIS_URL, and WX_QUEUE_PREFIX when the deployment sets one): the regions come from the
 * workers' heartbeats; a regional command is submitted as the bot submits it, minus the chat
 * posts, and the check job's return value is printed. main.ts loads this module only for these.
 */
import { randomUUID } from 'node:crypto';
import { FlowProducer, Job, Queue, QueueEvents } from 'bullmq';
import { chosenRegions } from '../../commands/regions.js';
import { type Plan, UsageError } from '../../commands/types.js';
import type { Env } from '../config/index.js';
import type { Invocation, Lang, RedisClient } from '../model/index.js';
import { exitCodeOf } from '../probes/verdict.js';
import { commandJobs } from '../queue/command-flow.js';
import { createQueueConnection, quit, readyWithin } from '../queue/connection.js';
import type { CheckJobResult } from '../queue/job-data.js';
import { checkKey, DEFAULT_PREFIX, jobId, QUEUES } from '../queue/names.js';
import { regionsText } from '../render/regions-list.js';
import { renderRegions } from '../render/terminal-regions.js';
import { createWorkerBeats, LIVE_WITHIN_MS } from '../store/worker-beats.js';
import { writeError } from './error-line.js';
import type { CliIO } from './main.js';

type RemotePlan = Extract<Plan, { kind: 'regions' }> | Extract<Plan, { kind: 'probes' }>;

/** Beyond the regions' wait: the check's own run and the trip back. */
const RESULT_MARGIN_MS = 10_000;

export async function runRemote(p: RemotePlan, io: CliIO): Promise<number> {
  const env: Env = io.env ?? process.env;
  const url = env.REDIS_URL?.trim();
  const what = p.kind === 'regions' ? 'wx regions' : '--from';
  if (!url) {
    await writeError(
      io,
      `${what} asks the bot's workers through Redis: set REDIS_URL (and WX_QUEUE_PREFIX if the deployment sets one)`,
    );
    return 3;
  }
  const prefix = env.WX_QUEUE_PREFIX?.trim() || DEFAULT_PREFIX;
  const connection = createQueueConnection(url, 'worker');
  connection.on('error', () => {});
  try {
    try {
      await readyWithin(connection, 5000);
    } catch (err) {
      await writeError(io, `Redis at REDIS_URL is not reachable: ${(err as Error).message}`);
      return 3;
    }
    const live = await createWorkerBeats(connection, { prefix }).live();
    if (p.kind === 'regions') {
      io.stdout.write(`${regionsText(live, io.lang ?? 'en', LIVE_WITHIN_MS)}\n`);
      return live.length > 0 ? 0 : 1;
    }
    const plan = {
      ...p,
      run: { ...p.run, from: chosenRegions(p.command, p.run.from ?? [], live) },
    };
    const result = await submitAndWait(connection, url, prefix, plan, io.lang ?? 'en');
    const report = result.regions;
    if (!report) throw new Error('the check job returned no regions report');
    io.stdout.write(
      p.json
        ? `${JSON.stringify(report, null, 2)}\n`
        : renderRegions(report, { colour: io.colour, lang: io.lang ?? 'en' }),
    );
    return exitCodeOf(report.status);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    await writeError(io, (err as Error).message);
    return 3;
  } finally {
    await quit(connection);
  }
}

async function submitAndWait(
  connection: RedisClient,
  url: string,
  prefix: string,
  plan: Extract<Plan, { kind: 'probes' }>,
  lang: Lang,
): Promise<CheckJobResult> {
  const invocation: Invocation = {
    id: `cli-${randomUUID()}`,
    // Nothing is posted (deliver: false); the fields only say where the command came from.
    platform: 'slack',
    workspace: 'cli',
    conversation: 'cli',
    user: 'cli',
    text: plan.command,
    lang,
    receivedAt: new Date().toISOString(),
  };
  const events = new QueueEvents(QUEUES.check, { connection: { url }, prefix });
  const flows = new FlowProducer({ connection, prefix });
  const checks = new Queue(QUEUES.check, { connection, prefix });
  try {
    await events.waitUntilReady();
    const jobs = commandJobs({ invocation, plan, deliver: false });
    await flows.addBulk(jobs);
    const job = await Job.fromId(checks, jobId(checkKey(invocation.id)));
    if (!job) throw new Error('the command was not queued');
    const waitMs = plan.run.timeoutMs + RESULT_MARGIN_MS + 5000;
    return (await job.waitUntilFinished(events, waitMs)) as CheckJobResult;
  } finally {
    await Promise.all([events.close(), flows.close(), checks.close()]);
  }
}
