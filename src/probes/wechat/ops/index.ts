/** The per-app operations: token, ip, quota, rid, callback-check. */
import { finding } from '../../findings.js';
import type { Finding, ProbeContext } from '../../types.js';
import type { Handled } from '../handled.js';
import type { WechatApp, WechatDetail, WechatSpec } from '../types.js';
import { who } from '../who.js';
import { callbackCheck } from './callback-check.js';
import { ip } from './ip.js';
import { quota } from './quota.js';
import { rid } from './rid.js';
import { token } from './token.js';

type AppSpec = Exclude<WechatSpec, { op: 'api-domains' }>;

export async function runAppOp(
  spec: AppSpec,
  app: WechatApp,
  detail: WechatDetail,
  ctx: ProbeContext,
  seen: Handled,
): Promise<Finding[]> {
  switch (spec.op) {
    case 'token':
      return token(app, detail, ctx, seen);
    case 'ip':
      return ip(app, detail, ctx);
    case 'quota':
      if (app.platform === 'wecom') return unsupported(app, 'quota');
      return quota(app, spec.cgiPath, detail, ctx);
    case 'rid':
      if (app.platform === 'wecom') return unsupported(app, 'rid');
      return rid(app, spec.rid, detail, ctx);
    case 'callback-check':
      if (app.platform === 'wecom') return unsupported(app, 'callback-check');
      return callbackCheck(app, spec.action, spec.operator, detail, ctx);
  }
}

function unsupported(app: WechatApp, op: string): Finding[] {
  return [
    finding(
      'WX_OP_UNSUPPORTED',
      `${who(app)} is a WeCom app; WeCom has no ${op} API (it is a WeChat Official Account / Mini Program API)`,
    ),
  ];
}
