/** The `wechat` probe: WeChat/WeCom API diagnostics for an app named by alias, or the API domains. */
import { setMaxListeners } from 'node:events';
import { finding } from '../findings.js';
import type { ProbeContext, ProbeFn, ProbeResult } from '../types.js';
import { makeResult, start } from '../verdict.js';
import { apiDomains } from './api-domains.js';
import { emptyWechatDetail, wechatTarget } from './detail.js';
import { type Handled, handled, noting } from './handled.js';
import { runAppOp } from './ops/index.js';
import { scrubStrings } from './scrub.js';
import type { WechatApp, WechatDetail, WechatSpec } from './types.js';
import { who } from './who.js';

export { emptyWechatDetail, wechatTarget } from './detail.js';
export type * from './types.js';
export { DEFAULT_API_DOMAINS } from './types.js';

export const probeWechat: ProbeFn<WechatSpec, WechatDetail> = async (spec, ctx) => {
  const started = start(ctx.now);
  // Every call and sub-probe listens to the one deadline signal: 15 for api-domains.
  setMaxListeners(64, ctx.signal);
  const detail = emptyWechatDetail(spec);
  const seen = handled(ctx.apps?.secrets?.() ?? []);
  // Scrubbed before it leaves the probe: the job's return value, chat and logs get this.
  const done = (findings: ReturnType<typeof finding>[]): ProbeResult<WechatDetail> =>
    scrubStrings(makeResult('wechat', wechatTarget(spec), started, findings, detail), seen);
  if (spec.op === 'api-domains') {
    const out = await apiDomains(spec, ctx);
    detail.domains = out.rows;
    detail.recommended = out.recommended;
    return done(out.findings);
  }
  const app = ctx.apps?.get(spec.alias);
  if (!app) return done([unknownApp(spec.alias)]);
  detail.platform = app.platform;
  detail.appId = app.id;
  detail.apiUrl = app.apiUrl;
  if (app.unusable !== undefined) {
    return done([finding('WX_APP_SECRET_UNSET', `${who(app)}: ${app.unusable}`)]);
  }
  return done(await runOp(spec, app, detail, ctx, seen));
};

/** A throw here would carry its message past the scrub: it becomes a finding instead. */
async function runOp(
  spec: Exclude<WechatSpec, { op: 'api-domains' }>,
  app: WechatApp,
  detail: WechatDetail,
  ctx: ProbeContext,
  seen: Handled,
) {
  try {
    return await runAppOp(spec, noting(app, seen), detail, ctx, seen);
  } catch (err) {
    return [finding('PROBE_ERROR', `the wechat probe did not finish: ${(err as Error)?.message}`)];
  }
}

/**
 * Names no configured alias: a result may be posted to a whole channel. The front ends and the
 * CLI answer an unknown alias before it gets here, listing them to the asker alone.
 */
function unknownApp(alias: string) {
  return finding('WX_UNKNOWN_APP', `no app is configured with the alias ${JSON.stringify(alias)}`);
}
