/**
 * Redis commands per `/wx cert`, end to end (issue 16: goal ≤ 60): the Slack front end, the
 * queue and the workers on a spawned redis-server, one command at a time to a local TLS server,
 * counted from the signed request being sent to the verdict edit's job being completed
 * (test/fixtures/command-count.ts says how). Prints figures; asserts nothing.
 *
 * The first command is counted apart (BullMQ's scripts are sent whole once per connection, the
 * queues' keys are made). Each later command's window is followed by an idle window of the same
 * length, with nothing sent: what the workers issue on their own (blocking waits for the next
 * job, stalled-job checks) is subtracted from the command's as "idle".
 *
 *   node dist/bench/redis-commands.js [--commands N]
 */
import { parseArgs } from 'node:util';
import {
  BLOCKING,
  breakdown,
  byRequest,
  countBy,
  type Request,
  requests,
  startCommandCounter,
  total,
  type WindowCount,
} from '../test/fixtures/command-count.js';

const { values } = parseArgs({
  strict: false,
  options: { commands: { type: 'string', default: '10' } },
});
const COMMANDS = Number(values.commands);

const counter = await startCommandCounter();
const first = await counter.command();
const runs: Array<{ command: WindowCount; idle: WindowCount }> = [];
for (let i = 0; i < COMMANDS; i++) {
  const command = await counter.command();
  const idle = await counter.idle(command.ms);
  runs.push({ command, idle });
}
const scripts = counter.scripts;
const scriptNameSet = new Set(scripts.values());
await counter.close();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const col = (x: number | string, w = 9) => String(x).padStart(w);

console.log(
  `\nredis commands per /wx cert (Slack front end, queue, workers; local TLS server), ` +
    `${COMMANDS} commands one at a time after a first one`,
);
console.log('window: signed request sent → verdict edit job completed\n');
console.log(
  `${'run'.padEnd(10)}${col('ms')}${col('stats')}${col('work')}${col('blocking')}${col('clients')}${col('scripts')}${col('idle')}${col('idle blk')}`,
);
const row = (label: string, w: WindowCount, idle?: WindowCount) => {
  const b = breakdown(w.monitored);
  const i = idle ? breakdown(idle.monitored) : undefined;
  console.log(
    `${label.padEnd(10)}${col(w.ms.toFixed(0))}${col(total(w.stats))}${col(b.work)}${col(b.blocking)}${col(b.fromClients)}${col(b.inScripts)}${col(i ? i.all : '-')}${col(i ? i.blocking : '-')}`,
  );
};
row('first', first);
runs.forEach((r, i) => {
  row(`#${i + 1}`, r.command, r.idle);
});
console.log(
  '\nstats: INFO commandstats delta (commands inside Lua scripts count, as Redis counts them)\n' +
    'work: MONITOR, every command but the blocking waits; blocking: BZPOPMIN and the like\n' +
    'clients: sent by a client (one request each, script calls and pipelined ones alike)\n' +
    'scripts: run inside Lua scripts (EVALSHA bodies); idle: MONITOR, equal window, nothing sent',
);

const stats = runs.map((r) => total(r.command.stats));
const idleAll = runs.map((r) => breakdown(r.idle.monitored).all);
const work = runs.map((r) => breakdown(r.command.monitored).work);
const clients = runs.map(
  (r) => breakdown(r.command.monitored).fromClients - breakdown(r.command.monitored).blocking,
);
console.log(
  `\nmedian per command: ${median(stats)} commands (commandstats), ${median(idleAll)} of them ` +
    `idle-window equivalent → ${median(stats) - median(idleAll)} net; ` +
    `${median(work)} work commands (MONITOR, blocking waits out), ` +
    `${median(clients)} requests from clients (no blocking)`,
);
console.log('goal (issue 16): ≤ 60 per command');

// Where they go: the median run's commands by name, and who sent them.
const mid = [...runs].sort(
  (a, b) => breakdown(a.command.monitored).work - breakdown(b.command.monitored).work,
)[Math.floor(runs.length / 2)];
if (mid) {
  const byName = [...countBy(mid.command.monitored)].sort((a, b) => b[1] - a[1]);
  console.log('\ntop commands of the median run (MONITOR; in scripts + from clients):');
  const lua = countBy(mid.command.monitored.filter((c) => c.source === 'lua'));
  for (const [name, n] of byName.slice(0, 15)) {
    const inLua = lua.get(name) ?? 0;
    const mark = BLOCKING.has(name) ? ' (blocking)' : '';
    console.log(`  ${name.padEnd(22)}${col(n, 5)}  (${inLua} in scripts)${mark}`);
  }

  // Who asked for them: each client request with the commands it ran (a script's own calls
  // included), by BullMQ script or command and by queue; a worker's empty polls apart.
  const reqs = requests(mid.command.monitored, scripts);
  const rows = byRequest(reqs);
  console.log('\nby request of the median run (script or command @ queue: calls, commands):');
  for (const r of rows) {
    const label = `${r.name}${r.queue ? ` @ ${r.queue}` : ''}`;
    console.log(`  ${label.padEnd(46)}${col(r.calls, 5)}${col(r.commands, 6)}`);
  }
  const sum = (xs: Request[]) => xs.reduce((n, r) => n + r.commands, 0);
  const empty = reqs.filter((r) => r.empty);
  const waits = reqs.filter((r) => BLOCKING.has(r.name));
  const jobScripts = reqs.filter((r) => !r.empty && scriptNameSet.has(r.name));
  const plain = reqs.filter((r) => !r.empty && !BLOCKING.has(r.name) && !scriptNameSet.has(r.name));
  console.log(
    `  = ${sum(jobScripts)} in BullMQ scripts that did work (${jobScripts.length} calls), ` +
      `${sum(empty)} in ${empty.length} empty polls (moveToActive finding no job), ` +
      `${sum(plain)} plain commands (${plain.length}), ${waits.length} blocking waits`,
  );
}
