/**
 * A memory cgroup for one benchmark child: what a container's memory limit is to a deployed
 * worker (deploy/kubernetes/worker.yaml limits it to 320 MiB). Node sizes its heap from that
 * limit at start-up (process.constrainedMemory()), with no heap flag: the child must be in the
 * group before it starts, so it is started through `sh`, which joins the group and execs it.
 * cgroup v2 (unified) or v1 (the memory controller's own hierarchy); needs root.
 */
import { existsSync, mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MemoryCgroup {
  /** `argv` run inside the group. */
  wrap(argv: readonly string[]): string[];
  /** Removes the group (its processes must have exited). */
  remove(): void;
}

export function memoryCgroup(name: string, limitMb: number): MemoryCgroup {
  const v2 = existsSync('/sys/fs/cgroup/cgroup.controllers');
  const dir = v2 ? join('/sys/fs/cgroup', name) : join('/sys/fs/cgroup/memory', name);
  mkdirSync(dir, { recursive: true });
  const bytes = String(limitMb * 1024 * 1024);
  writeFileSync(join(dir, v2 ? 'memory.max' : 'memory.limit_in_bytes'), bytes);
  const procs = join(dir, 'cgroup.procs');
  return {
    wrap: (argv) => ['sh', '-c', `echo $$ > ${procs} && exec "$@"`, 'sh', ...argv],
    remove() {
      try {
        rmdirSync(dir);
      } catch {
        // Still busy or already gone: the next run reuses it.
      }
    },
  };
}
