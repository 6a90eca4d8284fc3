/**
 * `promise`, or a rejection after `ms`: a Redis client queueing commands offline must not hang a
 * listener, a health check or a scrape. The rejection says `${what} took longer than ${ms} ms`,
 * or, when `what` is a function, what it writes.
 */
export async function within<T>(
  promise: Promise<T>,
  ms: number,
  what: string | ((ms: number) => string),
): Promise<T> {
  promise.catch(() => {});
  const message = typeof what === 'function' ? what(ms) : `${what} took longer than ${ms} ms`;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
