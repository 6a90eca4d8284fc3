/**
 * CDN_STALE_EDGE: the same URL probed from several regions, where an edge serves an older copy
 * than the others. Pure: results in, findings out (the multi-region fan-out calls it).
 *
 * Which copy is stale, in order of evidence (the first that applies decides):
 * 1. Last-Modified: a copy older than the newest one seen is stale.
 * 2. ETag (weak and strong compared alike): copies whose ETag differs from the one of the most
 *    recently fetched copy are stale (fetched = received − Age).
 * 3. Only when neither validator can be compared (fewer than two copies carry it): Age. A copy
 *    whose Age exceeds the youngest copy's by STALE_AGE_GAP_S and is at least twice it is stale.
 * Copies agreeing on their validators are never stale, whatever their Age. Only responses below
 * 500 count (a failing edge is the region comparison's business), compared per final URL.
 */
import { finding } from '../findings.js';
import type { Finding, ProbeResult } from '../types.js';
import type { HttpDetail } from './types.js';

/** One region's http result for the URL. */
export interface CdnEdge {
  region: string;
  result: ProbeResult<HttpDetail>;
}

/** A region serving an older copy, and the evidence. */
export interface StaleEdge {
  region: string;
  /** Which signal showed it. */
  by: 'last-modified' | 'etag' | 'age';
  /** In words: "Last-Modified Tue, 01 Dec 2026 10:00:00 GMT, older than north's …". */
  evidence: string;
  /** The final URL the copies were compared for. */
  url: string;
}

/** Age gap (seconds) that, with no validator to compare, marks a copy as stale. */
export const STALE_AGE_GAP_S = 600;

interface Copy {
  region: string;
  url: string;
  lastModified: string | null;
  lastModifiedMs: number | null;
  etag: string | null;
  age: number;
  /** Epoch ms the copy left the origin, as far as Age tells. */
  fetchedAt: number;
}

export function staleEdges(edges: readonly CdnEdge[]): StaleEdge[] {
  const byUrl = new Map<string, Copy[]>();
  for (const edge of edges) {
    const copy = copyOf(edge);
    if (!copy) continue;
    byUrl.set(copy.url, [...(byUrl.get(copy.url) ?? []), copy]);
  }
  return [...byUrl.values()].flatMap((copies) => (copies.length < 2 ? [] : compare(copies)));
}

/** One CDN_STALE_EDGE per URL with stale edges, naming them; [] when the edges agree. */
export function cdnEdgeFindings(edges: readonly CdnEdge[]): Finding[] {
  const stale = staleEdges(edges);
  const urls = [...new Set(stale.map((s) => s.url))];
  return urls.map((url) => {
    const here = stale.filter((s) => s.url === url);
    const regions = here.map((s) => s.region);
    const verb = regions.length === 1 ? 'serves' : 'serve';
    const evidence = here.map((s) => `${s.region}: ${s.evidence}`).join('; ');
    return finding(
      'CDN_STALE_EDGE',
      `${regions.join(', ')} ${verb} an older copy of ${url} than the other regions (${evidence})`,
    );
  });
}

function copyOf(edge: CdnEdge): Copy | null {
  const d = edge.result.detail;
  if (d.status === null || d.status >= 500 || !d.cache) return null;
  const lm = d.cache.lastModified ?? null;
  const lmMs = lm === null ? Number.NaN : Date.parse(lm);
  const age = d.cache.age ?? 0;
  const receivedAt = Date.parse(edge.result.startedAt) + edge.result.durationMs;
  return {
    region: edge.region,
    url: d.finalUrl,
    lastModified: lm,
    lastModifiedMs: Number.isNaN(lmMs) ? null : lmMs,
    etag: d.cache.etag?.replace(/^W\//, '') ?? null,
    age,
    fetchedAt: receivedAt - age * 1000,
  };
}

function compare(copies: Copy[]): StaleEdge[] {
  const stale: StaleEdge[] = [];
  const dated = copies.filter((c) => c.lastModifiedMs !== null);
  if (dated.length >= 2) {
    const newest = dated.reduce((a, b) =>
      (b.lastModifiedMs ?? 0) > (a.lastModifiedMs ?? 0) ? b : a,
    );
    for (const c of dated) {
      if ((c.lastModifiedMs ?? 0) < (newest.lastModifiedMs ?? 0)) {
        stale.push({
          region: c.region,
          url: c.url,
          by: 'last-modified',
          evidence: `Last-Modified ${shown(c.lastModified)}, older than ${newest.region}'s ${shown(newest.lastModified)}`,
        });
      }
    }
  }
  const rest = copies.filter((c) => !stale.some((s) => s.region === c.region));
  const tagged = rest.filter((c) => c.etag !== null);
  if (tagged.length >= 2) {
    const current = tagged.reduce((a, b) => (b.fetchedAt > a.fetchedAt ? b : a));
    for (const c of tagged) {
      if (c.etag === current.etag) continue;
      stale.push({
        region: c.region,
        url: c.url,
        by: 'etag',
        evidence: `ETag ${shown(c.etag)}, not ${current.region}'s ${shown(current.etag)} (Age ${c.age} s against ${current.age} s)`,
      });
    }
  }
  if (dated.length >= 2 || tagged.length >= 2) return stale;
  const youngest = copies.reduce((a, b) => (b.age < a.age ? b : a));
  for (const c of copies) {
    if (c.age - youngest.age >= STALE_AGE_GAP_S && c.age >= 2 * youngest.age) {
      stale.push({
        region: c.region,
        url: c.url,
        by: 'age',
        evidence: `Age ${c.age} s against ${youngest.region}'s ${youngest.age} s, and no Last-Modified or ETag to compare`,
      });
    }
  }
  return stale;
}

/** Server text as a JSON string (quotes dropped from an ETag first), bounded. */
function shown(value: string | null): string {
  return JSON.stringify((value ?? '').replace(/^"(.*)"$/, '$1').slice(0, 80));
}
