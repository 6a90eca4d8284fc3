/**
 * Slack's input text is mrkdwn-encoded: `&`, `<`, `>` arrive as entities, and links, mentions and
 * channels arrive wrapped (`<http://api.example.com|api.example.com>`, `<@U123>`). Commands want
 * what the person typed.
 */
export function plainText(slackText: string): string {
  return slackText
    .replace(/<([^<>]*)>/g, (_, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@')) return target;
      // The id, not the name: `--to <#C123|ops>` must name the channel unambiguously.
      if (target.startsWith('#')) return target;
      if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0]}`;
      return label ?? target.replace(/^mailto:/, '');
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** `<@UBOT> cert x` → `cert x`: the mention that addressed the bot, at the start of the text. */
export function withoutLeadingMention(slackText: string, botUserId: string | undefined): string {
  const trimmed = slackText.trimStart();
  const m = /^<@([A-Z0-9]+)(?:\|[^>]*)?>\s*/.exec(trimmed);
  if (m && (botUserId === undefined || m[1] === botUserId)) return trimmed.slice(m[0].length);
  return trimmed;
}
