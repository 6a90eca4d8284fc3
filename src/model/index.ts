/**
 * The ground floor: the vocabulary every layer shares (who asked what, what to say, how it is
 * delivered, what a command asks of the queue). Imports nothing of the project but probe types.
 */
export * from './delivery.js';
export * from './incident-record.js';
export * from './invocation.js';
export * from './lang.js';
export * from './log.js';
export * from './message.js';
export * from './plan.js';
export * from './redis.js';
export * from './region.js';
export * from './watch-op.js';
