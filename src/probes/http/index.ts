import { Agent } from 'undici';
import { withResolvers } from '../dns/lookup.js';
import { finding } from '../findings.js';
import type { Finding, ProbeContext, ProbeFn } from '../types.js';
import { makeResult, start } from '../verdict.js';
import { cacheableApiFindings } from './cacheable-api.js';
import { createConnector } from './connector.js';
import { buildDetail, emptyDetail } from './detail.js';
import { expectFindings, slowFinding } from './expect.js';
import { describe } from './failures.js';
import {
  ConnectionLog,
  fetchHop,
  type HopOutcome,
  type HopResponse,
  requestHeaders,
} from './hop.js';
import { hstsFindings, statusFindings } from './judge.js';
import { insecureRedirect, isRedirect, RedirectGuard, redirectTarget } from './redirects.js';
import type { HttpDetail, HttpSpec, RedirectStep } from './types.js';
import { originKey, originOf, parseHttpUrl } from './url.js';

export { emptyDetail as emptyHttpDetail } from './detail.js';
export { BODY_LIMIT } from './hop.js';
export type {
  HttpCache,
  HttpDetail,
  HttpExpect,
  HttpHeaders,
  HttpHop,
  HttpSpec,
  HttpTimings,
  RedirectStep,
} from './types.js';
export { parseHttpUrl } from './url.js';

export const DEFAULT_MAX_REDIRECTS = 10;

/**
 * GETs the URL, following redirects itself so every hop is dialled through the address guard and
 * timed phase by phase (resolve, connect, tls, processing, transfer), as blackbox_exporter does.
 */
export const probeHttp: ProbeFn<HttpSpec, HttpDetail> = async (spec, probeCtx) => {
  const started = start(probeCtx.now);
  const ctx = withResolvers(probeCtx, spec.resolvers);
  try {
    const { findings, detail } = await followChain(spec, ctx);
    return makeResult('http', spec.url, started, findings, detail);
  } catch (err) {
    return makeResult(
      'http',
      spec.url,
      started,
      [finding('PROBE_ERROR', describe(err))],
      emptyDetail(spec.url),
    );
  }
};

async function followChain(
  spec: HttpSpec,
  ctx: ProbeContext,
): Promise<{ findings: Finding[]; detail: HttpDetail }> {
  const first = parseHttpUrl(spec.url);
  const log = new ConnectionLog();
  const agent = new Agent({ connect: createConnector(spec.resolve, ctx, log.record) });
  const guard = new RedirectGuard(first, spec.maxRedirects ?? DEFAULT_MAX_REDIRECTS);
  const hops: HopOutcome[] = [];
  const redirects: RedirectStep[] = [];
  const findings: Finding[] = [];
  try {
    let url = first;
    for (;;) {
      const keepBody = spec.expect?.body !== undefined;
      const hop = await fetchHop(agent, url, originKey(originOf(url)), log, ctx, keepBody);
      hops.push(hop);
      if (hop.failure) {
        if (hop.response) findings.push(...judgeStatus(spec, url, hop.response));
        findings.push(hop.failure.finding);
        break;
      }
      const res = hop.response;
      const location = res.headers.location;
      const next =
        isRedirect(res.status) && typeof location === 'string'
          ? redirectTarget(url, location)
          : null;
      if (!next) {
        findings.push(
          ...judgeStatus(spec, url, res),
          ...hstsFindings(url, res),
          ...cacheableApiFindings(url, res, requestHeaders(ctx)),
        );
        if (spec.expect) findings.push(...expectFindings(spec.expect, url, res));
        break;
      }
      redirects.push({ url: url.href, status: res.status, location: next.href });
      const downgrade = insecureRedirect(redirects.length, url, res.status, next);
      if (downgrade) findings.push(downgrade);
      const stop = guard.check(next);
      if (stop) {
        findings.push(stop);
        break;
      }
      url = next;
    }
  } finally {
    await agent.destroy().catch(() => {});
  }
  const detail = buildDetail(first, hops, redirects);
  const slow = spec.expect?.maxMs === undefined ? null : slowFinding(spec.expect.maxMs, detail);
  if (slow) findings.push(slow);
  return { findings, detail };
}

/** With a watch's status range, that range decides; otherwise 4xx and 5xx are findings. */
function judgeStatus(spec: HttpSpec, url: URL, res: HopResponse): Finding[] {
  if (spec.expect?.status === undefined) return statusFindings(url, res);
  return expectFindings({ status: spec.expect.status }, url, res);
}
