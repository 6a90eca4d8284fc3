import type { Severity, Status } from '../probes/index.js';

/**
 * The words of chat output. Functions take values that are already formatted for the surface
 * (escaped mrkdwn, `<@U…>` mentions), so a translation can place them anywhere in its sentence.
 */
export interface Messages {
  status: Record<Status, string>;
  severity: Record<Severity, string>;
  /** Parent message while the probes run: `<@U1> asked for \`/wx cert …\``. */
  asked(user: string, command: string): string;
  running: string;
  requestedBy(user: string): string;
  tookMs(ms: number): string;
  recheckButton: string;
  noFindings: string;
  /** A combined check's second line: the fix of its root cause. */
  fix(hint: string): string;
  /** A combined check: the heading of the other independent problems. */
  alsoFound: string;
  /** A finding that follows from another (`ref` is `cert/CHAIN_INCOMPLETE`, formatted). */
  followsFrom(ref: string): string;
  moreFindings(n: number): string;
  detailsTruncated: string;
  /** The result arrived through the command's response_url because the bot is not in the channel. */
  inviteHint: string;
  usageError(message: string): string;
  rateLimited(limit: number, retryInSeconds: number): string;
  queueUnavailable: string;
  nothingToRecheck: string;
  staleButton: string;
  /** WeCom: the n-th of `count` messages one long result was split into. */
  partOf(n: number, count: number): string;
  /** WeCom: detail rows left out so the result fits one message. */
  moreDetailRows(n: number): string;
  // regions (`--from`, `/wx regions`)
  /** Heading of the side-by-side table of a regional result. */
  regionsHeading: string;
  /** A regional result's subject: `http https://… from north, east`. */
  fromRegions(subject: string, regions: string): string;
  /** Its columns: region, verdict, addresses, HTTP status, certificate, days left, time. */
  regionColumns: [string, string, string, string, string, string, string];
  /** A region whose worker did not answer in time. */
  noAnswer: string;
  /** `/wx regions`: heading over the live regions (`withinS`: what counts as live). */
  liveRegions(withinS: number): string;
  noLiveRegions(withinS: number): string;
  /** One live region: `ago` is already formatted (`12 s`), `versions` a comma list. */
  regionLine(region: string, ago: string, workers: number, versions: string): string;
  // chat front ends
  /** WeCom: a `wx recheck` reference (`#W12`) that is unknown, expired or another conversation's (one answer for all). */
  unknownRef(ref: string): string;
  /** WeCom: `wx recheck` without one valid reference. */
  recheckUsage: string;
  /** WeCom: the help overview's line about references. */
  recheckHelp: string;
  /** WeCom AI bot: the passive answer to a queued command (its result follows via response_url). */
  runningCommand(command: string, ref: string | undefined): string;
  /** The short chat answer and its details (`details #W12`, the Details button). */
  short: ShortWords;
  // watches and incidents
  /** Certificate-watch incident messages, for every surface. */
  incident: IncidentWords;
  /** The answers of `/wx watch …` (plain text: the notice renderer escapes it). */
  watch: WatchWords;
  /** The status page (`/status`): plain text, the page escapes it. */
  statusPage: StatusPageWords;
}

/** Values are passed in already formatted for the surface (escaped, code spans, `#W12`). */
export interface ShortWords {
  /** The button that posts a result's details in its thread. */
  detailsButton: string;
  /** Under the cause: the other probes' failures it explains (`http CHAIN_INCOMPLETE, …`). */
  explains(refs: string): string;
  /** Other problems left out of the short answer. */
  moreInDetails(n: number): string;
  /** Where the rest is (`ref` is `#W12`): `details: wx details #W12`. */
  detailsHint(command: string): string;
  /** The heading of a details message (`ref` is `#W12`). */
  detailsOf(ref: string): string;
  /** `details #W12` unknown, expired or another conversation's (one answer for all). */
  unknownDetails(ref: string): string;
  /** The key facts' labels. */
  facts: {
    daysLeft: string;
    issuer: string;
    address: string;
    protocol: string;
    httpStatus: string;
    answers: string;
  };
}

