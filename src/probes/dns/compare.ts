import { finding } from '../findings.js';
import type { Finding, Severity } from '../types.js';
import { questionText } from './detail.js';
import { followChain } from './records.js';
import { isPublicName, sinkholeFinding, sinkholeKind } from './sinkhole.js';
import type { RecordType, ResolverResult } from './types.js';
import { list } from './wording.js';

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
  | 'DNS_CNAME_LOOP'
  | 'DNS_SERVFAIL'
  | 'DNS_REFUSED'
  | 'DNS_TIMEOUT'
  | 'DNS_UNREACHABLE';
const FAILURE_ORDER: FailureCode[] = [
  'DNS_NXDOMAIN',
  'DNS_CNAME_LOOP',
  'DNS_SERVFAIL',
  'DNS_REFUSED',
  'DNS_TIMEOUT',
  'DNS_UNREACHABLE',
];
const SEVERITY_RANK: Record<Severity, number> = { fail: 0, warn: 1, info: 2 };

/** The findings for one question asked of several resolvers, most severe first. */
export function analyse(
  q: Asked,
  observed: readonly Observed[],
  expect?: readonly string[],
): Finding[] {
  const subject = questionText(q);
  const findings: Finding[] = [];

  const blocked = observed.filter((o) => o.outcome === 'blocked');
  if (blocked.length > 0) {
    findings.push(
      finding('ADDRESS_BLOCKED', `Did not ask ${list(blocked.map(errorOf))} about ${subject}.`, {
        hint: 'Ask a public resolver, or have an operator allow-list the range (WX_PROBE_ALLOW) or run `wx dns` locally.',
        args: { subject, resolvers: blocked.map(labelOf).join(', ') },
        variant: 'resolver',
      }),
    );
  }
  const invalid = observed.filter((o) => o.outcome === 'invalid');
  if (invalid.length > 0) {
    findings.push(
      finding('PROBE_ERROR', `Could not ask ${list(invalid.map(errorOf))}.`, {
        args: { what: invalid.map(labelOf).join(', '), why: invalid.map(errorOf).join('; ') },
      }),
    );
  }

  const asked = observed.filter((o) => o.outcome !== 'blocked' && o.outcome !== 'invalid');
  const answered = asked.filter((o) => failureCode(o, q) === null);
  const failed = asked.filter((o) => failureCode(o, q) !== null);

  if (answered.length > 0 && failed.length > 0) {
    findings.push(
      finding(
        'DNS_PARTIAL_FAILURE',
        `${failed.length} of ${asked.length} resolvers failed for ${subject}: ${list(failed.map((o) => failureOf(o, q)))}; ${list(answered.map(labelOf))} answered.`,
        {
          args: {
            failed: failed.length,
            asked: asked.length,
            subject,
            resolvers: failed.map(labelOf).join(', '),
            others: answered.map(labelOf).join(', '),
          },
        },
      ),
    );
  }
  // One resolver failing among good ones is a warning; nothing answering is the failure itself.
  const severity: Severity = answered.length > 0 ? 'warn' : 'fail';
  for (const code of FAILURE_ORDER) {
    const group = failed.filter((o) => failureCode(o, q) === code);
    if (group.length > 0) findings.push(failureFinding(code, group, q, severity, answered));
  }

  findings.push(...answerFindings(q, answered));
  if (expect && expect.length > 0) findings.push(...expectFindings(q, answered, expect));
  return findings.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

function failureCode(o: Observed, q: Asked): FailureCode | null {
  if (o.outcome === 'timeout') return 'DNS_TIMEOUT';
  if (o.outcome === 'unreachable') return 'DNS_UNREACHABLE';
  // Whatever the rcode (NOERROR from an authoritative server, SERVFAIL from some resolvers).
  if (loops(o, q)) return 'DNS_CNAME_LOOP';
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
  answered: Observed[],
): Finding {
  const subject = questionText(q);
  const name = q.name === '' ? '.' : q.name;
  const resolvers = group.map(labelOf).join(', ');
  const others = answered.map(labelOf).join(', ');
  switch (code) {
    case 'DNS_NXDOMAIN': {
      const broken = group
        .map((o) => o.result.cnameChain.at(-1))
        .find((target) => target !== undefined);
      // Answered elsewhere, the name exists: these resolvers are the ones that are wrong.
      const elsewhere =
        answered.length > 0
          ? ` ${list(answered.map(labelOf))} ${answered.length > 1 ? 'answer' : 'answers'} it, so it exists there and is missing only here: a stale negative cache, a split view, or a zone not yet propagated to ${group.length > 1 ? 'these resolvers' : 'this resolver'}.`
          : '';
      if (broken) {
        const said = `${list(group.map(withChain))} answered NXDOMAIN for ${broken}, the CNAME target of ${q.name}`;
        const cname = { name, target: broken, resolvers };
        if (elsewhere) {
          return finding(code, `${said}.${elsewhere}`, {
            severity,
            args: { ...cname, others },
            variant: 'cname-elsewhere',
          });
        }
        return finding(
          code,
          `${q.name} is a CNAME to a name that does not exist (${broken}): ${list(group.map(withChain))} answered NXDOMAIN.`,
          {
            severity,
            hint: `Fix the CNAME of ${q.name} or create ${broken}.`,
            args: cname,
            variant: 'cname',
          },
        );
      }
      if (elsewhere) {
        return finding(
          code,
          `${list(group.map(labelOf))} answered NXDOMAIN for ${name}.${elsewhere}`,
          { severity, args: { name, resolvers, others }, variant: 'elsewhere' },
        );
      }
      return finding(
        code,
        `${name} does not exist: ${list(group.map(labelOf))} answered NXDOMAIN.`,
        { severity, args: { name, resolvers } },
      );
    }
    case 'DNS_CNAME_LOOP': {
      const [first] = group;
      const loop = [name, ...(first?.result.cnameChain ?? [])].join(' → ');
      return finding(
        code,
        `The CNAME chain of ${name} loops: ${loop} (RFC 1034 §3.6.2), so it never reaches a ${q.type} record: ${list(group.map((o) => `${labelOf(o)} (${o.result.rcode})`))}.`,
        { severity, args: { name, loop, type: q.type, resolvers } },
      );
    }
    case 'DNS_SERVFAIL':
      return finding(code, `${list(group.map(labelOf))} answered SERVFAIL for ${subject}.`, {
        severity,
        args: { subject, resolvers },
      });
    case 'DNS_REFUSED':
      return finding(
        code,
        `${list(group.map((o) => `${labelOf(o)} answered ${o.result.rcode}`))} for ${subject}.`,
        {
          severity,
          args: {
            subject,
            answers: group.map((o) => `${labelOf(o)}: ${o.result.rcode}`).join(', '),
          },
        },
      );
    case 'DNS_TIMEOUT':
      return finding(
        code,
        `No answer for ${subject} from ${list(group.map((o) => failureOf(o, q)))}.`,
        { severity, args: { subject, resolvers } },
      );
    case 'DNS_UNREACHABLE':
      return finding(
        code,
        `Could not ask ${list(group.map((o) => failureOf(o, q)))} about ${subject}.`,
        {
          severity,
          args: {
            subject,
            resolvers,
            why: group.map((o) => `${labelOf(o)}: ${o.result.error ?? '-'}`).join('; '),
          },
        },
      );
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
        {
          args: {
            resolvers: empty.map((s) => labelOf(s.o)).join(', '),
            type: q.type,
            name: q.name === '' ? '.' : q.name,
          },
        },
      ),
    );
  }

  const sinkholed =
    (q.type === 'A' || q.type === 'AAAA') && isPublicName(q.name)
      ? seen.filter((s) => s.data.length > 0 && s.data.every((d) => sinkholeKind(d) !== null))
      : [];
  if (sinkholed.length > 0)
    findings.push(
      sinkholeFinding(
        questionText(q),
        sinkholed.map((x) => ({ label: labelOf(x.o), data: x.data })),
        seen
          .filter((x) => x.data.length > 0 && !sinkholed.includes(x))
          .map((x) => ({ label: labelOf(x.o), data: x.data })),
      ),
    );

  // A sinkholed answer is explained above; comparing it too would call it GeoDNS.
  const groups = new Map<string, typeof seen>();
  for (const s of seen.filter((x) => !sinkholed.includes(x))) {
    groups.set(s.key, [...(groups.get(s.key) ?? []), s]);
  }
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
        {
          args: {
            subject,
            answers: [...groups.values()]
              .map(
                (m) => `${m.map((x) => labelOf(x.o)).join(', ')}: ${m[0]?.data.join(', ') || '-'}`,
              )
              .join('; '),
          },
        },
      ),
    );
  }
  return findings;
}

