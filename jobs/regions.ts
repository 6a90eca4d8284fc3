/**
 * A regional command's answers, assembled by its `check` job: per region, the results of its
 * probe children (a crashed probe is PROBE_ERROR; a region with a child that never answered, cut
 * loose by the deadline job, is no answer at all), combined per region for `check`, then
 * compared across regions.
 */
import { combine } from '../src/probes/combine.js';
import { type AnyProbeResult, failedResult } from '../src/probes/index.js';
import {
  compareRegions,
  type RegionAnswer,
  type RegionsReport,
} from '../src/probes/regions/index.js';
import type { FlowChildren } from '../src/queue/children.js';
import { type CheckJobData, PROBE_TOO_LATE } from '../src/queue/job-data.js';
import { regionProbeKey, regionQueue } from '../src/queue/names.js';

export function regionsReport(
  data: CheckJobData,
  regions: NonNullable<CheckJobData['regions']>,
  children: FlowChildren,
): RegionsReport {
  const { invocation, requests } = data;
  const answers = regions.names.map((region): RegionAnswer => {
    const results = requests.map((request, i): AnyProbeResult | undefined => {
      const queue = regionQueue(region);
      const key = regionProbeKey(invocation.id, i, region);
      const value = children.value<AnyProbeResult>(queue, key);
      if (value) return value;
      const failure = children.failure(queue, key);
      return failure !== undefined && failure !== PROBE_TOO_LATE
        ? failedResult(request, failure)
        : undefined;
    });
    if (results.some((r) => r === undefined)) return { region, result: null };
    const answered = results as AnyProbeResult[];
    const single = answered.length === 1 && !data.combine ? answered[0] : undefined;
    return {
      region,
      result: single ?? combine(data.combine?.title ?? invocation.text, answered),
    };
  });
  return compareRegions(titleOf(data), answers, { waitedMs: regions.waitMs });
}

function titleOf({ requests, combine: combined, invocation }: CheckJobData): string {
  if (combined) return `check ${combined.title}`;
  const [first] = requests;
  if (requests.length === 1 && first) return `${first.probe} ${targetOf(first)}`;
  return invocation.text;
}

function targetOf(req: CheckJobData['requests'][number]): string {
  switch (req.probe) {
    case 'cert':
      return `${req.spec.host}:${req.spec.port}`;
    case 'http':
      return req.spec.url;
    case 'dns':
      return req.spec.name;
    case 'wechat':
      return 'alias' in req.spec ? `${req.spec.op} ${req.spec.alias}` : req.spec.op;
  }
}
