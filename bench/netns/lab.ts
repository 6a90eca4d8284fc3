/**
 * A private network for the sweep bench: two network namespaces, the worker's and the farm's,
 * joined by the delay relay (delay-relay.c), which adds `delayMs` each way. In the farm's,
 * every address of ALIVE_NET is local (one route, no address per host), so a server listening
 * on 0.0.0.0 answers them all; DEAD_NET is routed to the farm too, where no route leads anywhere
 * and forwarding is off: its SYNs are dropped without a word, as a firewalled host's are.
 * Nothing here is reachable from the machine's own network, nor reaches it. Needs root.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const WORKER_ADDRESS = '10.77.0.1';
const FARM_ADDRESS = '10.77.0.2';
const ALIVE_NET = [10, 78];
const DEAD_NET = [10, 79];
const NETNS_DIR = '/run/netns';
const NAME_PREFIX = 'wxb';

export interface NetLab {
  /** Namespace names, for `ip netns exec`. */
  workerNs: string;
  farmNs: string;
  /** A scratch folder of this lab (sockets, CA file), removed on close. */
  dir: string;
  /** Runs a command inside a namespace: the argv prefix. */
  inNs(ns: string): string[];
  /** The address of the i-th host that answers, and of the i-th that never does (i < 65,000). */
  alive(i: number): string;
  dead(i: number): string;
  /** Packets carried and dropped by the relay so far (read when it closes). */
  close(): Promise<{ carried: number; dropped: number }>;
}

/** Why the lab cannot be made here, or null when it can. */
export function labUnavailable(): string | null {
  if (process.platform !== 'linux') return 'needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'needs root and ip netns';
  if (spawnSync('ip', ['netns', 'list'], { stdio: 'ignore' }).status !== 0) {
    return 'needs root and ip netns (iproute2)';
  }
  if (!existsSync('/dev/net/tun')) return 'needs /dev/net/tun';
  if (spawnSync('cc', ['--version'], { stdio: 'ignore' }).status !== 0) {
    return 'needs a C compiler (cc) for the delay relay';
  }
  return null;
}

function ip(...args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes namespaces left by an earlier run of this bench that died (its pid is in the name). */
function removeStale(): void {
  const list = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  for (const line of list.split('\n')) {
    const name = line.split(' ')[0] ?? '';
    const m = new RegExp(`^${NAME_PREFIX}(\\d+)[wf]$`).exec(name);
    if (!m || pidAlive(Number(m[1]))) continue;
    const pids = spawnSync('ip', ['netns', 'pids', name], { encoding: 'utf8' }).stdout ?? '';
    for (const pid of pids.split('\n').filter(Boolean)) process.kill(Number(pid), 'SIGKILL');
    spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  }
}

/** The relay, compiled once per source change, beside the build. */
function relayBinary(): string {
  const source = new URL('../../../bench/netns/delay-relay.c', import.meta.url).pathname;
  const dir = new URL('./', import.meta.url).pathname;
  const binary = join(dir, 'delay-relay');
  if (!existsSync(binary) || statSync(binary).mtimeMs < statSync(source).mtimeMs) {
    const cc = spawnSync('cc', ['-O2', '-Wall', '-o', binary, source], { encoding: 'utf8' });
    if (cc.status !== 0) throw new Error(`cc delay-relay.c: ${cc.stderr}`);
  }
  return binary;
}

const address = (net: number[], i: number) => {
  const n = i + 1; // .0.0 is the network's own address
  return `${net[0]}.${net[1]}.${n >> 8}.${n & 255}`;
};

/** Every lab this process has open, undone on exit, Ctrl-C and errors alike. */
const open = new Set<() => void>();
let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  const undoAll = () => {
    for (const undo of open) undo();
  };
  process.on('exit', undoAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      undoAll();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}

export async function openLab(opts: { delayMs: number }): Promise<NetLab> {
  removeStale();
  const binary = relayBinary();
  const workerNs = `${NAME_PREFIX}${process.pid}w`;
  const farmNs = `${NAME_PREFIX}${process.pid}f`;
  const dir = mkdtempSync(join(tmpdir(), 'wxb-sweep-'));
  mkdirSync(dir, { recursive: true });
  let relay: ChildProcess | undefined;
  // Synchronous, so that it can run in an exit handler: the processes first (a namespace lives
  // while a process is in it), then the namespaces, whose devices go with them.
  const undo = () => {
    open.delete(undo);
    if (relay && relay.exitCode === null) relay.kill('SIGKILL');
    for (const ns of [workerNs, farmNs]) {
      const pids = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout ?? '';
      for (const pid of pids.split('\n').filter(Boolean)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // Gone meanwhile.
        }
      }
      spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  open.add(undo);
  hookExit();
  try {
    for (const ns of [workerNs, farmNs]) {
      ip('netns', 'add', ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      // No IPv6 chatter (router solicitations) on the relay; no forwarding: DEAD_NET is dropped.
      const sysctl = spawnSync(
        'ip',
        [
          'netns',
          'exec',
          ns,
          'sysctl',
          '-qw',
          'net.ipv6.conf.all.disable_ipv6=1',
          'net.ipv6.conf.default.disable_ipv6=1',
          'net.ipv4.ip_forward=0',
        ],
        { encoding: 'utf8' },
      );
      if (sysctl.status !== 0) throw new Error(`sysctl in ${ns}: ${sysctl.stderr}`);
    }
    relay = spawn(
      binary,
      [join(NETNS_DIR, workerNs), workerNs, join(NETNS_DIR, farmNs), farmNs, String(opts.delayMs)],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const lines = createInterface({ input: relay.stdout as NodeJS.ReadableStream });
    const [first] = (await Promise.race([
      once(lines, 'line'),
      once(relay, 'exit').then(() => {
        throw new Error('the delay relay exited before it was ready');
      }),
    ])) as [string];
    if (first !== 'ready') throw new Error(`delay relay: ${first}`);
    const [a, b] = ALIVE_NET;
    const [c, d] = DEAD_NET;
    ip('-n', workerNs, 'addr', 'add', `${WORKER_ADDRESS}/32`, 'dev', workerNs);
    ip('-n', workerNs, 'link', 'set', workerNs, 'up');
    ip('-n', workerNs, 'route', 'add', `${a}.${b}.0.0/16`, 'dev', workerNs);
    ip('-n', workerNs, 'route', 'add', `${c}.${d}.0.0/16`, 'dev', workerNs);
    ip('-n', farmNs, 'addr', 'add', `${FARM_ADDRESS}/32`, 'dev', farmNs);
    ip('-n', farmNs, 'link', 'set', farmNs, 'up');
    ip('-n', farmNs, 'route', 'add', `${WORKER_ADDRESS}/32`, 'dev', farmNs);
    ip('-n', farmNs, 'route', 'add', 'local', `${a}.${b}.0.0/16`, 'dev', 'lo');
    const stats = new Promise<{ carried: number; dropped: number }>((resolve) => {
      lines.on('line', (line) => {
        const m = /carried (\d+) dropped (\d+)/.exec(line);
        if (m) resolve({ carried: Number(m[1]), dropped: Number(m[2]) });
      });
      relay?.once('exit', () => resolve({ carried: -1, dropped: -1 }));
    });
    return {
      workerNs,
      farmNs,
      dir,
      inNs: (ns) => ['ip', 'netns', 'exec', ns],
      alive: (i) => address(ALIVE_NET, i),
      dead: (i) => address(DEAD_NET, i),
      async close() {
        relay?.stdin?.end();
        const carried = await stats;
        undo();
        return carried;
      },
    };
  } catch (err) {
    undo();
    throw err;
  }
}