/** DNS_UNEXPECTED_ANSWER: resolvers whose answer set is not the expected one (a watch's `expect:`). */
function expectFindings(q: Asked, answered: Observed[], expect: readonly string[]): Finding[] {
  const norm = (d: string) => d.toLowerCase().replace(/\.$/, '');
  const wanted = [...new Set(expect.map(norm))].sort();
  const off = answered
    .map((o) => ({
      o,
      data: [
        ...new Set(followChain(o.result.answers, q.name, q.type).final.map((r) => norm(r.data))),
      ].sort(),
    }))
    .filter((s) => JSON.stringify(s.data) !== JSON.stringify(wanted));
  if (off.length === 0) return [];
  const said = off.map(
    (s) => `${labelOf(s.o)} says ${s.data.length > 0 ? s.data.join(', ') : `no ${q.type} record`}`,
  );
  return [
    finding(
      'DNS_UNEXPECTED_ANSWER',
      `${questionText(q)} should be ${wanted.join(', ')}: ${said.join('; ')}.`,
    ),
  ];
}

function loops(o: Observed, q: Asked): boolean {
  return o.outcome === 'response' && followChain(o.result.answers, q.name, q.type).loop;
}

function labelOf(o: Observed): string {
  return o.result.resolver;
}

function errorOf(o: Observed): string {
  return `${o.result.resolver} (${o.result.error ?? 'no reason given'})`;
}

/** "8.8.8.8 (no answer within 9950 ms)", "1.1.1.1 (SERVFAIL)", "10.0.0.1 (unreachable (…))". */
function failureOf(o: Observed, q: Asked): string {
  const r = o.result;
  if (o.outcome === 'timeout') {
    return `${r.resolver} (no answer within ${r.timeMs} ms${r.transport === 'tcp' ? ' over TCP' : ''})`;
  }
  if (o.outcome === 'unreachable') return errorOf(o);
  if (loops(o, q)) return `${r.resolver} (CNAME loop)`;
  return `${r.resolver} (${r.rcode})`;
}

function withChain(o: Observed): string {
  const chain = o.result.cnameChain;
  return chain.length > 0 ? `${labelOf(o)} (via CNAME ${chain.join(' → ')})` : labelOf(o);
}
