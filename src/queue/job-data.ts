/** What each job carries through Redis: plain JSON, never secrets, never local file paths. */
import type { DeliveryReceipt, Invocation, OutboundMessage } from '../model/index.js';
import type { AnyProbeResult, ProbeRequest, Status } from '../probes/index.js';

/** How a queued probe runs: the part of RunSettings that means something on a worker. */
export interface ProbeRun {
  timeoutMs: number;
  denyPrivate: boolean;
}

export interface ProbeJobData {
  request: ProbeRequest;
  run: ProbeRun;
}
export type ProbeJobResult = AnyProbeResult;

export interface CheckJobData {
  invocation: Invocation;
  /** The children's requests, in order: results are reported in this order. */
  requests: ProbeRequest[];
  combine?: { title: string };
}
export interface CheckJobResult {
  status: Status;
  /** The message the verdict was written into, when there is one. */
  parentRef?: string;
}

export type NotifyJobData = OutboundMessage;
export type NotifyJobResult = DeliveryReceipt;
