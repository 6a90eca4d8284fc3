/**
 * The WeCom adapters' options from the `wecom` config section (the adapter maps its own keys,
 * the process only hands over what it shares with every platform: queue, Redis, logger).
 */
import { ConfigError, type WecomConfig } from '../../config/index.js';
import { PLATFORM_LANG } from '../../model/index.js';
import type { DeliveryShared, FrontShared } from '../from-config.js';
import type { WecomDeliveryOptions } from './delivery.js';
import type { WecomFrontOptions } from './front.js';

/** What the process gives every delivery adapter, and the token cache the worker shares. */
type WecomDeliveryShared = DeliveryShared<WecomDeliveryOptions> &
  Pick<WecomDeliveryOptions, 'tokens'>;

/** The callback routes: the app's and, when configured, the AI bot's. */
export function frontFromConfig(
  wecom: WecomConfig,
  shared: FrontShared<WecomFrontOptions> & Pick<WecomFrontOptions, 'admins'>,
): WecomFrontOptions {
  // loadConfig requires the corp id, and the app's keys unless the AI bot is configured.
  if (!wecom.corpId || (!(wecom.token && wecom.aesKey) && !wecom.aibot)) {
    throw ConfigError.of('WECOM_CORP_ID', 'WECOM_TOKEN and WECOM_AES_KEY are required');
  }
  return {
    corpId: wecom.corpId,
    ...(wecom.token && wecom.aesKey
      ? { token: wecom.token.reveal(), aesKey: wecom.aesKey.reveal() }
      : {}),
    callbackPath: wecom.callbackPath,
    ...(wecom.aibot
      ? {
          aibot: {
            token: wecom.aibot.token.reveal(),
            aesKey: wecom.aibot.aesKey.reveal(),
            path: wecom.aibot.path,
          },
        }
      : {}),
    ...shared,
    lang: shared.lang ?? PLATFORM_LANG.wecom,
  };
}

/** Answers in WeCom: app messages, the app's group chats, group robots, the AI bot. */
export function deliveryFromConfig(
  wecom: WecomConfig,
  shared: WecomDeliveryShared,
): WecomDeliveryOptions {
  // loadConfig requires the corp id, and the app's id and secret unless the AI bot is configured.
  if (!wecom.corpId) throw ConfigError.of('WECOM_CORP_ID', 'WeCom answers need WECOM_CORP_ID');
  return {
    corpId: wecom.corpId,
    ...(wecom.agentId !== null && wecom.secret
      ? { agentId: wecom.agentId, secret: wecom.secret.reveal() }
      : {}),
    apiUrl: wecom.apiUrl,
    robots: Object.fromEntries(
      Object.entries(wecom.robots).map(([name, key]) => [name, key.reveal()]),
    ),
    ...shared,
  };
}
