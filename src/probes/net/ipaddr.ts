/**
 * ipaddr.js, loaded with `require`: it is CommonJS, and Node's ESM wrapper of it (its export
 * names found by lexing its 38 kB source) made up much of its cost at every `wx` start.
 */
import { createRequire } from 'node:module';
import type Address from 'ipaddr.js';

export const ipaddr = createRequire(import.meta.url)('ipaddr.js') as typeof Address;
export type IPv4 = Address.IPv4;
export type IPv6 = Address.IPv6;
