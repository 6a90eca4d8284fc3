import type { Messages } from './types.js';

/** ` from east and north` (`--from`), or nothing. */
function fromList(r: string[] | undefined): string {
  if (!r?.length) return '';
  return r.length === 1
    ? ` from ${r[0]}`
    : ` from ${r.slice(0, -1).join(', ')} and ${r[r.length - 1]}`;
}

export const en: Messages = {
  status: { ok: 'OK', warn: 'Warning', fail: 'Failed', error: 'Error' },
  severity: { fail: 'fail', warn: 'warn', info: 'info' },
  asked: (user, command) => `${user} asked for ${command}`,
  running: 'running…',
  requestedBy: (user) => `requested by ${user}`,
  tookMs: (ms) => `took ${ms} ms`,
  recheckButton: 'Re-check',
  noFindings: 'No problems found.',
  fix: (hint) => `Fix: ${hint}`,
  alsoFound: 'Also:',
  followsFrom: (ref) => `follows from ${ref}`,
  moreFindings: (n) => `…and ${n} more ${n === 1 ? 'finding' : 'findings'} not shown here.`,
  detailsTruncated: 'Some details were cut to fit Slack; the `wx` CLI prints everything.',
  inviteHint:
    'I am not a member of this channel, so this came as a command reply without a thread. `/invite @wxdoctor` to get threaded results.',
  usageError: (message) => `That command did not parse: ${message}`,
  rateLimited: (limit, s) =>
    `Easy there: that is more than ${limit} commands in a minute. Please try again in ${s} s.`,
  queueUnavailable:
    'The job queue is unavailable right now, so I could not start that. Please try again shortly.',
  nothingToRecheck:
    'There is nothing to re-check in this thread. Start one with `/wx cert <host>` or `@wxdoctor cert <host>`.',
  staleButton: 'That button no longer works; please run the command again.',
  partOf: (n, count) => `part ${n}/${count}`,
  moreDetailRows: (n) =>
    `…${n} more detail ${n === 1 ? 'row' : 'rows'} not shown here; the \`wx\` CLI prints everything.`,
  // regions
  regionsHeading: 'Regions',
  fromRegions: (subject, regions) => `${subject} from ${regions}`,
  regionColumns: ['region', 'verdict', 'addresses', 'HTTP', 'certificate', 'days left', 'time'],
  noAnswer: 'no answer',
  liveRegions: (s) => `Live regions (a worker seen within ${s} s):`,
  noLiveRegions: (s) => `No region has a worker seen within ${s} s.`,
  regionLine: (region, ago, workers, versions) =>
    `${region}: last seen ${ago} ago · ${workers} worker${workers === 1 ? '' : 's'} · wxdoctor ${versions}`,
  // chat front ends
  unknownRef: (ref) =>
    `I do not know ${ref} here: a reference works in the chat it was shown in, for 30 days. Run the command again, e.g. \`wx cert <host>\`.`,
  recheckUsage: 'usage: wx recheck #W12 (the reference shown on a result)',
  recheckHelp:
    '`wx recheck #W12` runs the command of result #W12 again, in the chat where it was shown.',
  runningCommand: (command, ref) => `running \`${command}\` …${ref ? ` #${ref}` : ''}`,
  short: {
    detailsButton: 'Details',
    explains: (refs) => `this also explains ${refs}`,
    moreInDetails: (n) => `…and ${n} more ${n === 1 ? 'problem' : 'problems'} in the details.`,
    detailsHint: (command) => `details: ${command}`,
    detailsOf: (ref) => `Details of ${ref}`,
    unknownDetails: (ref) =>
      `I have no details of ${ref} here: a result's details are kept for 7 days, in the chat it was shown in. Run the command again, e.g. \`wx check <host>\`.`,
    facts: {
      daysLeft: 'days left',
      issuer: 'issuer',
      address: 'address',
      protocol: 'protocol',
      httpStatus: 'HTTP',
      answers: 'resolves to',
    },
  },
  // watches and incidents
  incident: {
    expired: 'Certificate expired',
    expiresIn: (d) =>
      d <= 0
        ? 'Certificate expires today'
        : `Certificate expires within ${d} day${d === 1 ? '' : 's'}`,
    renewed: 'Certificate renewed',
    resolved: 'Resolved',
    stillOpen: 'Still open',
    again: 'Again',
    changed: 'Certificate changed',
    causeChanged: 'Cause changed',
    acknowledgedBy: (u, at) => `acknowledged by ${u} at ${at}`,
    snoozedUntil: (t) => `snoozed until ${t}`,
    opened: (t) => `opened ${t}`,
    role: { leaf: 'leaf', intermediate: 'intermediate', root: 'root' },
    validUntil: (d, n) => `valid until ${d} (${n} days left)`,
    unreachable: 'Server unreachable',
    onlyIn: (r) =>
      r.length === 1
        ? `, served by the ${r[0]} edge only`
        : `, served by the ${r.slice(0, -1).join(', ')} and ${r[r.length - 1]} edges only`,
    nowSeenFrom: (r) =>
      r.length === 1
        ? `Now seen from ${r[0]}`
        : `Now seen from ${r.slice(0, -1).join(', ')} and ${r[r.length - 1]}`,
    buttons: {
      ack: 'Acknowledge',
      snooze1d: 'Snooze 1 d',
      snooze7d: 'Snooze 7 d',
      recheck: 'Re-check',
    },
    recheckHint: (ref) => `re-check: \`/wx recheck #${ref}\``,
  },
  watch: {
    added: (a) =>
      `${a.created ? 'Watching' : 'Updated watch'} #${a.ref} ${a.id}${fromList(a.regions)}: warnings at ${a.days.join(', ')} days to ${a.to.join(', ')}; checking now.`,
    addedChecks: (a) =>
      `${a.created ? 'Watching' : 'Updated watch'} #${a.ref} ${a.id}: checked${fromList(a.regions)} every ${a.minutes} min (more often while failing); incidents to ${a.to.join(', ')}; checking now.`,
    inFile: (id) => `${id} comes from the watches file: remove it there.`,
    removed: (id) => `No longer watching ${id}.`,
    notWatched: (id) => `${id} is not watched.`,
    mutedUntil: (id, at) => `${id} muted until ${at}.`,
    checking: (id) => `Checking ${id} now.`,
    notAllowed: (dest) =>
      `Not allowed: a watch added here warns only this conversation. Sending to ${dest} needs an admin (WX_ADMINS) or ${dest} in WX_WATCH_DESTINATIONS.`,
    channelNotFound: (name) =>
      `--to #${name}: no channel #${name} that the bot can see. Check the name, or invite the bot there (/invite @wxdoctor) and try again.`,
    channelNotMember: (name) =>
      `--to #${name}: the bot is not a member of #${name}. Invite it there first (/invite @wxdoctor).`,
    channelUnavailable: (name) =>
      `--to #${name}: could not read the channel list from Slack just now. Try again, or give the channel id (slack:C…).`,
    refusedAddress: (id, why) =>
      `Not watching ${id}: ${why}. Watches added from chat may not reach private or reserved addresses (WX_PROBE_ALLOW lets a range through).`,
    refusedName: (id, host) =>
      `Not watching ${id}: ${host} resolves only to private or reserved addresses. Watches added from chat may not reach those (WX_PROBE_ALLOW lets a range through).`,
    limitConversation: (max) =>
      `Not added: this conversation already has ${max} watches, the most it may have (WX_WATCH_MAX_PER_CONVERSATION). Remove one first: \`/wx watch rm host[:port]\`.`,
    limitTotal: (max) =>
      `Not added: there are already ${max} watches from chat, the most the bot takes (WX_WATCH_MAX_TOTAL). Ask an admin.`,
    elsewhere: (id) =>
      `${id} is already watched from another conversation. Ask an admin (WX_ADMINS) to change that watch.`,
    listAll: 'All watches (admin):',
    listHere: 'Watches of this conversation:',
    none: 'No watches yet: `/wx watch add host[:port]`.',
    notChecked: 'not checked yet',
    daysLeft: (n) => `${n} d`,
    muted: 'muted',
    fromFile: 'file',
    regions: (list) => `regions ${list}`,
    expiry: 'expiry',
  },
  statusPage: {
    title: 'wxdoctor status',
    columns: {
      kind: 'Kind',
      target: 'Target',
      state: 'State',
      incident: 'Open incident',
      daysLeft: 'Days left',
      checked: 'Last check',
      region: 'Region',
    },
    state: {
      ok: 'OK',
      warn: 'Warning',
      fail: 'Failing',
      error: 'Error',
      pending: 'Not checked yet',
    },
    noAnswer: 'no answer',
    kind: { cert: 'certificate', http: 'HTTP', dns: 'DNS', wechat: 'WeChat' },
    summary: (w, open) =>
      `${w} ${w === 1 ? 'watch' : 'watches'}, ${open} open ${open === 1 ? 'incident' : 'incidents'}`,
    updated: (at) => `updated ${at}`,
    refreshFailed: 'Could not refresh: showing the last data read.',
    none: 'Nothing is watched yet.',
    muted: 'muted',
    acknowledged: 'acknowledged',
    snoozedUntil: (at) => `snoozed until ${at}`,
    more: (n) => `+${n} more`,
    records: 'Incident records',
    unauthorized: 'A valid status token is required (Authorization: Bearer <token> or ?token=).',
    loopbackOnly:
      'The status page is served only to local clients until WX_STATUS_TOKEN is set (then with the token, e.g. behind a reverse proxy).',
    unavailable: 'The watches could not be read from Redis just now. Try again shortly.',
  },
};
