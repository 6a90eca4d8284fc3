import type { RecordWords } from './record-types.js';

function span(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 1) return '不到 1 分钟';
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  if (d > 0) return h > 0 ? `${d} 天 ${h} 小时` : `${d} 天`;
  if (h > 0) return m > 0 ? `${h} 小时 ${m} 分钟` : `${h} 小时`;
  return `${m} 分钟`;
}

export const recordZhCN: RecordWords = {
  title: (id) => `事件 #${id}：事后记录`,
  target: '目标',
  kind: '监控类型',
  opened: '开始',
  closed: '恢复',
  stillOpen: '仍未恢复',
  duration: '持续时间',
  regions: '地域',
  affected: '受影响',
  rootCause: '根因',
  hint: '修复方法',
  fix: '已采取的修复',
  timeline: '时间线',
  span,
  event: {
    opened: '开始',
    reopened: '再次出现',
    threshold: '升级',
    changed: '证书已更换',
    acknowledged: '已确认',
    snoozed: '已暂停提醒',
    recovered: '已恢复',
  },
  by: (user) => `操作人 ${user}`,
  until: (t) => `至 ${t}`,
  certificate: '证书',
  daysLeft: (n) => `剩余 ${n} 天`,
  expired: '已过期',
  answer: '应答',
  fixWhat: {
    certificate: '证书已替换',
    issuer: '签发 CA 已变更（已接受）',
    answer: '应答已变化',
  },
  noFix: '检查未发现服务器返回内容的变化：未更换证书或应答即已恢复。',
  dropped: (n) => `… 更早的 ${n} 条记录未保留`,
  expiryCause: (role, subject, at, daysLeft) =>
    daysLeft < 0
      ? `${role}证书 ${subject} 已于 ${at} 过期。`
      : `${role}证书 ${subject} 将于 ${at} 过期（最后一次检查时剩余 ${daysLeft} 天）。`,
  role: { leaf: '站点', intermediate: '中间', root: '根' },
  unreachable: '无法连接到服务器。',
  fileLink: '完整记录（Markdown）',
  fileTitle: (id) => `事件 #${id} 记录`,
  button: '事后记录',
  reportHint: (id) => `事后记录：\`/wx incident report #${id}\``,
  notFound: (ref) =>
    `此处没有 ${ref} 可以生成记录的事件：监控的编号只在它发送告警的会话中有效，记录也只保留一段时间。`,
  listTitle: '事件记录',
  listEmpty: '暂无事件记录。',
};
