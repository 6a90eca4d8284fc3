/**
 * The status page's data in words: each watch's row with its values and their text in one
 * language. `/status.json` is this; the page renders it as a table, and its script swaps in the
 * rows of a fresh copy (text only, never markup).
 */
import { messages } from '../i18n/index.js';
import type { Lang } from '../model/index.js';
import type { StatusEntry, StatusState, WatchRegion } from '../watch/status.js';
import { headline, subjectLine } from './incident-text.js';
import { when } from './when.js';

export interface StatusIncidentView {
  n: number;
  key: string;
  /** What is wrong, short: `Certificate expires within 7 days`, `CHAIN_INCOMPLETE`. */
  headline: string;
  /** What it is about: the certificate and its dates, or the finding's message. */
  detail: string;
  openedAt: string;
  critical: boolean;
  acknowledged: boolean;
  snoozedUntil: string | null;
  /** Acknowledged, snoozed, further open incidents: one line, '' when none. */
  note: string;
}

export interface StatusRowView {
  ref: string;
  kind: string;
  kindText: string;
  target: string;
  state: StatusState;
  stateText: string;
  muted: boolean;
  incident: StatusIncidentView | null;
  openIncidents: number;
  daysLeft: number | null;
  daysText: string;
  checkedAt: string | null;
  checkedText: string;
  region: string | null;
  /** A regional watch's regions and their states (regionText says them). */
  regions: WatchRegion[] | null;
  regionText: string;
}

export interface StatusView {
  lang: Lang;
  title: string;
  generatedAt: string;
  updatedText: string;
  summary: string;
  watches: number;
  openIncidents: number;
  rows: StatusRowView[];
}

const iso = (ms: number) => new Date(ms).toISOString();

function incidentView(e: StatusEntry, lang: Lang): StatusIncidentView | null {
  const i = e.incident;
  if (!i) return null;
  const m = messages(lang);
  const w = m.statusPage;
  const snoozedUntil = i.snoozedUntil === null ? null : iso(i.snoozedUntil);
  const note = [
    i.acknowledged ? w.acknowledged : '',
    snoozedUntil ? w.snoozedUntil(when(snoozedUntil)) : '',
    e.openIncidents > 1 ? w.more(e.openIncidents - 1) : '',
  ].filter(Boolean);
  return {
    n: i.n,
    key: i.key,
    headline: headline(i, m.incident, lang),
    detail: subjectLine(i, m.incident, lang),
    openedAt: iso(i.openedAt),
    critical: i.critical,
    acknowledged: i.acknowledged,
    snoozedUntil,
    note: note.join(' · '),
  };
}

export function statusRowView(e: StatusEntry, lang: Lang): StatusRowView {
  const w = messages(lang).statusPage;
  const checkedAt = e.checkedAt === null ? null : iso(e.checkedAt);
  return {
    ref: e.ref,
    kind: e.kind,
    kindText: w.kind[e.kind] ?? e.kind,
    target: e.target,
    state: e.state,
    stateText: w.state[e.state],
    muted: e.muted,
    incident: incidentView(e, lang),
    openIncidents: e.openIncidents,
    daysLeft: e.daysLeft,
    daysText: e.daysLeft === null ? '-' : String(e.daysLeft),
    checkedAt,
    checkedText: checkedAt === null ? '-' : when(checkedAt),
    region: e.region,
    regions: e.regions,
    regionText: e.regions
      ? e.regions
          .map((r) => `${r.region} ${r.state === 'no-answer' ? w.noAnswer : w.state[r.state]}`)
          .join(', ')
      : (e.region ?? '-'),
  };
}

export function statusView(entries: readonly StatusEntry[], lang: Lang, now: number): StatusView {
  const w = messages(lang).statusPage;
  const open = entries.reduce((n, e) => n + e.openIncidents, 0);
  const generatedAt = iso(now);
  return {
    lang,
    title: w.title,
    generatedAt,
    updatedText: w.updated(when(generatedAt)),
    summary: w.summary(entries.length, open),
    watches: entries.length,
    openIncidents: open,
    rows: entries.map((e) => statusRowView(e, lang)),
  };
}
