/** The languages every human word is written in (src/i18n/ catalogues). */
export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];

/** The chat platforms wxdoctor answers on. */
export type Platform = 'slack' | 'wecom';
