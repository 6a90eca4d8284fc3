import { finding } from '../findings.js';
import type { Finding, Severity } from '../types.js';
import { followChain } from './records.js';
import type { RecordType, ResolverResult } from './types.js';

/** What happened when a resolver was (or was not) asked. */
export type Outcome =
  /** A DNS response with an rcode. */
  | 'response'
  | 'timeout'
  | 'unreachable'
  /** Not asked: the address guard refused the resolver. */
  | 'blocked'
  /** Not asked: no usable address (bad job payload, no system nameserver). */
  | 'invalid';

export interface Observed {
  result: ResolverResult;
  outcome: Outcome;
}

export interface Asked {
  name: string;
  type: RecordType;
}

type FailureCode =
  | 'DNS_NXDOMAIN'
  | 'DNS_SERVFAIL'
  | 'DNS_REFUSED'
  | 'DNS_TIMEOUT'
  | 'DNS_UNREACHABLE';
const FAILURE_ORDER: FailureCode[] = [
  'DNS_NXDOMAIN',
  'DNS_SERVFAIL',
  'DNS_REFUSED',
  'DNS_TIMEOUT',
  'DNS_UNREACHABLE',
];
const SEVERITY_RANK: Record<Severity, number> = { fail: 0, warn: 1, info: 2 };

/** "example.com" for A, "example.com AAAA" otherwise: the probe's target and the findings' subject. */
export function questionText(q: Asked): string {
  const name = q.name === '' ? '.' : q.name;
  return q.type === 'A' ? name : `${name} ${q.type}`;
}

