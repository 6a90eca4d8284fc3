/**
 * The Slack adapters' options from the `slack` config section (the adapter maps its own keys,
 * the process only hands over what it shares with every platform: queue, Redis, logger).
 */
import { ConfigError, type Secret, type SlackConfig } from '../../config/index.js';
import { PLATFORM_LANG } from '../../model/index.js';
import type { Log } from '../../model/log.js';
import type { DeliveryShared, FrontShared } from '../from-config.js';
import type { SlackFrontOptions } from './app.js';
import type { ChannelDirectoryOptions } from './channels.js';
import type { SlackDeliveryOptions } from './delivery.js';

/** The front end; `customRoutes` are served on its port (HTTP mode serves the ops routes there). */
export function frontFromConfig(
  slack: SlackConfig,
  shared: FrontShared<SlackFrontOptions>,
  customRoutes?: SlackFrontOptions['customRoutes'],
): SlackFrontOptions {
  const { lang, ...rest } = shared;
  return {
    botToken: botToken(slack),
    ...(slack.signingSecret ? { signingSecret: slack.signingSecret.reveal() } : {}),
    ...(slack.appToken ? { appToken: slack.appToken.reveal() } : {}),
    ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
    ...rest,
    lang: {
      default: lang ?? PLATFORM_LANG.slack,
      workspaces: slack.langByWorkspace,
      conversations: slack.langByChannel,
    },
    ...(customRoutes ? { customRoutes } : {}),
  };
}

export function deliveryFromConfig(
  slack: SlackConfig,
  shared: DeliveryShared<SlackDeliveryOptions>,
): SlackDeliveryOptions {
  return {
    botToken: botToken(slack),
    ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
    ...shared,
  };
}

/** The channel directory behind `watch add --to #name`. */
export function channelsFromConfig(
  slack: SlackConfig,
  shared: { logger: Log },
): ChannelDirectoryOptions {
  return {
    botToken: botToken(slack),
    ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
    logger: shared.logger,
  };
}

function botToken({ botToken }: { botToken: Secret | null }): string {
  // loadConfig guarantees the bot token in every role; this only guards hand-made configs.
  if (!botToken) throw ConfigError.of('SLACK_BOT_TOKEN', 'required');
  return botToken.reveal();
}
