/**
 * The jobs a worker is running, each with its deadline: a worker whose every slot is held by a
 * job past its deadline takes no more work, and /healthz says so.
 */

/** A job this late past its deadline counts as stuck (one that ends right at it is not). */
const SETTLE_MS = 250;

/** A held slot: call it to release; `until` moves its deadline. */
export interface Held {
  (): void;
  until(at: number): void;
}

export class Slots {
  private readonly held = new Set<{ at: number }>();

  constructor(
    /** The worker's name in the reason ("probe"). */
    readonly name: string,
    /** The worker's concurrency (it follows a worker whose concurrency changes at run time). */
    public capacity: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Holds a slot until the returned function is called (idempotent); `at`: epoch ms deadline,
   * which `until` moves (a job that learns it may wait longer: a regional watch check).
   */
  hold(at: number): Held {
    const entry = { at };
    this.held.add(entry);
    const release = () => {
      this.held.delete(entry);
    };
    return Object.assign(release, {
      until(later: number) {
        entry.at = later;
      },
    });
  }

  /** Slots held by jobs past their deadlines. */
  overdue(): number {
    const late = this.now() - SETTLE_MS;
    let n = 0;
    for (const { at } of this.held) if (at < late) n++;
    return n;
  }

  /** Why the worker can take no work (every slot held past its deadline), or null. */
  stuck(): string | null {
    const n = this.overdue();
    if (this.capacity <= 0 || n < this.capacity) return null;
    return `${this.name} worker: all ${this.capacity} slots held by jobs past their deadlines`;
  }
}
