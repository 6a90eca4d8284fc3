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
 * Work commands (scripts' own calls included, as Redis counts them) per command: 224 measured
 * up to the last job's completion (206 in runs with fewer empty polls), plus room for one extra
 * empty poll of a worker (7 commands). (286 with a check job as the flow's parent, adding the
 * delivery job; 287 reading the children's failures when none can be there; 289 with the delivery
 * job added as a flow of one, in MULTI/EXEC; 261 when the window closed at the last delivery,
 * before that job's moveToFinished; 347 with the verdict edit in a job of its own.)
 */
const MAX_WORK_COMMANDS = 231;
/**
 * BullMQ jobs per command: the probe, the parent post, and the result with its verdict, whose job
 * is the flow's parent (no check for a command of one probe).
 */
const MAX_JOBS = 3;

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
