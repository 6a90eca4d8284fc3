/** A wechat result's target and empty detail: what the probers map needs without the client. */
import type { WechatDetail, WechatSpec } from './types.js';

export function wechatTarget(spec: WechatSpec): string {
  return spec.op === 'api-domains' ? 'api-domains' : `${spec.op} ${spec.alias}`;
}

export function emptyWechatDetail(spec: WechatSpec): WechatDetail {
  return {
    op: spec.op,
    alias: spec.op === 'api-domains' ? null : spec.alias,
    platform: null,
    appId: null,
    apiUrl: null,
    calls: [],
  };
}
