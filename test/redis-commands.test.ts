/**
 * Issue 16: the Redis commands one `/wx cert` costs end to end (Slack front end, queue, workers,
 * fake Slack; test/fixtures/command-count.ts), bounded. BullMQ's blocking waits for the next job
 * (BZPOPMIN) are left out: how many there are depends on timing, not on the command's work.
 * bench/redis-commands.ts prints the figures.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BLOCKING,
  breakdown,
  type CommandCounter,
  countBy,
  type MonitoredCommand,
  startCommandCounter,
} from './fixtures/command-count.js';

/**
 * Work commands (scripts' own calls included, as Redis counts them) per command: 71 measured up to
 * the command job's completion, plus room for one extra empty poll of a worker (7 commands). Of
 * the 71, BullMQ's own for one job: add 10, take 10, complete 24, the worker's two empty polls 14.
 * (224–231 with the flow of a probe job, a parent post job and an answer job that delivered the
 * result and verdict; 286 with a check job as the flow's parent, adding the delivery job; 347 with
 * the verdict edit in a job of its own.)
 */
const MAX_WORK_COMMANDS = 78;
/** BullMQ jobs per command: one, the `command` job that posts, probes and answers. */
const MAX_JOBS = 1;

let counter: CommandCounter;
before(async () => {
  counter = await startCommandCounter();
  // The first command pays for what is done once (queues' keys, scripts sent whole).
  await counter.command();
});
after(() => counter?.close());

/** Jobs created: BullMQ's add scripts write a new job's hash with its name first. */
function jobsAdded(monitored: MonitoredCommand[]): number {
  return monitored.filter((c) => c.source === 'lua' && c.name === 'hmset' && c.args[1] === 'name')
    .length;
}

test('one /wx cert costs Redis at most MAX_WORK_COMMANDS commands and MAX_JOBS jobs', {
  timeout: 60_000,
}, async () => {
  const { monitored } = await counter.command();
  const b = breakdown(monitored);
  const top = [...countBy(monitored.filter((c) => !BLOCKING.has(c.name)))]
    .sort((x, y) => y[1] - x[1])
    .slice(0, 8)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  assert.ok(
    b.work <= MAX_WORK_COMMANDS,
    `${b.work} work commands (bound ${MAX_WORK_COMMANDS}; ${b.inScripts} in scripts); top: ${top}`,
  );
  assert.ok(jobsAdded(monitored) <= MAX_JOBS, `${jobsAdded(monitored)} jobs added`);
});
