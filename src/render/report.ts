import { findingHint, findingMessage } from '../i18n/findings.js';
import { type SectionWords, sectionWords } from '../i18n/section-words.js';
import type { Lang } from '../model/index.js';
import { attribute, type Cause } from '../probes/cause.js';
import type { CombinedReport } from '../probes/combine.js';
import type { AnyProbeResult, Finding, ProbeDetail, ProbeName, Status } from '../probes/index.js';
import { bySeverity } from '../probes/verdict.js';
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
  /** The probe's own one-line summary of its details (not a finding's message). */
  overview: string;
  findings: Finding[];
  sections: Section[];
}

/** The report in `lang`: findings' messages and hints, section words and summary. */
export function reportOf(result: AnyProbeResult, lang: Lang = 'en'): Report {
  const { summary, sections } = detailOf(result, sectionWords(lang));
  const findings = result.findings.map((f) => inLang(f, lang)).sort(bySeverity);
  const top = findings.find((f) => f.severity !== 'info');
  return {
    probe: result.probe,
    status: result.status,
    subject: `${result.probe} ${result.target}`,
    summary: top ? top.message : summary,
    overview: summary,
    findings,
    sections,
  };
}

/**
 * A combined check as every surface opens it: the root cause and its fix, the other independent
 * problems, then one part per probe holding only what is not said above (consequences, info).
 */
export interface CombinedReports {
  status: Status;
  subject: string;
  /** The root cause; null when the status is ok. */
  cause: Cause | null;
  /** The other independent problems, worst first. */
  others: Cause[];
  parts: Report[];
}

export function reportsOf(combined: CombinedReport, lang: Lang = 'en'): CombinedReports {
  // A report queued before causes existed has none: decide them here.
  const attributed =
    combined.cause === undefined
      ? attribute(combined.results)
      : { status: combined.status, cause: combined.cause, results: combined.results };
  const cause =
    attributed.status === 'ok' || !attributed.cause ? null : inLang(attributed.cause, lang);
  const parts = attributed.results.map((r) => reportOf(r as AnyProbeResult, lang));
  const others: Cause[] = [];
  for (const part of parts) {
    for (const f of part.findings) {
      if (f.severity === 'info' || f.consequenceOf !== undefined || isCause(f, part, cause))
        continue;
      others.push({ probe: part.probe, ...f });
    }
  }
  others.sort(bySeverity);
  return {
    status: attributed.status,
    subject: `check ${combined.check}`,
    cause,
    others,
    parts: parts.map((p) => ({
      ...p,
      summary: p.overview,
      findings: p.findings.filter((f) => f.severity === 'info' || f.consequenceOf !== undefined),
    })),
  };
}

function isCause(f: Finding, part: Report, cause: Cause | null): boolean {
  return (
    cause !== null &&
    cause.probe === part.probe &&
    cause.code === f.code &&
    cause.message === f.message
  );
}

/** A finding (or cause) with its message and hint said in `lang` (English: as the probe wrote). */
function inLang<F extends Finding>(f: F, lang: Lang): F {
  if (lang === 'en') return f;
  return { ...f, message: findingMessage(f, lang), hint: findingHint(f, lang) };
}

type Detail = { summary: string; sections: Section[] };

/** The summary and detail sections of each probe kind (the compiler asks for every kind). */
const SECTIONS: { [K in ProbeName]: (detail: ProbeDetail<K>, w: SectionWords) => Detail } = {
  cert: certSections,
  dns: dnsSections,
  http: httpSections,
  wechat: wechatSections,
};

function detailOf(result: AnyProbeResult, w: SectionWords): Detail {
  return (SECTIONS[result.probe] as (detail: AnyProbeResult['detail'], w: SectionWords) => Detail)(
    result.detail,
    w,
  );
}
