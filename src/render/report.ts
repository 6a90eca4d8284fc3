import type { CombinedReport } from '../probes/combine.js';
import type { AnyProbeResult, Finding, ProbeDetail, ProbeName, Status } from '../probes/index.js';
import { certSections } from './sections/cert.js';
import { dnsSections } from './sections/dns.js';
import { httpSections } from './sections/http.js';
import { wechatSections } from './sections/wechat.js';

/** A table or a list of lines under a heading: the details after the findings. */
export interface Section {
  title: string;
  /** Label/value pairs. */
  facts?: Array<[string, string]>;
  /** Rows of a table; the first row is the header. */
  table?: string[][];
}

/** The neutral report every surface renders (terminal text, Block Kit, WeCom markdown). */
export interface Report {
  /** The probe kind (`cert`): heads each part of a multi-probe message. */
  probe: ProbeName;
  status: Status;
  /** `cert api.example.com:443` */
  subject: string;
  /** One line: what a person needs to know first. */
  summary: string;
  findings: Finding[];
  sections: Section[];
}

const SEVERITY_ORDER = { fail: 0, warn: 1, info: 2 } as const;

export function reportOf(result: AnyProbeResult): Report {
  const { summary, sections } = detailOf(result);
  const findings = [...result.findings].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
  const top = findings.find((f) => f.severity !== 'info');
  return {
    probe: result.probe,
    status: result.status,
    subject: `${result.probe} ${result.target}`,
    summary: top ? top.message : summary,
    findings,
    sections,
  };
}

export function reportsOf(combined: CombinedReport): {
  status: Status;
  subject: string;
  parts: Report[];
} {
  return {
    status: combined.status,
    subject: `check ${combined.check}`,
    parts: combined.results.map((r) => reportOf(r as AnyProbeResult)),
  };
}

type Detail = { summary: string; sections: Section[] };

/** The summary and detail sections of each probe kind (the compiler asks for every kind). */
const SECTIONS: { [K in ProbeName]: (detail: ProbeDetail<K>) => Detail } = {
  cert: certSections,
  dns: dnsSections,
  http: httpSections,
  wechat: wechatSections,
};

function detailOf(result: AnyProbeResult): Detail {
  return (SECTIONS[result.probe] as (detail: AnyProbeResult['detail']) => Detail)(result.detail);
}
