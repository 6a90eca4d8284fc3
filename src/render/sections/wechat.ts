import { formatHostPort } from '../../probes/net/target.js';
import type { WechatDetail } from '../../probes/wechat/index.js';
import type { Section } from '../report.js';

export function wechatSections(d: WechatDetail): { summary: string; sections: Section[] } {
  const sections: Section[] = [];
  if (d.alias !== null) {
    const facts: Array<[string, string]> = [
      ['app', d.alias],
      ['platform', d.platform ?? '-'],
      [d.platform === 'wecom' ? 'corpid' : 'appid', d.appId ?? '-'],
      ['API origin', d.apiUrl ?? '-'],
    ];
    if (d.token) {
      facts.push(['token endpoint', d.token.endpoint]);
      facts.push(['token fingerprint', d.token.fingerprint]);
      facts.push(['expires in', d.token.expiresInS === null ? '-' : `${d.token.expiresInS} s`]);
    }
    if (d.egressIp !== undefined) facts.push(['egress IP (as seen)', d.egressIp ?? 'unknown']);
    sections.push({ title: 'App', facts });
  }
  if (d.apiIps || d.callbackIps) {
    sections.push({
      title: 'Platform IP lists',
      facts: [
        ['API ingress (get_api_domain_ip)', (d.apiIps ?? []).join(', ') || '-'],
        ['callback egress (getcallbackip)', (d.callbackIps ?? []).join(', ') || '-'],
      ],
    });
  }
  if (d.quota) {
    const q = d.quota;
    const facts: Array<[string, string]> = [
      ['cgi_path', q.cgiPath],
      ['daily limit', String(q.dailyLimit ?? '-')],
      ['used', String(q.used ?? '-')],
      ['remain', String(q.remain ?? '-')],
    ];
    if (q.rateLimit) {
      facts.push(['rate limit', `${q.rateLimit.callCount} per ${q.rateLimit.refreshSecond} s`]);
    }
    if (q.componentRateLimit) {
      facts.push([
        'component rate limit',
        `${q.componentRateLimit.callCount} per ${q.componentRateLimit.refreshSecond} s`,
      ]);
    }
    sections.push({ title: 'Quota', facts });
  }
  if (d.rid) {
    const r = d.rid;
    sections.push({
      title: 'Request',
      facts: [
        ['rid', r.rid],
        ['time', r.invokeTime ?? '-'],
        ['cost', r.costMs === null ? '-' : `${r.costMs} ms`],
        ['client IP', r.clientIp ?? '-'],
        ['request URL', r.requestUrl || '-'],
        ['request body', r.requestBody || '-'],
        ['response body', r.responseBody || '-'],
      ],
    });
  }
  if (d.callbackCheck) {
    const c = d.callbackCheck;
    if (c.dns.length > 0 || c.action !== 'ping') {
      sections.push({
        title: `Callback DNS (${c.operator})`,
        table: [['ip', 'operator'], ...c.dns.map((x) => [x.ip, x.realOperator])],
      });
    }
    if (c.ping.length > 0 || c.action !== 'dns') {
      sections.push({
        title: `Callback ping (${c.operator})`,
        table: [
          ['ip', 'from operator', 'loss', 'time'],
          ...c.ping.map((p) => [p.ip, p.fromOperator, p.packageLoss, p.time]),
        ],
      });
    }
  }
  if (d.domains) {
    sections.push({
      title: 'API domains (failover order)',
      table: [
        ['domain', 'dns', 'tls', 'http', 'ms', 'reachable'],
        ...d.domains.map((r) => [
          formatHostPort(r.host, r.port, 443),
          r.dns.addresses.join(' ') || r.dns.status,
          r.tls.codes.join(' ') || r.tls.status,
          r.http.httpStatus === null ? r.http.status : String(r.http.httpStatus),
          r.http.totalMs === null ? '-' : String(r.http.totalMs),
          r.reachable ? 'yes' : 'no',
        ]),
      ],
    });
  }
  if (d.calls.length > 0) {
    sections.push({
      title: 'API calls',
      table: [
        ['path', 'http', 'errcode', 'ms', 'rid'],
        ...d.calls.map((c) => [
          c.path,
          c.httpStatus === null ? '-' : String(c.httpStatus),
          c.errcode === null ? '-' : String(c.errcode),
          String(c.ms),
          c.rid ?? '-',
        ]),
      ],
    });
  }
  return { summary: summaryOf(d), sections };
}

function summaryOf(d: WechatDetail): string {
  if (d.op === 'api-domains')
    return d.recommended ? `use ${d.recommended}` : 'no API domain reachable';
  if (d.token)
    return `token issued (fingerprint ${d.token.fingerprint}, expires in ${d.token.expiresInS ?? '?'} s)`;
  if (d.quota)
    return `${d.quota.cgiPath}: ${d.quota.remain ?? '?'} of ${d.quota.dailyLimit ?? '?'} left today`;
  if (d.rid)
    return `rid ${d.rid.rid}: call from ${d.rid.clientIp ?? '?'} at ${d.rid.invokeTime ?? '?'}`;
  if (d.callbackCheck) {
    return `callback domain from ${d.callbackCheck.operator}: ${d.callbackCheck.dns.map((x) => x.ip).join(', ') || 'no address'}`;
  }
  if (d.egressIp) return `the platform sees calls from ${d.egressIp}`;
  return `${d.op} ${d.alias ?? ''}`.trim();
}
