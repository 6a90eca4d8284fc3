import { type Deadline, startDeadline } from '../deadline.js';
import { finding } from '../findings.js';
import { refusal } from '../net/guard.js';
import type { ProbeContext, ProbeFn } from '../types.js';
import { makeResult, start } from '../verdict.js';
import { type Asked, analyse, type Observed } from './compare.js';
import { dnsTarget, emptyDnsDetail, questionText } from './detail.js';
import { normaliseDnsName } from './name.js';
import { pinnedFindings } from './pinned.js';
import { queryResolver } from './query.js';
import { followChain, toRecord } from './records.js';
import { formatResolver, isValidSpec, systemResolver } from './resolvers.js';
import {
  type DnsDetail,
  type DnsSpec,
  isRecordType,
  type ResolverChoice,
  type ResolverResult,
} from './types.js';

export { dnsTarget, emptyDnsDetail } from './detail.js';
export { resolverLookup, withResolvers } from './lookup.js';
export { normaliseDnsName } from './name.js';
export { DEFAULT_RESOLVERS, formatResolver, parseResolver } from './resolvers.js';
export {
  type DnsDetail,
  type DnsRecord,
  type DnsSpec,
  isRecordType,
  RECORD_TYPES,
  type RecordType,
  type ResolverChoice,
  type ResolverResult,
  type ResolverSpec,
} from './types.js';

/** Time kept back from the deadline so the result is assembled before it, not after. */
const RESERVE_MS = 50;

/**
 * Asks every resolver the same question at once, over UDP (TCP when truncated), and compares
 * what they say: rcodes, CNAME chains, answer sets.
 */
export const probeDns: ProbeFn<DnsSpec, DnsDetail> = async (spec, ctx) => {
  const started = start(ctx.now);
  const problem = specProblem(spec);
  if (problem) {
    return makeResult(
      'dns',
      dnsTarget(spec),
      started,
      [finding('PROBE_ERROR', problem)],
      emptyDnsDetail(spec),
    );
  }
  const q: Asked = { name: normaliseDnsName(spec.name), type: spec.type };
  const queries = queryDeadline(ctx);
  let observed: Observed[];
  try {
    observed = await Promise.all(
      spec.resolvers.map((choice) => ask(choice, q, ctx, queries.signal)),
    );
  } finally {
    queries.clear();
  }
  const detail: DnsDetail = { ...q, resolvers: observed.map((o) => o.result) };
  const findings = analyse(q, observed, spec.expect);
  return makeResult(
    'dns',
    questionText(q),
    started,
    spec.pinnedTo ? pinnedFindings(findings, q.name, spec.pinnedTo) : findings,
    detail,
  );
};

function specProblem(spec: DnsSpec): string | null {
  if (!isRecordType(spec.type)) return `unsupported record type ${JSON.stringify(spec.type)}`;
  if (spec.resolvers.length === 0) return 'no resolvers to ask';
  try {
    normaliseDnsName(spec.name);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

async function ask(
  choice: ResolverChoice,
  q: Asked,
  ctx: ProbeContext,
  signal: AbortSignal,
): Promise<Observed> {
  const server = choice === 'system' ? systemResolver() : choice;
  const base = { rcode: null, answers: [], cnameChain: [], timeMs: 0, transport: 'udp' as const };
  if (!server || !isValidSpec(server)) {
    const resolver = choice === 'system' ? 'system' : JSON.stringify(choice);
    const error = server ? 'not an IP address and port' : 'no nameserver configured';
    return {
      outcome: 'invalid',
      result: { resolver, address: server?.address ?? '', port: server?.port ?? 0, ...base, error },
    };
  }
  const label = choice === 'system' ? `system (${formatResolver(server)})` : formatResolver(server);
  const where = { resolver: label, address: server.address, port: server.port };
  // The system resolver is the operator's own configuration, so only explicit ones are guarded.
  const refused = choice === 'system' ? null : refusal(ctx.policy, server.address);
  if (refused) {
    return {
      outcome: 'blocked',
      result: { ...where, ...base, error: `refused by address guard: ${refused}` },
    };
  }

  const wire = await queryResolver(server, q, signal);
  const common = { ...where, timeMs: wire.timeMs, transport: wire.transport };
  if (wire.kind === 'response') {
    const answers = wire.answers.filter((a) => a.type !== 'OPT').map(toRecord);
    const { chain } = followChain(answers, q.name, q.type);
    const result: ResolverResult = {
      ...common,
      rcode: wire.rcode,
      answers,
      cnameChain: chain,
    };
    return { outcome: 'response', result };
  }
  const error = wire.kind === 'timeout' ? 'timeout' : wire.error;
  return {
    outcome: wire.kind,
    result: { ...common, rcode: null, error, answers: [], cnameChain: [] },
  };
}

/** The probe's signal, aborted a little early so that answering "timeout" fits in the deadline. */
function queryDeadline(ctx: ProbeContext): Deadline {
  const budget = ctx.deadline - Date.now();
  const reserve = Math.min(RESERVE_MS, Math.ceil(budget * 0.05));
  return startDeadline(Math.max(0, Math.floor(budget - reserve)), ctx.signal);
}
