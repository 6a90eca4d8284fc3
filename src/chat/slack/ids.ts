import { createHash, randomUUID } from 'node:crypto';

/**
 * Invocation ids from what Slack sends, so a redelivered request maps to the same id (and the
 * same job ids). BullMQ job ids may not contain `:`, hence hex.
 */
export function invocationId(
  kind: 'cmd' | 'act' | 'evt',
  ...parts: Array<string | undefined>
): string {
  if (parts.some((p) => p === undefined || p === '')) return `sl-${kind}-${randomUUID()}`;
  const digest = createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
  return `sl-${kind}-${digest}`;
}
