/**
 * The `wx` terminal's own error lines in zh-CN (usage errors are usage-zh-CN.ts's): files it
 * cannot read, the Redis that `--from` and `wx regions` need, an app whose secret is not set.
 * Matched by their English shape, keeping the values (files, codes, keys, variables) as they are.
 * A line with no entry stays English.
 */
import type { Lang } from '../model/index.js';
import { type Shapes, sayByShape } from './by-shape.js';

/** Why a Redis connection was not ready, as readyWithin and ioredis word it. */
const REDIS_WHY: ReadonlyArray<readonly [RegExp, string]> = [
  [/^Redis connection closed$/, '连接已关闭'],
  [/^Redis connection is (\S+)$/, '连接状态为 $1'],
  [/^Redis connection not ready after (\d+) ms$/, '$1 毫秒内未就绪'],
];

function redisWhy(why: string): string {
  for (const [shape, zh] of REDIS_WHY) if (shape.test(why)) return why.replace(shape, zh);
  // ioredis's own: `connect ECONNREFUSED 127.0.0.1:6379` is a code and an address.
  return `\`${why}\``;
}

const TERMINAL_ZH_CN: Shapes = [
  [/^(--ca|--file) (.+): no PEM certificate in the file$/s, '$1 $2：文件中没有 PEM 证书'],
  [/^(--ca|--file) (.+): ([A-Z][A-Z0-9_]+)$/s, '$1 $2：无法读取（`$3`）'],
  [
    /^(wx regions|--from) asks the bot's workers through Redis: set REDIS_URL \(and WX_QUEUE_PREFIX if the deployment sets one\)$/,
    '$1 需要通过 Redis 询问机器人的工作进程：请设置 REDIS_URL（部署设置了 WX_QUEUE_PREFIX 时也请设置）',
  ],
  [
    /^Redis at REDIS_URL is not reachable: (.+)$/s,
    (m) => `无法连接 REDIS_URL 指向的 Redis：${redisWhy(m[1] ?? '')}`,
  ],
  [
    /^(\S+): references (.+), but (.+) (?:is|are) not set(?:; app ("[^"]*") cannot be used until it is)?$/s,
    (m) =>
      `${m[1]} 引用了 ${m[2]}，但 ${m[3]} 未设置${m[4] ? `；设置之前无法使用应用 ${m[4]}` : ''}`,
  ],
  [/^(?:(\S+): )?cannot read (\S+) \(([A-Z][A-Z0-9_]+)\)$/s, '$2：无法读取（`$3`）'],
  [/^the check job returned no regions report$/, '检查任务没有返回地区报告'],
  [/^the command was not queued$/, '命令未能加入队列'],
];

export function terminalErrorInLang(message: string, lang: Lang): string {
  return lang === 'en' ? message : sayByShape(TERMINAL_ZH_CN, message);
}
