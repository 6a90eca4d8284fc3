import { FINDINGS_ZH_CN } from '../i18n/findings-zh-CN.js';
import { FINDING_CODES, FINDINGS } from '../probes/findings.js';

const GROUPS: Array<[string, RegExp]> = [
  ['Reaching the host (cert and http)', /^(DNS_FAILED|CONNECT_|ADDRESS_BLOCKED|PROBE_ERROR)/],
  [
    'TLS and certificates (cert, and http over https)',
    /^(TLS_|CERT_|CHAIN_|INTERMEDIATE_|REVOCATION_)/,
  ],
  ['DNS (dns)', /^DNS_/],
  ['HTTP (http)', /^HTTP_/],
  ['WeChat / WeCom API (wechat: token, ip, quota, rid, callback-check, api-domains)', /^WX_/],
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

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(findingsMarkdown());
