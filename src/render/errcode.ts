/**
 * `wx errcode <code>`: the meaning and remedy of a WeChat/WeCom errcode, in zh-CN and en, for every
 * platform the code is listed for; and the text of the plans answered at once, which the edges print.
 */
import type { Plan } from '../../commands/index.js';
import { errcodeWordsZh } from '../i18n/errcodes-zh-CN.js';
import { type ErrcodeEntry, lookupErrcode, OFFICIAL_LISTS } from '../probes/wechat/errcodes.js';

const PLATFORM = {
  wechat: 'WeChat 微信',
  wecom: 'WeCom 企业微信',
  both: 'WeChat + WeCom 微信/企业微信',
};

function entryText(e: ErrcodeEntry): string[] {
  const zh = errcodeWordsZh(e);
  return [
    `[${PLATFORM[e.platform]}]`,
    `  含义: ${zh.meaning}`,
    `  处理: ${zh.remedy}`,
    `  meaning: ${e.meaning}`,
    `  remedy:  ${e.remedy}`,
  ];
}

export function errcodeText(code: number): string {
  const entries = lookupErrcode(code);
  if (entries.length === 0) {
    return [
      `errcode ${code}: 不在 wxdoctor 的错误码表中 / not in wxdoctor's table.`,
      `WeChat 全局返回码 / global codes: ${OFFICIAL_LISTS.wechat}`,
      `WeCom 全局错误码 / error codes: ${OFFICIAL_LISTS.wecom}`,
    ].join('\n');
  }
  const lines = [`errcode ${code}`];
  if (entries.length > 1) {
    lines.push('⚠ 此错误码在微信与企业微信中含义不同 / means different things on WeChat and WeCom');
  }
  for (const e of entries) lines.push('', ...entryText(e));
  return lines.join('\n');
}

/** The text of a plan answered at once: help as the command wrote it, or an errcode's meaning. */
export function replyText(p: Extract<Plan, { kind: 'reply' | 'errcode' }>): string {
  return p.kind === 'errcode' ? errcodeText(p.code) : p.text;
}
