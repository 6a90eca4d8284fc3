/** What each job carries through Redis: plain JSON, never secrets, never local file paths. */
import type { DeliveryReceipt, Invocation, OutboundMessage } from '../model/index.js';
import type { AnyProbeResult, ProbeRequest, Status } from '../probes/index.js';
import type { RegionsReport } from '../probes/regions/index.js';

/** How a queued probe runs: the part of RunSettings that means something on a worker. */
export interface ProbeRun {
  timeoutMs: number;
  denyPrivate: boolean;
  /** Epoch ms after which nobody waits for the result (a regional probe): the job is skipped. */
  notAfter?: number;
}

export interface ProbeJobData {
  request: ProbeRequest;
  run: ProbeRun;
}
export type ProbeJobResult = AnyProbeResult;

/** Why a regional probe taken after its `notAfter` failed without running: nobody waits for it. */
export const PROBE_TOO_LATE = 'taken too late: the regional check no longer waits for it';

/** A command's flow parent: the `check` job (or an `answer` job a bot before `command` queued). */
export interface CheckJobData {
  invocation: Invocation;
  /** The children's requests, in order: results are reported in this order. */
  requests: ProbeRequest[];
  combine?: { title: string };
  /** `--from`: each request ran in each of these regions, waited for at most `waitMs`. */
  regions?: { names: string[]; waitMs: number };
  /** false: the caller waits for the job's return value (`wx … --from`); nothing is posted. */
  deliver?: false;
}
export interface CheckJobResult {
  status: Status;
  /** The message the verdict was written into, when there is one. */
  parentRef?: string;
  /** A regional command's report (always there when `deliver` is false). */
  regions?: RegionsReport;
}

/** A command answered in chat outside regions, whole in one job: its requests run as `run` says. */
export type CommandJobData = Omit<CheckJobData, 'regions' | 'deliver'> & { run: ProbeRun };
export type CommandJobResult = Omit<CheckJobResult, 'regions'>;

/** The delayed job that cuts a regional check loose from the regions that did not answer. */
export interface RegionDeadlineJobData {
  /** The check job's logical key (checkKey). */
  check: string;
  /** The regional probe children: queue and logical key. */
  children: Array<{ queue: string; key: string }>;
}

/**
 * One delivery; `followUp`: the message that follows it in the same job (the parent edited to the
 * verdict once the result is in its thread), delivered once the first is, or has failed for good.
 */
export type NotifyJobData = OutboundMessage & { followUp?: OutboundMessage };
export type NotifyJobResult = DeliveryReceipt;
