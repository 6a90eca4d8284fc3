/** The languages every human word is written in (src/i18n/ catalogues). */
export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];

/** The chat platforms wxdoctor answers on. */
export type Platform = 'slack' | 'wecom';

/**
 * The language of a platform's conversations when WX_LANG (and no workspace or channel setting)
 * says otherwise: WeCom is used by Chinese-speaking teams, Slack's workspaces mostly read English.
 */
export const PLATFORM_LANG: Record<Platform, Lang> = { slack: 'en', wecom: 'zh-CN' };
