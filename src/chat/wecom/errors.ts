/**
 * WeCom's answers → what the notify queue understands: RateLimitedError (delay, no attempt used),
 * PermanentDeliveryError (give up, with a reason a person can act on), or a plain Error (retry).
 * Decided by errcode only (its kind in the library's errcode table): WeCom asks callers not to
 * match errmsg text (W90455).
 */
import { PermanentDeliveryError, RateLimitedError } from '../../model/index.js';
import { type ErrcodeKind, errcodeKind } from '../../probes/wechat/errcodes.js';
import { TOKEN_PATH } from '../../probes/wechat/token.js';
import { WecomApiError } from './api.js';

const GETTOKEN = TOKEN_PATH.wecom;

/** What WeCom's refusal says, as the errcode table has it (gettoken: 40001 names the secret). */
function kindOf(err: WecomApiError): ErrcodeKind | undefined {
  return errcodeKind(err.errcode, 'wecom', err.path === GETTOKEN);
}

/** 60020: the one refusal only the operator can fix, by trusting the address WeCom saw. */
export function ipNotTrusted(err: unknown): err is WecomApiError {
  return err instanceof WecomApiError && kindOf(err) === 'ip-blocked';
}

/**
 * Refusals that retrying cannot change, in this adapter's words: they name its settings, and say
 * more than the errcode table's meanings about sending (visibility, robots).
 */
const PERMANENT: Record<number, string> = {
  81013: 'every recipient is invalid or outside the app’s visibility (81013)',
  60011:
    'the app may not reach this member, department or chat; appchat needs the app visible to the root department (60011)',
  93000:
    'the robot’s webhook is invalid or the robot was removed from its group: create it again and update the key (93000)',
  93004: 'the robot is disabled (93004)',
  40056: 'WECOM_AGENT_ID is not the id of this app (40056)',
  301002: 'WECOM_SECRET belongs to another app than WECOM_AGENT_ID (301002)',
  40013: 'WECOM_CORP_ID is not a valid corp id (40013)',
  40091: 'WECOM_SECRET is not valid (40091)',
};

/** From `now` to the start of the next minute (WeCom's per-minute windows), at least a second. */
export function untilNextMinuteMs(now: number): number {
  return Math.max(1_000, 60_000 - (now % 60_000));
}

/** The operator's instruction for 60020, with the address WeCom saw. */
export function untrustedIpAdvice(ip: string | undefined): string {
  const shown = ip ?? '(WeCom did not say which address)';
  return `WeCom refused the call from IP ${shown}: add ${ip ?? 'this server’s egress address'} to the app's 企业可信IP (Trusted IPs) in the WeCom admin console`;
}

export function toDeliveryError(err: unknown, now: number): Error {
  if (!(err instanceof WecomApiError)) return err instanceof Error ? err : new Error(String(err));
  const { errcode } = err;
  const kind = kindOf(err);
  // Over a per-minute limit (45009) or too many calls at once (45033).
  if (kind === 'quota' || kind === 'concurrency') {
    return new RateLimitedError(untilNextMinuteMs(now));
  }
  // WeCom suggests retrying (at most three times).
  if (kind === 'busy') return new Error(`${err.message}: system busy, retrying`);
  if (kind === 'ip-blocked') return new PermanentDeliveryError(untrustedIpAdvice(err.fromIp));
  // gettoken's refusals of the credentials themselves.
  if (err.path === GETTOKEN && (kind === 'bad-id' || kind === 'bad-secret')) {
    return new PermanentDeliveryError(
      `wecom gettoken refused WECOM_CORP_ID/WECOM_SECRET (errcode ${errcode}): check both in the admin console`,
    );
  }
  const reason = PERMANENT[errcode];
  if (reason) return new PermanentDeliveryError(`wecom: ${reason}`);
  // Still rejected after one refresh: another process may be rotating it; let the queue retry.
  if (kind === 'token') return new Error(`${err.message} after a fresh token`);
  // Unlisted codes are request or permission problems (40008 bad type, 48002 no permission …).
  return new PermanentDeliveryError(err.message);
}
