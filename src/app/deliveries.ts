/** The chat delivery adapters of a worker process: one per configured platform. */
import { SlackDelivery } from '../chat/slack/delivery.js';
import * as slack from '../chat/slack/from-config.js';
import { WecomDelivery } from '../chat/wecom/delivery.js';
import * as wecom from '../chat/wecom/from-config.js';
import { type Config, slackEnabled } from '../config/index.js';
import type { ChatDelivery, Platform, RedisClient } from '../model/index.js';
import type { TokenManager } from '../tokens/token-manager.js';
import type { Logger } from './log.js';

export function createDeliveries(
  config: Config,
  shared: { redis: RedisClient; tokens: TokenManager; logger: Logger },
): Partial<Record<Platform, ChatDelivery>> {
  const { redis, tokens, logger } = shared;
  const common = { redis, prefix: config.queuePrefix, logger };
  return {
    ...(slackEnabled(config)
      ? { slack: new SlackDelivery(slack.deliveryFromConfig(config.slack, common)) }
      : {}),
    ...(config.wecom.enabled
      ? { wecom: new WecomDelivery(wecom.deliveryFromConfig(config.wecom, { ...common, tokens })) }
      : {}),
  };
}
