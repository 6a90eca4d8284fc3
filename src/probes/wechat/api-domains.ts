/**
 * `wx api-domains`: dns, TLS and HTTP to each WeChat API domain (the existing probes, under the
 * context's address guard), then the failover recommendation: the first reachable domain in
 * the given order (api → api2 → regional).
 */
import { probeCert } from '../cert/index.js';
import { probeDns } from '../dns/index.js';
import { finding } from '../findings.js';
import { probeHttp } from '../http/index.js';
import { formatHostPort } from '../net/target.js';
import type { Finding, ProbeContext } from '../types.js';
import type { DomainRow, WechatSpec } from './types.js';

type Spec = Extract<WechatSpec, { op: 'api-domains' }>;

async function checkDomain(
  spec: Spec,
  host: string,
  port: number,
  ctx: ProbeContext,
): Promise<DomainRow> {
  const connectTo = spec.resolve.find((o) => o.host === host && o.port === port)?.address;
  const [dns, cert, http] = await Promise.all([
    probeDns({ name: host, type: 'A', resolvers: spec.resolvers }, ctx),
    probeCert(
      {
        host,
        port,
        ...(connectTo ? { connectTo } : {}),
        warnDays: 14,
        checkRevocation: false,
        checkLegacy: false,
        checkCaa: false,
        // Tencent's chains are not the user's to reorder; the path alone is read without a leak.
        checkOrder: false,
      },
      ctx,
    ),
    probeHttp(
      {
        url: `https://${formatHostPort(host, port, 443)}/`,
        resolve: spec.resolve,
        maxRedirects: 0,
      },
      ctx,
    ),
  ]);
  const addresses = [
    ...new Set(
      dns.detail.resolvers.flatMap((r) =>
        r.answers.filter((a) => a.type === 'A').map((a) => a.data),
      ),
    ),
  ];
  const tlsOk = cert.status === 'ok' || cert.status === 'warn';
  return {
    host,
    port,
    dns: { status: dns.status, addresses },
    tls: {
      status: cert.status,
      codes: cert.findings.filter((f) => f.severity !== 'info').map((f) => f.code),
    },
    http: {
      status: http.status,
      httpStatus: http.detail.status,
      totalMs: http.detail.status === null ? null : http.detail.timings.totalMs,
    },
    reachable: tlsOk && http.detail.status !== null,
  };
}

function why(row: DomainRow): string {
  const parts: string[] = [];
  if (row.dns.status !== 'ok') parts.push(`dns ${row.dns.status}`);
  if (row.tls.codes.length) parts.push(`tls ${row.tls.codes.join(', ')}`);
  if (row.http.httpStatus === null) parts.push('no HTTP answer');
  return parts.join('; ') || 'unreachable';
}

export async function apiDomains(
  spec: Spec,
  ctx: ProbeContext,
): Promise<{ findings: Finding[]; rows: DomainRow[]; recommended: string | null }> {
  const rows = await Promise.all(spec.domains.map((d) => checkDomain(spec, d.host, d.port, ctx)));
  const findings: Finding[] = [];
  const recommendedRow = rows.find((r) => r.reachable) ?? null;
  const recommended = recommendedRow
    ? formatHostPort(recommendedRow.host, recommendedRow.port, 443)
    : null;
  const primary = rows[0];
  const fastest = rows
    .filter((r) => r.reachable)
    .sort((a, b) => (a.http.totalMs ?? 0) - (b.http.totalMs ?? 0))[0];
  const fastestNote =
    fastest && fastest !== recommendedRow
      ? ` (fastest here: ${formatHostPort(fastest.host, fastest.port, 443)}, ${fastest.http.totalMs} ms)`
      : '';
  if (!recommendedRow) {
    findings.push(
      finding(
        'WX_API_DOMAINS_UNREACHABLE',
        `none of ${rows.map((r) => formatHostPort(r.host, r.port, 443)).join(', ')} could be reached: ${rows.map((r) => `${r.host}: ${why(r)}`).join('; ')}`,
      ),
    );
  } else if (primary && recommendedRow !== primary) {
    findings.push(
      finding(
        'WX_API_FAILOVER',
        `${formatHostPort(primary.host, primary.port, 443)} is unreachable (${why(primary)}); fail over to ${recommended} (${recommendedRow.http.totalMs} ms)${fastestNote}`,
        {
          hint: `Point API calls at ${recommended} until ${primary.host} answers again; look for /etc/hosts pins or proxy DNS caches of old IPs.`,
        },
      ),
    );
  } else {
    findings.push(
      finding(
        'WX_API_DOMAIN_OK',
        `${recommended} answers in ${recommendedRow.http.totalMs} ms; keep using it${fastestNote}`,
      ),
    );
  }
  for (const r of rows) {
    if (!r.reachable && r !== primary && recommendedRow) {
      findings.push(
        finding(
          'WX_API_DOMAIN_UNREACHABLE',
          `${formatHostPort(r.host, r.port, 443)} (a failover domain) is unreachable: ${why(r)}`,
        ),
      );
    }
  }
  // Refused by the chat address guard: nothing was learnt about those domains.
  for (const r of rows) {
    if (r.tls.codes.includes('ADDRESS_BLOCKED')) {
      findings.push(
        finding(
          'ADDRESS_BLOCKED',
          `${formatHostPort(r.host, r.port, 443)}: refused by the address guard`,
        ),
      );
    }
  }
  return { findings, rows, recommended };
}
