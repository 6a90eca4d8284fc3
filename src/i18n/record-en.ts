import type { RecordWords } from './record-types.js';

function span(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 1) return 'under a minute';
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return `${m} min`;
}

export const recordEn: RecordWords = {
  title: (id) => `Incident #${id}: post-incident record`,
  target: 'Target',
  kind: 'Watch kind',
  opened: 'Opened',
  closed: 'Recovered',
  stillOpen: 'still open',
  duration: 'Duration',
  regions: 'Regions',
  affected: 'Affected',
  rootCause: 'Root cause',
  hint: 'What fixes it',
  fix: 'Fix applied',
  timeline: 'Timeline',
  span,
  event: {
    opened: 'opened',
    reopened: 'came back',
    threshold: 'escalated',
    changed: 'certificate changed',
    acknowledged: 'acknowledged',
    snoozed: 'snoozed',
    recovered: 'recovered',
  },
  by: (user) => `by ${user}`,
  until: (t) => `until ${t}`,
  certificate: 'certificate',
  daysLeft: (n) => `${n} ${n === 1 ? 'day' : 'days'} left`,
  expired: 'expired',
  answer: 'answer',
  fixWhat: {
    certificate: 'Certificate replaced',
    issuer: 'Issuing CA changed (accepted)',
    answer: 'Answer changed',
  },
  noFix:
    'The checks saw no change in what the server served: it recovered without a new certificate or answer.',
  dropped: (n) => `… ${n} earlier ${n === 1 ? 'entry' : 'entries'} not kept`,
  expiryCause: (role, subject, at, daysLeft) =>
    daysLeft < 0
      ? `The ${role} certificate ${subject} expired on ${at}.`
      : `The ${role} certificate ${subject} expires on ${at} (${daysLeft} ${daysLeft === 1 ? 'day' : 'days'} left when last seen).`,
  role: { leaf: 'leaf', intermediate: 'intermediate', root: 'root' },
  unreachable: 'The server could not be reached.',
  fileLink: 'Whole record (Markdown)',
  fileTitle: (id) => `Incident #${id} record`,
  button: 'Report',
  reportHint: (id) => `record: \`/wx incident report #${id}\``,
  notFound: (ref) =>
    `No incident of ${ref} to report here: a watch's reference works in the chats it warns, and records are kept for a limited time.`,
  listTitle: 'Incident records',
  listEmpty: 'No incident records yet.',
};
