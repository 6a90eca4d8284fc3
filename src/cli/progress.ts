/**
 * One line on stderr, rewritten in place while a batch runs; only on a terminal. Anything else
 * written to the same terminal clears it first (`around`), so results never land on its text.
 */
import type { Writable } from 'node:stream';

const CLEAR = '\r\x1b[2K';

export class ProgressLine {
  private shown = false;
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly out: Writable,
    private readonly enabled: boolean,
    private readonly everyMs = 100,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Shows `text`, at most every `everyMs` unless forced. */
  show(text: string, force = false): void {
    if (!this.enabled) return;
    const t = this.now();
    if (!force && t - this.last < this.everyMs) return;
    this.last = t;
    this.out.write(`${CLEAR}${text}`);
    this.shown = true;
  }

  clear(): void {
    if (!this.shown) return;
    this.out.write(CLEAR);
    this.shown = false;
  }

  /** Writes other output with the line out of the way, then puts it back. */
  around(write: () => void, text: () => string): void {
    const was = this.shown;
    this.clear();
    write();
    if (was) this.show(text(), true);
  }
}
