/**
 * Every probe kind, in one map (like blackbox_exporter's `Probers`): a new kind is one entry here
 * plus its folder. The kind names, the request and result types, the dispatch of `runProbe` and
 * the result of a probe that did not finish all derive from this map.
 *
 * The dns, http and wechat probes (the latter two with their HTTP client, undici) are imported on
 * their first run: a program that only checks certificates (`wx cert`) does not load the others.
 */
import { certTarget, emptyCertDetail, probeCert } from './cert/index.js';
import { dnsTarget, emptyDnsDetail } from './dns/detail.js';
import type { DnsDetail, DnsSpec } from './dns/types.js';
import { emptyDetail as emptyHttpDetail } from './http/empty.js';
import type { HttpDetail, HttpSpec } from './http/types.js';
import type { ProbeFn, ProbeResult } from './types.js';
import { emptyWechatDetail, wechatTarget } from './wechat/detail.js';
import type { WechatDetail, WechatSpec } from './wechat/types.js';

const probeDns: ProbeFn<DnsSpec, DnsDetail> = async (spec, ctx) =>
  (await import('./dns/index.js')).probeDns(spec, ctx);

const probeHttp: ProbeFn<HttpSpec, HttpDetail> = async (spec, ctx) =>
  (await import('./http/index.js')).probeHttp(spec, ctx);

const probeWechat: ProbeFn<WechatSpec, WechatDetail> = async (spec, ctx) =>
  (await import('./wechat/index.js')).probeWechat(spec, ctx);

/** One probe kind: how to run it, what its results name as target, its detail when it has none. */
export interface Prober<S, D> {
  run: ProbeFn<S, D>;
  target(spec: S): string;
  /** The detail of a result that has nothing to say (the probe did not finish). */
  empty(spec: S): D;
}

/** Ties a prober's spec and detail types together, so the three functions agree. */
function prober<S, D>(p: Prober<S, D>): Prober<S, D> {
  return p;
}

export const PROBERS = {
  cert: prober({ run: probeCert, target: certTarget, empty: emptyCertDetail }),
  dns: prober({ run: probeDns, target: dnsTarget, empty: emptyDnsDetail }),
  http: prober({
    run: probeHttp,
    target: (spec: HttpSpec) => spec.url,
    empty: (spec: HttpSpec) => emptyHttpDetail(spec.url),
  }),
  wechat: prober({ run: probeWechat, target: wechatTarget, empty: emptyWechatDetail }),
};

type Probers = typeof PROBERS;

export type ProbeName = keyof Probers;
export type ProbeSpec<K extends ProbeName> = Parameters<Probers[K]['target']>[0];
export type ProbeDetail<K extends ProbeName> = ReturnType<Probers[K]['empty']>;

/** One probe to run: plain JSON, so it can travel as a job payload. */
export type ProbeRequest = { [K in ProbeName]: { probe: K; spec: ProbeSpec<K> } }[ProbeName];

/** A result whose `probe` tells the type of its `detail`. */
export type ProbeResultOf<K extends ProbeName> = ProbeResult<ProbeDetail<K>> & { probe: K };
export type AnyProbeResult = { [K in ProbeName]: ProbeResultOf<K> }[ProbeName];

export function isProbeName(name: unknown): name is ProbeName {
  return typeof name === 'string' && Object.hasOwn(PROBERS, name);
}

/** The prober of a request's kind, typed for its spec (the one place the map is indexed). */
export function proberOf(
  req: ProbeRequest,
): Prober<ProbeRequest['spec'], AnyProbeResult['detail']> {
  return PROBERS[req.probe] as Prober<ProbeRequest['spec'], AnyProbeResult['detail']>;
}