/** The findings for one question asked of several resolvers, most severe first. */
export function analyse(q: Asked, observed: readonly Observed[]): Finding[] {
  const subject = questionText(q);
  const findings: Finding[] = [];

  const blocked = observed.filter((o) => o.outcome === 'blocked');
  if (blocked.length > 0) {
    findings.push(
      finding('ADDRESS_BLOCKED', `Did not ask ${list(blocked.map(errorOf))} about ${subject}.`, {
        hint: 'Ask a public resolver, or have an operator allow-list the range (WX_PROBE_ALLOW) or run `wx dns` locally.',
      }),
    );
  }
  const invalid = observed.filter((o) => o.outcome === 'invalid');
  if (invalid.length > 0) {
    findings.push(finding('PROBE_ERROR', `Could not ask ${list(invalid.map(errorOf))}.`));
  }

  const asked = observed.filter((o) => o.outcome !== 'blocked' && o.outcome !== 'invalid');
  const answered = asked.filter((o) => failureCode(o) === null);
  const failed = asked.filter((o) => failureCode(o) !== null);

  if (answered.length > 0 && failed.length > 0) {
    findings.push(
      finding(
        'DNS_PARTIAL_FAILURE',
        `${failed.length} of ${asked.length} resolvers failed for ${subject}: ${list(failed.map(failureOf))}; ${list(answered.map(labelOf))} answered.`,
      ),
    );
  }
  // One resolver failing among good ones is a warning; nothing answering is the failure itself.
  const severity: Severity = answered.length > 0 ? 'warn' : 'fail';
  for (const code of FAILURE_ORDER) {
    const group = failed.filter((o) => failureCode(o) === code);
    if (group.length > 0) findings.push(failureFinding(code, group, q, severity));
  }

  findings.push(...answerFindings(q, answered));
  return findings.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

function failureCode(o: Observed): FailureCode | null {
  if (o.outcome === 'timeout') return 'DNS_TIMEOUT';
  if (o.outcome === 'unreachable') return 'DNS_UNREACHABLE';
  switch (o.result.rcode) {
    case 'NOERROR':
      return null;
    case 'NXDOMAIN':
      return 'DNS_NXDOMAIN';
    case 'SERVFAIL':
      return 'DNS_SERVFAIL';
    // REFUSED, and the rarer NOTIMP/FORMERR/…: this resolver will not answer this question.
    default:
      return 'DNS_REFUSED';
  }
}

function failureFinding(
  code: FailureCode,
  group: Observed[],
  q: Asked,
  severity: Severity,
): Finding {
  const subject = questionText(q);
  switch (code) {
    case 'DNS_NXDOMAIN': {
      const broken = group
        .map((o) => o.result.cnameChain.at(-1))
        .find((target) => target !== undefined);
      if (broken) {
        return finding(
          code,
          `${q.name} is a CNAME to a name that does not exist (${broken}): ${list(group.map(withChain))} answered NXDOMAIN.`,
          { severity, hint: `Fix the CNAME of ${q.name} or create ${broken}.` },
        );
      }
      return finding(
        code,
        `${q.name === '' ? '.' : q.name} does not exist: ${list(group.map(labelOf))} answered NXDOMAIN.`,
        { severity },
      );
    }
    case 'DNS_SERVFAIL':
      return finding(code, `${list(group.map(labelOf))} answered SERVFAIL for ${subject}.`, {
        severity,
      });
    case 'DNS_REFUSED':
      return finding(
        code,
        `${list(group.map((o) => `${labelOf(o)} answered ${o.result.rcode}`))} for ${subject}.`,
        { severity },
      );
    case 'DNS_TIMEOUT':
      return finding(code, `No answer for ${subject} from ${list(group.map(failureOf))}.`, {
        severity,
      });
    case 'DNS_UNREACHABLE':
      return finding(code, `Could not ask ${list(group.map(failureOf))} about ${subject}.`, {
        severity,
      });
  }
}

function answerFindings(q: Asked, answered: Observed[]): Finding[] {
  if (answered.length === 0) return [];
  const subject = questionText(q);
  const seen = answered.map((o) => {
    const followed = followChain(o.result.answers, q.name, q.type);
    // Compared as sets of record data: order and TTLs legitimately differ between resolvers.
    const data = [...new Set(followed.final.map((r) => r.data))].sort();
    return { o, followed, data, key: JSON.stringify(data) };
  });
  const findings: Finding[] = [];

  const empty = seen.filter((s) => s.data.length === 0);
  if (empty.length > 0) {
    findings.push(
      finding(
        'DNS_NO_ANSWER',
        `${list(empty.map((s) => withChain(s.o)))} answered NOERROR with no ${q.type} record for ${q.name === '' ? '.' : q.name}.`,
      ),
    );
  }

  const groups = new Map<string, typeof seen>();
  for (const s of seen) groups.set(s.key, [...(groups.get(s.key) ?? []), s]);
  if (groups.size > 1) {
    const said = [...groups.values()].map((members) => {
      const [first] = members;
      const answer = first && first.data.length > 0 ? first.data.join(', ') : `no ${q.type} record`;
      const ends = new Set(members.map((m) => m.followed.chain.at(-1)));
      const [end] = ends;
      const via = ends.size === 1 && end !== undefined ? ` (via CNAME ${end})` : '';
      return `${list(members.map((m) => labelOf(m.o)))} ${members.length > 1 ? 'say' : 'says'} ${answer}${via}`;
    });
    findings.push(
      finding(
        'DNS_INCONSISTENT',
        `Resolvers disagree on ${subject}: ${said.join('; ')}. GeoDNS and CDNs answer by the client's location, which makes this legitimate; a stale record or a half-finished migration does not.`,
      ),
    );
  }
  return findings;
}

function labelOf(o: Observed): string {
  return o.result.resolver;
}

function errorOf(o: Observed): string {
  return `${o.result.resolver} (${o.result.error ?? 'no reason given'})`;
}

/** "8.8.8.8 (no answer within 9950 ms)", "1.1.1.1 (SERVFAIL)", "10.0.0.1 (unreachable (…))". */
function failureOf(o: Observed): string {
  const r = o.result;
  if (o.outcome === 'timeout') {
    return `${r.resolver} (no answer within ${r.timeMs} ms${r.transport === 'tcp' ? ' over TCP' : ''})`;
  }
  if (o.outcome === 'unreachable') return errorOf(o);
  return `${r.resolver} (${r.rcode})`;
}

function withChain(o: Observed): string {
  const chain = o.result.cnameChain;
  return chain.length > 0 ? `${labelOf(o)} (via CNAME ${chain.join(' → ')})` : labelOf(o);
}

/** "a", "a and b", "a, b and c". */
function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
