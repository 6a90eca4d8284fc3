/** What each role needs of each chat platform configured. */
import { envNameOf } from './issues.js';
import { runsFrontEnd, runsWorkers, slackEnabled } from './roles.js';
import type { Settings } from './schema.js';
import type { Config, Role } from './types.js';

/** What each role needs of each chat platform configured; at least one platform is. */
export function platformProblems(
  role: Role,
  c: Pick<Config, 'slack' | 'wecom'>,
  raw: Settings['wecom'],
): string[] {
  const problems: string[] = [];
  const { slack, wecom } = c;
  const front = runsFrontEnd(role);
  const wecomKeySet =
    Object.entries(raw).some(
      ([k, v]) =>
        v !== undefined && !['callbackPath', 'robots', 'apps', 'aibot', 'corpId'].includes(k),
    ) ||
    raw.aibot.token !== undefined ||
    raw.aibot.aesKey !== undefined;
  if (!slackEnabled(c) && !wecom.enabled) {
    if (wecomKeySet) {
      problems.push(`${envNameOf(['wecom', 'corpId'])}: required when WeCom is configured`);
    } else {
      problems.push(
        `SLACK_BOT_TOKEN or WECOM_CORP_ID: configure at least one chat platform (Slack, WeCom)`,
      );
    }
  }
  if (slackEnabled(c)) {
    if (!slack.botToken) {
      problems.push(
        `SLACK_BOT_TOKEN: required (role ${role}: ${runsWorkers(role) ? 'workers deliver results with it' : 'the front end answers with it'})`,
      );
    }
    if (front && slack.mode === 'http' && !slack.signingSecret) {
      problems.push(
        'SLACK_SIGNING_SECRET: required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
      );
    }
  }
  if ((raw.aibot.token === undefined) !== (raw.aibot.aesKey === undefined)) {
    const [missing, given] =
      raw.aibot.token === undefined ? ['token', 'aesKey'] : ['aesKey', 'token'];
    problems.push(
      `${envNameOf(['wecom', 'aibot', missing])}: required when ${envNameOf(['wecom', 'aibot', given])} is set (the AI bot's callback needs both)`,
    );
  }
  if (raw.aibot.token !== undefined && raw.aibot.path === raw.callbackPath) {
    problems.push(
      `${envNameOf(['wecom', 'aibot', 'path'])}: must differ from ${envNameOf(['wecom', 'callbackPath'])} (${raw.callbackPath})`,
    );
  }
  if (wecom.enabled) {
    // With the AI bot configured the self-built app is optional, but its keys come in pairs.
    const need = (key: keyof Settings['wecom'], partner: keyof Settings['wecom'], why: string) => {
      if (raw[key] !== undefined) return;
      if (wecom.aibot && raw[partner] === undefined) return;
      problems.push(`${envNameOf(['wecom', key])}: required (role ${role}: ${why})`);
    };
    if (front) {
      need('token', 'aesKey', 'the callback signature is checked with it');
      need('aesKey', 'token', 'callbacks are decrypted with it');
    }
    if (runsWorkers(role)) {
      need('agentId', 'secret', 'answers are sent as this app');
      need('secret', 'agentId', 'answers need an access_token of this app');
    }
  }
  return problems;
}
