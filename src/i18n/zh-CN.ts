import type { Messages } from './types.js';

/** `（从 east、north 地区检查）` (`--from`), or nothing. */
function fromRegionsZh(r: string[] | undefined): string {
  return r?.length ? `（从 ${r.join('、')} 地区检查）` : '';
}

export const zhCN: Messages = {
  status: { ok: '正常', warn: '警告', fail: '失败', error: '出错' },
  severity: { fail: '失败', warn: '警告', info: '提示' },
  asked: (user, command) => `${user} 请求执行 ${command}`,
  running: '检查中…',
  requestedBy: (user) => `由 ${user} 发起`,
  tookMs: (ms) => `耗时 ${ms} 毫秒`,
  recheckButton: '重新检查',
  noFindings: '未发现问题。',
  fix: (hint) => `修复：${hint}`,
  alsoFound: '另外：',
  followsFrom: (ref) => `由 ${ref} 导致`,
  moreFindings: (n) => `…另有 ${n} 项未在此显示。`,
  detailsTruncated: '部分详情过长已截断；`wx` 命令行会输出全部内容。',
  inviteHint:
    '机器人不在本频道，因此结果以命令回复发送，没有话题。输入 `/invite @wxdoctor` 邀请后即可在话题中查看结果。',
  usageError: (message) => `命令无法解析：${message}`,
  rateLimited: (limit, s) => `操作太频繁：每分钟最多 ${limit} 条命令，请 ${s} 秒后再试。`,
  queueUnavailable: '任务队列暂时不可用，命令未能启动，请稍后重试。',
  nothingToRecheck:
    '此话题中没有可重新检查的命令。请先使用 `/wx cert <主机>` 或 `@wxdoctor cert <主机>`。',
  staleButton: '此按钮已失效，请重新执行命令。',
  partOf: (n, count) => `第 ${n}/${count} 部分`,
  moreDetailRows: (n) => `…另有 ${n} 行详情未显示；\`wx\` 命令行会输出全部内容。`,
  // regions
  regionsHeading: '各地区',
  fromRegions: (subject, regions) => `${subject}（来自 ${regions}）`,
  regionColumns: ['地区', '结论', '地址', 'HTTP', '证书', '剩余天数', '耗时'],
  noAnswer: '无应答',
  liveRegions: (s) => `在线地区（${s} 秒内有 worker 心跳）：`,
  noLiveRegions: (s) => `没有地区在 ${s} 秒内有 worker 心跳。`,
  regionLine: (region, ago, workers, versions) =>
    `${region}：${ago}前在线 · ${workers} 个 worker · wxdoctor ${versions}`,
  // chat front ends
  unknownRef: (ref) =>
    `此会话中找不到 ${ref}：引用编号仅在显示它的会话中有效，保留 30 天。请重新执行命令，例如 \`wx cert <主机>\`。`,
  recheckUsage: '用法：wx recheck #W12（结果消息上显示的引用编号）',
  recheckHelp: '`wx recheck #W12` 在显示结果 #W12 的会话中重新执行其命令。',
  runningCommand: (command, ref) => `正在执行 \`${command}\` …${ref ? ` #${ref}` : ''}`,
  short: {
    detailsButton: '详情',
    explains: (refs) => `并因此导致 ${refs}`,
    moreInDetails: (n) => `…另有 ${n} 个问题，见详情。`,
    detailsHint: (command) => `详情：${command}`,
    detailsOf: (ref) => `${ref} 的详情`,
    unknownDetails: (ref) =>
      `此会话中没有 ${ref} 的详情：结果详情只在显示它的会话中保留 7 天。请重新执行命令，例如 \`wx check <主机>\`。`,
    facts: {
      daysLeft: '剩余天数',
      issuer: '签发者',
      address: '地址',
      protocol: '协议',
      httpStatus: 'HTTP 状态',
      answers: '解析结果',
    },
  },
  // watches and incidents
  incident: {
    expired: '证书已过期',
    expiresIn: (d) => (d <= 0 ? '证书今天到期' : `证书将在 ${d} 天内到期`),
    renewed: '证书已更新',
    resolved: '已恢复',
    stillOpen: '仍未解决',
    again: '再次出现',
    changed: '证书已更换',
    causeChanged: '原因已变化',
    acknowledgedBy: (u, at) => `${u} 已于 ${at} 确认`,
    snoozedUntil: (t) => `已暂停提醒至 ${t}`,
    opened: (t) => `开始于 ${t}`,
    role: { leaf: '站点证书', intermediate: '中间证书', root: '根证书' },
    validUntil: (d, n) => `有效期至 ${d}（剩余 ${n} 天）`,
    unreachable: '服务器无法连接',
    onlyIn: (r) => `（仅 ${r.join('、')} 地区的节点）`,
    nowSeenFrom: (r) => `现在 ${r.join('、')} 地区可见`,
    buttons: { ack: '确认', snooze1d: '暂停 1 天', snooze7d: '暂停 7 天', recheck: '重新检查' },
    recheckHint: (ref) => `重新检查：\`/wx recheck #${ref}\``,
  },
  watch: {
    added: (a) =>
      `${a.created ? '已开始监控' : '已更新监控'} #${a.ref} ${a.id}${fromRegionsZh(a.regions)}：到期前 ${a.days.join('、')} 天提醒，发送到 ${a.to.join(', ')}；正在检查。`,
    addedChecks: (a) =>
      `${a.created ? '已开始监控' : '已更新监控'} #${a.ref} ${a.id}${fromRegionsZh(a.regions)}：每 ${a.minutes} 分钟检查一次（故障期间更频繁），事件发送到 ${a.to.join(', ')}；正在检查。`,
    inFile: (id) => `${id} 来自监控配置文件，请在文件中删除。`,
    removed: (id) => `已停止监控 ${id}。`,
    notWatched: (id) => `${id} 不在监控列表中。`,
    mutedUntil: (id, at) => `${id} 已静音至 ${at}。`,
    checking: (id) => `正在检查 ${id}。`,
    notAllowed: (dest) =>
      `无权操作：在这里添加的监控只能提醒本会话。发送到 ${dest} 需要管理员（WX_ADMINS），或将 ${dest} 加入 WX_WATCH_DESTINATIONS。`,
    channelNotFound: (name) =>
      `--to #${name}：找不到机器人可见的频道 #${name}。请检查名称，或先邀请机器人加入该频道（/invite @wxdoctor）后重试。`,
    channelNotMember: (name) =>
      `--to #${name}：机器人不是 #${name} 的成员。请先邀请它加入（/invite @wxdoctor）。`,
    channelUnavailable: (name) =>
      `--to #${name}：暂时无法从 Slack 读取频道列表。请重试，或直接填写频道 ID（slack:C…）。`,
    refusedAddress: (id, why) =>
      `未添加监控 ${id}：${why}。从聊天添加的监控不能访问内网或保留地址（可用 WX_PROBE_ALLOW 放行网段）。`,
    refusedName: (id, host) =>
      `未添加监控 ${id}：${host} 只解析到内网或保留地址。从聊天添加的监控不能访问这些地址（可用 WX_PROBE_ALLOW 放行网段）。`,
    limitConversation: (max) =>
      `未添加：本会话已有 ${max} 个监控，已达上限（WX_WATCH_MAX_PER_CONVERSATION）。请先删除一个：\`/wx watch rm host[:port]\`。`,
    limitTotal: (max) =>
      `未添加：从聊天添加的监控已有 ${max} 个，已达机器人上限（WX_WATCH_MAX_TOTAL）。请联系管理员。`,
    elsewhere: (id) => `${id} 已由其他会话监控。如需修改，请联系管理员（WX_ADMINS）。`,
    listAll: '全部监控（管理员）：',
    listHere: '本会话的监控：',
    none: '还没有监控：`/wx watch add host[:port]`。',
    notChecked: '尚未检查',
    daysLeft: (n) => `${n} 天`,
    muted: '已静音',
    fromFile: '配置文件',
    regions: (list) => `地区 ${list}`,
    expiry: '到期',
  },
  statusPage: {
    title: 'wxdoctor 状态',
    columns: {
      kind: '类型',
      target: '目标',
      state: '状态',
      incident: '未关闭的事件',
      daysLeft: '剩余天数',
      checked: '上次检查',
      region: '区域',
    },
    state: { ok: '正常', warn: '警告', fail: '故障', error: '出错', pending: '尚未检查' },
    noAnswer: '无应答',
    kind: { cert: '证书', http: 'HTTP', dns: 'DNS', wechat: '微信' },
    summary: (w, open) => `共 ${w} 项监控，${open} 个未关闭的事件`,
    updated: (at) => `更新于 ${at}`,
    refreshFailed: '刷新失败：当前显示的是上次读取的数据。',
    none: '尚无任何监控。',
    muted: '已静音',
    acknowledged: '已确认',
    snoozedUntil: (at) => `暂停提醒至 ${at}`,
    more: (n) => `另有 ${n} 个`,
    records: '事件记录',
    unauthorized: '需要有效的状态页令牌（Authorization: Bearer <令牌> 或 ?token=）。',
    loopbackOnly:
      '未设置 WX_STATUS_TOKEN 时，状态页只对本机客户端开放（设置后凭令牌访问，例如经由反向代理）。',
    unavailable: '暂时无法从 Redis 读取监控列表，请稍后重试。',
  },
};
