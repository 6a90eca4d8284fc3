/**
 * Links to one incident record's Markdown (`/status/incidents/<id>.md?sig=…`) for chats without
 * file messages (WeCom). The signature opens that record alone: the status page's token never
 * goes into chat. Signed with HMAC-SHA256 under the status page's secret, checked constant-time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface RecordLinks {
  /** The public URL of the record's Markdown, signed when a key is configured. */
  url(id: string): string;
  /** Whether `sig` opens record `id` (false without a key: nothing to check against). */
  verify(id: string, sig: string | null): boolean;
}

function signature(key: string, id: string): string {
  return createHmac('sha256', key)
    .update(`wxdoctor incident record\u0000${id}`)
    .digest('base64url');
}

/** `base`: the bot's public URL (WX_PUBLIC_URL); `key`: the status page's secret, or null. */
export function recordLinks(base: string, key: string | null): RecordLinks {
  const root = base.replace(/\/+$/, '');
  return {
    url(id) {
      const path = `${root}/status/incidents/${encodeURIComponent(id)}.md`;
      return key ? `${path}?sig=${signature(key, id)}` : path;
    },
    verify(id, sig) {
      if (!key || !sig) return false;
      const want = Buffer.from(signature(key, id));
      const got = Buffer.from(sig);
      return got.length === want.length && timingSafeEqual(got, want);
    },
  };
}
