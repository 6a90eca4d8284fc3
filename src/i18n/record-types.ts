import type { TimelineEvent } from '../model/index.js';

/** The words of post-incident records (`/wx incident report`), for every surface. */
export interface RecordWords {
  /** `Incident #W12.3: post-incident record`. */
  title: (id: string) => string;
  target: string;
  kind: string;
  opened: string;
  closed: string;
  stillOpen: string;
  duration: string;
  regions: string;
  affected: string;
  rootCause: string;
  hint: string;
  fix: string;
  timeline: string;
  /** `2 d 3 h`, `45 min`, `under a minute`. */
  span: (ms: number) => string;
  event: Record<TimelineEvent, string>;
  by: (user: string) => string;
  until: (t: string) => string;
  /** What a check saw: the certificate (first 16 hex), days left, the code, an answer. */
  certificate: string;
  daysLeft: (n: number) => string;
  expired: string;
  answer: string;
  /** A renewed or replaced certificate, another CA, another answer: before → after. */
  fixWhat: { certificate: string; issuer: string; answer: string };
  noFix: string;
  dropped: (n: number) => string;
  /** Expiry incidents: `The leaf certificate CN=… expires on … (3 days left)`. */
  expiryCause: (role: string, subject: string, at: string, daysLeft: number) => string;
  role: { leaf: string; intermediate: string; root: string };
  unreachable: string;
  /** WeCom: the link to the whole record as a Markdown file. */
  fileLink: string;
  /** Slack: the uploaded file's title. */
  fileTitle: (id: string) => string;
  /** The Report button on a closed incident (Slack). */
  button: string;
  /** On a closed incident's message (WeCom has no buttons). */
  reportHint: (id: string) => string;
  /** `/wx incident report #W12` found nothing for this conversation. */
  notFound: (ref: string) => string;
  /** The status page's list of records. */
  listTitle: string;
  listEmpty: string;
}
