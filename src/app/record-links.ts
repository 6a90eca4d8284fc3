/** Post-incident records' settings for both roles: the worker links to them, the bot serves them. */
import type { Config } from '../config/index.js';
import { type RecordLinks, recordLinks } from '../store/record-links.js';

/**
 * The secret that signs a record's link: the status page's token (WX_STATUS_TOKEN), so a link
 * opens one record, never the page. MERGE: return the status token from the config once the
 * status page's settings exist (until then links are unsigned and open only an unprotected page).
 */
export function recordLinkKey(_config: Config): string | null {
  return null;
}

/** Links to records under WX_PUBLIC_URL; null when it is not set (WeCom gets no link). */
export function recordLinksOf(config: Config): RecordLinks | null {
  const base = config.incidentRecords.publicUrl;
  return base ? recordLinks(base, recordLinkKey(config)) : null;
}
