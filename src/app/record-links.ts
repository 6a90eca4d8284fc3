/** Post-incident records' settings for both roles: the worker links to them, the bot serves them. */
import type { Config } from '../config/index.js';
import { type RecordLinks, recordLinks } from '../store/record-links.js';

/**
 * The secret that signs a record's link: the status page's token (WX_STATUS_TOKEN), so a link
 * opens one record, never the page. Without a token links are unsigned, and the records, like the
 * page, open only to direct loopback clients.
 */
export function recordLinkKey(config: Config): string | null {
  return config.status.token?.reveal() ?? null;
}

/** Links to records under WX_PUBLIC_URL; null when it is not set (WeCom gets no link). */
export function recordLinksOf(config: Config): RecordLinks | null {
  const base = config.incidentRecords.publicUrl;
  return base ? recordLinks(base, recordLinkKey(config)) : null;
}
