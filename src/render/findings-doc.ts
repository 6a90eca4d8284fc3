import { FINDINGS_ZH_CN } from '../i18n/findings-zh-CN.js';
import { STAGE_NAMES, STAGE_OF, STAGES } from '../probes/cause.js';
import { FINDING_CODES, FINDINGS } from '../probes/findings.js';

const GROUPS: Array<[string, RegExp]> = [
  ['Reaching the host (cert and http)', /^(DNS_FAILED|CONNECT_|ADDRESS_BLOCKED|PROBE_ERROR)/],
  [
    'TLS and certificates (cert, and http over https)',
    /^(TLS_|CERT_|CHAIN_|INTERMEDIATE_|REVOCATION_)/,
  ],
  ['DNS (dns)', /^DNS_/],
  ['HTTP (http; CDN_ compares regions)', /^(HTTP_|CDN_)/],
  ['WeChat / WeCom API (wechat: token, ip, quota, rid, callback-check, api-domains)', /^WX_/],
  ['Regions (`--from`: the same probes from several regions, compared)', /^REGION_/],
];

/** docs/findings.md, generated from the catalogue in findings.ts (`npm run docs:findings`). */
export function findingsMarkdown(): string {
  const lines = [
    '# Finding codes',
    '',
    'Every problem wxdoctor reports carries one of these codes. They are a public contract: stable',
    'UPPER_SNAKE names with one meaning each, safe to alert on. Severity `fail` makes a result fail',
    '(exit code 2), `warn` makes it warn (1), `info` leaves it ok (0). Codes marked *inconclusive*',
    'mean the probe could not diagnose the target: the result is `error` (exit code 3).',
    '',
    'This file is generated from `src/probes/findings.ts` by `npm run docs:findings`; a test fails',
    'when the two differ.',
  ];
  const seen = new Set<string>();
  for (const [title, pattern] of GROUPS) {
    lines.push(
      '',
      `## ${title}`,
      '',
      '| code | severity | meaning | what to do |',
      '|---|---|---|---|',
    );
    for (const [code, e] of Object.entries(FINDINGS)) {
      if (seen.has(code) || !pattern.test(code)) continue;
      seen.add(code);
      const sev = 'inconclusive' in e ? `${e.severity} (inconclusive)` : e.severity;
      lines.push(`| \`${code}\` | ${sev} | ${cell(e.meaning)} | ${cell(e.hint)} |`);
    }
  }
  const missing = Object.keys(FINDINGS).filter((c) => !seen.has(c));
  if (missing.length > 0) throw new Error(`codes in no group: ${missing.join(', ')}`);
  lines.push(...causalOrder());
  lines.push(
    '',
    '## 中文（zh-CN）',
    '',
    'zh-CN 聊天输出使用以下含义和处理建议（`src/i18n/findings-zh-CN.ts`）；探测程序给出的更具体的建议按原文显示。',
    '',
    '| 代码 | 含义 | 处理建议 |',
    '|---|---|---|',
    ...FINDING_CODES.map((code) => {
      const zh = FINDINGS_ZH_CN[code];
      return `| \`${code}\` | ${cell(zh.meaning)} | ${cell(zh.hint)} |`;
    }),
  );
  return `${lines.join('\n')}\n`;
}

/** How `wx check` picks one root cause (src/probes/cause.ts), with each step's codes. */
function causalOrder(): string[] {
  const lines = [
    '',
    '## One root cause: the causal order',
    '',
    '`wx check` (and any result that combines probes) decides one root cause by the order in which a',
    "client reaches a service. A finding that follows from another probe's finding is that finding's",
    '*consequence*, not a failure of its own: in `--json` it carries `consequenceOf: "<probe>/<CODE>"`,',
    'the check gains `cause: {probe, code, severity, message, hint}` (null when the status is ok), and',
    "the check's `status` is the worst among the causes, never among consequences. The terminal and",
    'chat answers open with two lines, the verdict with the cause and its fix, then the other',
    'independent problems, then the details.',
    '',
    '| step | codes |',
    '|---|---|',
  ];
  STAGES.forEach((stage, i) => {
    const codes = FINDING_CODES.filter((c) => STAGE_OF[c] === stage);
    lines.push(
      `| ${i + 1}. ${cell(STAGE_NAMES[stage])} | ${codes.map((c) => `\`${c}\``).join(', ')} |`,
    );
  });
  lines.push(
    '',
    '- Every finding of the dns probe is about name resolution. `PROBE_ERROR` is about no step.',
    '- A step has a probe that diagnoses it: name resolution the dns probe, connect, handshake and',
    '  certificate the cert probe, HTTP the http probe, the WeChat API the wechat probe. Another probe',
    '  stopped at the same step (for a client the handshake and the certificate are one step) follows',
    '  from what that probe found there, when it is at least as bad: `DNS_NXDOMAIN` makes the cert and',
    "  http probes' `DNS_FAILED` consequences; `CHAIN_INCOMPLETE` makes http's handshake failure one;",
    '  a refused connection makes the other connect failures consequences. The same code seen by two',
    "  probes at one step is one problem: the later probe's is the consequence.",
    '- A probe that got past a step is not stopped by it: a dns failure does not explain a refused',
    '  connection to an address the cert probe did resolve, and a warning never explains a failure.',
    '- Findings of one probe are independent of each other.',
    '- The root cause is the worst of the causes (error, then fail, then warn), the earliest step',
    '  first: with a good certificate and an HTTP 502, `HTTP_5XX` is the cause.',
    '- `check --resolver IP[:PORT]` is the DNS of the whole check (cert and http resolve through it),',
    '  so a name that resolver does not know is said once, as the cause. `check --resolve',
    '  HOST:PORT:ADDR` pins the name: the dns part still runs, but its problems are `info`.',
    '- Across regions (`--from`), each region gets its own root cause as above; then the regions are',
    '  compared. When they disagree (DNS answers, reachability, the address served, the certificate,',
    '  the HTTP status, the verdict), `REGION_MISMATCH` is the cause: it names each region with what',
    '  it saw, broken regions first ("east: served from 10.0.0.1, HTTP 502; north: served from',
    '  10.0.0.2, HTTP 200 — the east edge is broken"); a failure when one region fails and another is',
    '  ok, a warning otherwise, information when only the addresses differ and every region is ok (a',
    "  CDN or GeoDNS). When they agree, the regions' shared cause is the cause. `REGION_NO_ANSWER`",
    '  comes last: it says nothing about the target.',
  );
  return lines;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(findingsMarkdown());
