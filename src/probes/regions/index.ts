export { COMPARERS, type CompareOptions, compareRegions } from './compare.js';
export { factsOf } from './facts.js';
export * from './types.js';
