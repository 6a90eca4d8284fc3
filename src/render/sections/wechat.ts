import type { SectionWords } from '../../i18n/section-words.js';
import { formatHostPort } from '../../probes/net/target.js';
import type { WechatDetail } from '../../probes/wechat/index.js';
import type { Section } from '../report.js';

export function wechatSections(
  d: WechatDetail,
  w: SectionWords,
): { summary: string; sections: Section[] } {
  const l = w.label;
  const sections: Section[] = [];
  if (d.alias !== null) {
    const facts: Array<[string, string]> = [
      [l('app'), d.alias],
      [l('platform'), d.platform ?? '-'],
      [l(d.platform === 'wecom' ? 'corpid' : 'appid'), d.appId ?? '-'],
      [l('API origin'), d.apiUrl ?? '-'],
    ];
    if (d.token) {
      facts.push([l('token endpoint'), d.token.endpoint]);
      facts.push([l('token fingerprint'), d.token.fingerprint]);
      facts.push([
        l('expires in'),
        d.token.expiresInS === null ? '-' : w.seconds(d.token.expiresInS),
      ]);
    }
    if (d.egressIp !== undefined)
      facts.push([l('egress IP (as seen)'), d.egressIp ?? l('unknown')]);
    sections.push({ title: l('App'), facts });
  }
  if (d.apiIps || d.callbackIps) {
    sections.push({
      title: l('Platform IP lists'),
      facts: [
        [l('API ingress (get_api_domain_ip)'), (d.apiIps ?? []).join(', ') || '-'],
        [l('callback egress (getcallbackip)'), (d.callbackIps ?? []).join(', ') || '-'],
      ],
    });
  }
  if (d.quota) {
    const q = d.quota;
    const facts: Array<[string, string]> = [
      [l('cgi_path'), q.cgiPath],
      [l('daily limit'), String(q.dailyLimit ?? '-')],
      [l('used'), String(q.used ?? '-')],
      [l('remain'), String(q.remain ?? '-')],
    ];
    if (q.rateLimit) {
      facts.push([l('rate limit'), w.perSeconds(q.rateLimit.callCount, q.rateLimit.refreshSecond)]);
    }
    if (q.componentRateLimit) {
      facts.push([
        l('component rate limit'),
        w.perSeconds(q.componentRateLimit.callCount, q.componentRateLimit.refreshSecond),
      ]);
    }
    sections.push({ title: l('Quota'), facts });
  }
  if (d.rid) {
    const r = d.rid;
    sections.push({
      title: l('Request'),
      facts: [
        [l('rid'), r.rid],
        [l('time'), r.invokeTime ?? '-'],
        [l('cost'), r.costMs === null ? '-' : w.milliseconds(r.costMs)],
        [l('client IP'), r.clientIp ?? '-'],
        [l('request URL'), r.requestUrl || '-'],
        [l('request body'), r.requestBody || '-'],
        [l('response body'), r.responseBody || '-'],
      ],
    });
  }
  if (d.callbackCheck) {
    const c = d.callbackCheck;
    if (c.dns.length > 0 || c.action !== 'ping') {
      sections.push({
        title: `${l('Callback DNS')} (${c.operator})`,
        table: [[l('ip'), 'operator'], ...c.dns.map((x) => [x.ip, x.realOperator])],
      });
    }
    if (c.ping.length > 0 || c.action !== 'dns') {
      sections.push({
        title: `${l('Callback ping')} (${c.operator})`,
        table: [
          [l('ip'), 'from operator', 'loss', 'time'],
          ...c.ping.map((p) => [p.ip, p.fromOperator, p.packageLoss, p.time]),
        ],
      });
    }
  }
  if (d.domains) {
    sections.push({
      title: l('API domains (failover order)'),
      table: [
        [l('domain'), 'dns', 'tls', 'http', 'ms', 'reachable'],
        ...d.domains.map((r) => [
          formatHostPort(r.host, r.port, 443),
          r.dns.addresses.join(' ') || r.dns.status,
          r.tls.codes.join(' ') || r.tls.status,
          r.http.httpStatus === null ? r.http.status : String(r.http.httpStatus),
          r.http.totalMs === null ? '-' : String(r.http.totalMs),
          r.reachable ? l('yes') : l('no'),
        ]),
      ],
    });
  }
  if (d.calls.length > 0) {
    sections.push({
      title: l('API calls'),
      table: [
        [l('path'), 'http', 'errcode', 'ms', 'rid'],
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
  return { summary: summaryOf(d, w), sections };
}

function summaryOf(d: WechatDetail, w: SectionWords): string {
  if (d.op === 'api-domains') return d.recommended ? w.wechatUse(d.recommended) : w.wechatNoDomain;
  if (d.token) return w.wechatToken(d.token.fingerprint, d.token.expiresInS ?? '?');
  if (d.quota)
    return w.wechatQuota(
      d.quota.cgiPath,
      String(d.quota.remain ?? '?'),
      String(d.quota.dailyLimit ?? '?'),
    );
  if (d.rid) return w.wechatRid(d.rid.rid, d.rid.clientIp ?? '?', d.rid.invokeTime ?? '?');
  if (d.callbackCheck) {
    return w.wechatCallback(
      d.callbackCheck.operator,
      d.callbackCheck.dns.map((x) => x.ip).join(', '),
    );
  }
  if (d.egressIp) return w.wechatEgress(d.egressIp);
  return `${d.op} ${d.alias ?? ''}`.trim();
}
