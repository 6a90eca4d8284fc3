/** Where an AI bot's response_url must point: WeCom's aibot/response on the configured API origin. */
export const AIBOT_RESPONSE_API = 'aibot/response';
export const AIBOT_RESPONSE_PATH = `/cgi-bin/${AIBOT_RESPONSE_API}`;

/**
 * The response_code of a response_url on `apiOrigin`; null for anything else (another host or
 * path, credentials in the URL, no code). The URL is a capability: only WeCom's own is answered.
 */
export function aibotResponseCode(url: string, apiOrigin: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin !== apiOrigin || parsed.pathname !== AIBOT_RESPONSE_PATH) return null;
  if (parsed.username || parsed.password) return null;
  const code = parsed.searchParams.get('response_code');
  return code ? code : null;
}
