/**
 * Deadlines that hold whatever the garbage collector does. `AbortSignal.any([AbortSignal.timeout(ms), s])`
 * does not: the composite holds the timeout signal only weakly, so after a GC the timeout may
 * never fire (nodejs/node#57736, Node 20). Here one AbortController is owned by a timer that the
 * timer list keeps alive (unref'd: a forgotten deadline never holds the process open), and the
 * parents are followed through listeners that clear() removes.
 */

export interface Deadline {
  /** Aborts at the deadline (a TimeoutError), when a parent aborts (its reason), or on abort(). */
  readonly signal: AbortSignal;
  /** Epoch ms of the deadline; Infinity without one. */
  readonly at: number;
  /** The deadline itself fired (not a parent, not abort()). */
  readonly expired: boolean;
  abort(reason?: unknown): void;
  /** Stops the timer and lets go of the parents; idempotent. Call it once the work is done. */
  clear(): void;
}

/**
 * The reason of an abort() given none, as AbortController's own, but made once: a DOMException
 * captures a stack trace, and every probe aborts a few deadlines just to end leftover work.
 */
const ABORTED = new DOMException('This operation was aborted', 'AbortError');

/** setTimeout's longest delay; longer ones fire at once. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * A signal that aborts after `ms` (none when null) or when any parent aborts, the one thing to
 * use where `AbortSignal.timeout` or `AbortSignal.any` would be.
 */
export function startDeadline(
  ms: number | null,
  ...parents: ReadonlyArray<AbortSignal | undefined>
): Deadline {
  const controller = new AbortController();
  const at = ms === null ? Number.POSITIVE_INFINITY : Date.now() + Math.max(0, ms);
  let expired = false;
  let timer: NodeJS.Timeout | undefined;
  const followed: Array<[AbortSignal, () => void]> = [];

  const clear = () => {
    clearTimeout(timer);
    timer = undefined;
    for (const [parent, listener] of followed.splice(0)) {
      parent.removeEventListener('abort', listener);
    }
  };
  const abort = (reason: unknown = ABORTED) => {
    clear();
    if (!controller.signal.aborted) controller.abort(reason);
  };

  for (const parent of parents) {
    if (!parent) continue;
    if (parent.aborted) {
      abort(parent.reason);
      return view();
    }
    const listener = () => abort(parent.reason);
    parent.addEventListener('abort', listener, { once: true });
    followed.push([parent, listener]);
  }
  if (ms !== null) {
    timer = setTimeout(
      () => {
        expired = true;
        abort(new DOMException(`deadline of ${ms} ms reached`, 'TimeoutError'));
      },
      Math.min(MAX_DELAY_MS, Math.max(0, ms)),
    );
    timer.unref();
  }
  return view();

  function view(): Deadline {
    return {
      signal: controller.signal,
      at,
      get expired() {
        return expired;
      },
      abort,
      clear,
    };
  }
}

/** Thrown by `watchdog` when the work outlived its deadline and grace. */
export class Overdue extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Overdue';
  }
}

/**
 * The work's outcome, or an `Overdue` rejection at epoch ms `at` for work that ignores its own
 * deadline: `onLate` runs first (abort the work's controller, so its sockets close). The work is
 * abandoned, not stopped: JavaScript cannot stop a promise that listens to nothing.
 */
export function watchdog<T>(work: Promise<T>, at: number, onLate: () => string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // Kept referenced: a probe hung on nothing at all must still end the process's wait.
    const timer = setTimeout(
      () => reject(new Overdue(onLate())),
      Math.min(MAX_DELAY_MS, Math.max(0, at - Date.now())),
    );
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
