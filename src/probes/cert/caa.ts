/**
 * CAA (RFC 8659): which CAs the name's owner allows to issue for it. The relevant record set is
 * the name's own, else its parent's, and so on up to (not including) the root; a wildcard
 * certificate is judged by its base domain's set, where `issuewild` wins over `issue`. All the
 * names are asked at once, so the walk costs one round trip. Records may change after issuance,
 * so a CA outside them is a warning: the next renewal from that CA will be refused.
 */
import type { X509Certificate } from 'node:crypto';
import { normaliseDnsName } from '../dns/name.js';
import { queryResolver } from '../dns/query.js';
import { followChain, toRecord } from '../dns/records.js';
import { formatResolver, systemResolver } from '../dns/resolvers.js';
import type { DnsRecord, ResolverChoice } from '../dns/types.js';
import { finding } from '../findings.js';
import { refusal } from '../net/guard.js';
import type { Finding, ProbeContext } from '../types.js';
import { caaDomainsOf } from './ca-domains.js';
import { dnText, oneLineDn } from './dn.js';
import { ipLiteral } from './hostname.js';
import type { CaaDetail } from './types.js';
import { list } from './wording.js';

/** Names no public CA issues for (RFC 6761, RFC 2606, RFC 8375, .internal). */
const SPECIAL_USE =
  /(^|\.)(localhost|test|invalid|example|local|internal|onion|alt|home\.arpa|example\.(com|net|org))$/;

/** Per name, its CAA records (empty: none), or why the question failed. */
export type CaaAnswers = Map<string, DnsRecord[] | { error: string }>;

export type CaaLookup =
  | { kind: 'answers'; names: string[]; answers: CaaAnswers; resolver: string }
  | { kind: 'skipped' | 'unchecked'; reason: string };

/**
 * Asks `resolver` for the CAA records of `host` and of every parent domain. Special-use names
 * are skipped unless a resolver is named (a lab or split-horizon DNS may hold them).
 */
export async function lookupCaa(
  host: string,
  resolver: ResolverChoice | undefined,
  ctx: ProbeContext,
  signal: AbortSignal,
): Promise<CaaLookup> {
  if (ipLiteral(host)) return { kind: 'skipped', reason: 'an IP address has no CAA records' };
  let name: string;
  try {
    name = normaliseDnsName(host);
  } catch (err) {
    return { kind: 'skipped', reason: (err as Error).message };
  }
  const choice = resolver ?? 'system';
  if (choice === 'system' && (SPECIAL_USE.test(name) || !name.includes('.'))) {
    return { kind: 'skipped', reason: `${name} is a special-use or single-label name` };
  }
  const server = choice === 'system' ? systemResolver() : choice;
  if (!server) return { kind: 'unchecked', reason: 'no nameserver configured' };
  // The system resolver is the operator's own configuration; only a named one is guarded.
  const refused = choice === 'system' ? null : refusal(ctx.policy, server.address);
  if (refused)
    return { kind: 'unchecked', reason: `resolver refused by address guard: ${refused}` };
  const labels = name.split('.');
  const names = labels.map((_, i) => labels.slice(i).join('.'));
  const answers: CaaAnswers = new Map();
  await Promise.all(
    names.map(async (n) => {
      const wire = await queryResolver(server, { name: n, type: 'CAA' }, signal);
      if (wire.kind !== 'response') {
        answers.set(n, { error: wire.kind === 'timeout' ? 'no answer in time' : wire.error });
      } else if (wire.rcode === 'NOERROR' || wire.rcode === 'NXDOMAIN') {
        const records = wire.answers.filter((a) => a.type !== 'OPT').map(toRecord);
        answers.set(n, followChain(records, n, 'CAA').final);
      } else {
        answers.set(n, { error: wire.rcode });
      }
    }),
  );
  return { kind: 'answers', names, answers, resolver: formatResolver(server) };
}

const SKIPPED_CAA: Omit<CaaDetail, 'status' | 'reason'> = {
  name: null,
  records: [],
  allowed: null,
  caDomains: null,
};