/** Values are passed in already formatted for the surface (escaped, `<@U…>`, `… UTC` times). */
export interface IncidentWords {
  expired: string;
  expiresIn(days: number): string;
  renewed: string;
  resolved: string;
  stillOpen: string;
  again: string;
  changed: string;
  /** An http, dns or wechat incident whose root cause is now another one. */
  causeChanged: string;
  acknowledgedBy(user: string, at: string): string;
  snoozedUntil(until: string): string;
  opened(at: string): string;
  role: Record<'leaf' | 'intermediate' | 'root', string>;
  validUntil(date: string, days: number): string;
  unreachable: string;
  /** Appended to the headline when only some of a watch's regions see the problem. */
  onlyIn(regions: string[]): string;
  /** A thread reply: the regions that see the problem changed (all of them, sorted). */
  nowSeenFrom(regions: string[]): string;
  buttons: { ack: string; snooze1d: string; snooze7d: string; recheck: string };
  recheckHint(ref: string): string;
}

export interface WatchWords {
  /** `watch add`: destinations already formatted (`slack:C1`, `wecom chat:…`). */
  added(a: {
    ref: string;
    id: string;
    days: number[];
    to: string[];
    created: boolean;
    /** `--from`: the regions it is checked from (sorted); absent or empty: any worker. */
    regions?: string[];
  }): string;
  /** An http, dns or wechat watch added: how often it is checked. */
  addedChecks(a: {
    ref: string;
    id: string;
    minutes: number;
    to: string[];
    created: boolean;
    regions?: string[];
  }): string;
  /** A watch from the watches file cannot be changed from chat. */
  inFile(id: string): string;
  removed(id: string): string;
  notWatched(id: string): string;
  mutedUntil(id: string, at: string): string;
  checking(id: string): string;
  /** `--to` somewhere a watch added here may not send to (`dest` formatted as in `added`). */
  notAllowed(dest: string): string;
  /** `--to #name`: no channel of that name the bot can see. */
  channelNotFound(name: string): string;
  channelNotMember(name: string): string;
  /** The channel list could not be read from Slack. */
  channelUnavailable(name: string): string;
  /** The address guard refuses the address typed (`why` names it and its range). */
  refusedAddress(id: string, why: string): string;
  /** The address guard refuses every address the name resolves to (not named). */
  refusedName(id: string, host: string): string;
  limitConversation(max: number): string;
  limitTotal(max: number): string;
  /** Another conversation's watch of the same host:port. */
  elsewhere(id: string): string;
  /** Header of an admin's `watch list` (every watch). */
  listAll: string;
  /** Header of `watch list` (this conversation's watches). */
  listHere: string;
  /** `watch list` with nothing watched. */
  none: string;
  // The parts of a `watch list` row.
  notChecked: string;
  daysLeft(n: number): string;
  muted: string;
  fromFile: string;
  /** A regional watch's regions, each with what it saw (`north ok, east fail`). */
  regions(list: string): string;
  /** An open expiry incident (`expiry#3`); breakage incidents show their code. */
  expiry: string;
}

export interface StatusPageWords {
  title: string;
  columns: {
    kind: string;
    target: string;
    state: string;
    incident: string;
    daysLeft: string;
    checked: string;
    region: string;
  };
  /** A watch's state: the last check's status, or not checked yet. */
  state: Record<'ok' | 'warn' | 'fail' | 'error' | 'pending', string>;
  /** A region of a regional watch whose worker did not answer at the last check. */
  noAnswer: string;
  /** Watch kinds by name; a kind not listed shows its name. */
  kind: Record<string, string>;
  /** The summary line above the table. */
  summary(watches: number, open: number): string;
  /** When the data was read (`at` formatted, UTC). */
  updated(at: string): string;
  /** Shown while the automatic refresh fails; the table keeps the last data. */
  refreshFailed: string;
  none: string;
  muted: string;
  acknowledged: string;
  snoozedUntil(at: string): string;
  /** More open incidents than the one shown. */
  more(n: number): string;
  /** The link to the post-incident records list (/status/incidents). */
  records: string;
  /** 401: no token or a wrong one. */
  unauthorized: string;
  /** 403: no WX_STATUS_TOKEN set and the client is not a direct loopback client. */
  loopbackOnly: string;
  /** 503: the watches could not be read. */
  unavailable: string;
}
