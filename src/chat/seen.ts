/** The front ends' rule for redeliveries when the seen store (src/store/seen.ts) cannot answer. */
import { within } from '../http/within.js';

/**
 * Whether to handle a delivery: `first` within `ms`, or, when Redis cannot tell in time, true
 * (`unavailable` says so): better a rare duplicate than a lost command, and the invocation id,
 * derived from the delivery, still keeps its jobs from running twice.
 */
export function firstOrUnsure(
  first: Promise<boolean>,
  ms: number,
  what: string,
  unavailable: (err: Error) => void,
): Promise<boolean> {
  return within(first, ms, what).catch((err: Error) => {
    unavailable(err);
    return true;
  });
}