export function caaNotChecked(status: 'skipped' | 'unchecked', reason: string): CaaDetail {
  return { status, reason, ...SKIPPED_CAA };
}

/** The lookup, judged against the leaf that was served: the detail and at most one finding. */
export function judgeCaa(
  lookup: CaaLookup,
  leaf: X509Certificate,
): { detail: CaaDetail; findings: Finding[] } {
  if (lookup.kind !== 'answers') {
    return { detail: caaNotChecked(lookup.kind, lookup.reason), findings: [] };
  }
  const caDomains = caaDomainsOf(dnText(leaf, 'issuer'));
  const name = lookup.names[0] as string;
  // Covered only by a wildcard SAN: the CA issued for *.parent, judged at the parent.
  const wildcard =
    leaf.checkHost(name, { subject: 'never', wildcards: false }) === undefined &&
    leaf.checkHost(name, { subject: 'never' }) !== undefined;
  const from = wildcard ? 1 : 0;
  for (const n of lookup.names.slice(from)) {
    const got = lookup.answers.get(n);
    if (got === undefined) continue;
    if (!Array.isArray(got)) {
      const reason = `the CAA question for ${n} to ${lookup.resolver} failed: ${got.error}`;
      return { detail: { ...caaNotChecked('unchecked', reason), caDomains }, findings: [] };
    }
    if (got.length === 0) continue;
    return judgeSet(n, got, wildcard, caDomains, leaf);
  }
  const top = lookup.names[from] ?? name;
  const detail: CaaDetail = { ...SKIPPED_CAA, status: 'none', caDomains, reason: null };
  return {
    detail,
    findings: [
      finding(
        'CERT_CAA_NONE',
        `no CAA records for ${top} or its parent domains: any CA may issue certificates for it`,
      ),
    ],
  };
}

function judgeSet(
  name: string,
  records: DnsRecord[],
  wildcard: boolean,
  caDomains: string[] | null,
  leaf: X509Certificate,
): { detail: CaaDetail; findings: Finding[] } {
  const props = records.map(parseCaa).filter((p) => p !== null);
  const issue = props.filter((p) => p.tag === 'issue');
  const issueWild = props.filter((p) => p.tag === 'issuewild');
  const relevant = wildcard && issueWild.length > 0 ? issueWild : issue;
  const allowed = relevant.length === 0 ? null : [...new Set(relevant.flatMap((p) => p.domain))];
  const detail: CaaDetail = {
    status: 'found',
    name,
    records: records.map((r) => r.data),
    allowed,
    caDomains,
    reason: null,
  };
  if (allowed === null || caDomains === null) return { detail, findings: [] };
  if (caDomains.some((d) => allowed.includes(d))) return { detail, findings: [] };
  const tag = relevant === issueWild ? 'issuewild' : 'issue';
  const who =
    allowed.length === 0 ? 'no CA at all' : `only ${list(allowed.map((d) => JSON.stringify(d)))}`;
  return {
    detail,
    findings: [
      finding(
        'CERT_CAA_MISMATCH',
        `the CAA ${tag} records of ${name} allow ${who}, but the certificate was issued by ${oneLineDn(dnText(leaf, 'issuer'))} (CAA domain ${list(caDomains)}); that CA may not issue for this name now, so its next renewal will be refused`,
      ),
    ],
  };
}

/** `0 issue "letsencrypt.org; validationmethods=dns-01"` → the tag and the issuer domain ('' none). */
function parseCaa(r: DnsRecord): { tag: string; domain: string[] } | null {
  const m = /^\d+ (\S+) (".*")$/.exec(r.data);
  if (!m?.[1] || !m[2]) return null;
  const tag = m[1].toLowerCase();
  let value: string;
  try {
    value = JSON.parse(m[2]) as string;
  } catch {
    return null;
  }
  const domain = (value.split(';')[0] ?? '').trim().toLowerCase().replace(/\.$/, '');
  return { tag, domain: domain === '' ? [] : [domain] };
}
