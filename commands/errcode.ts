/** `wx errcode <code>`: meaning and remedy of a WeChat/WeCom errcode, in zh-CN and en. */
import { type ErrcodeEntry, lookupErrcode, OFFICIAL_LISTS } from '../src/probes/wechat/errcodes.js';
import { type Command, type Plan, UsageError } from './types.js';

const PLATFORM = {
  wechat: 'WeChat 微信',
  wecom: 'WeCom 企业微信',
  both: 'WeChat + WeCom 微信/企业微信',
};

function entryText(e: ErrcodeEntry): string[] {
  return [
    `[${PLATFORM[e.platform]}]`,
    `  含义: ${e.meaning['zh-CN']}`,
    `  处理: ${e.remedy['zh-CN']}`,
    `  meaning: ${e.meaning.en}`,
    `  remedy:  ${e.remedy.en}`,
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

export const errcode: Command = {
  name: 'errcode',
  summary: 'Meaning and remedy of a WeChat/WeCom errcode, in Chinese and English',
  usage: 'wx errcode <code>',
  options: [],
  examples: ['wx errcode 40164', 'wx errcode 60020', 'wx errcode 40001'],
  parse(args): Plan {
    if (args.length !== 1) throw new UsageError('errcode takes one code', 'errcode');
    const raw = (args[0] ?? '').trim();
    if (!/^-?\d{1,9}$/.test(raw)) {
      throw new UsageError(`not an errcode: ${JSON.stringify(raw)}`, 'errcode');
    }
    return { kind: 'reply', text: errcodeText(Number(raw)) };
  },
};
