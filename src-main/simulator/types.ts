/** Public types of the private-line simulator (see README.md in this folder). */
import type { EvaluationFollowUp, SimEvaluation } from './evaluations';
import type { CapacityOptions } from './capacity';

export type { EvaluationFollowUp, SimEvaluation };

export type EndpointName = 'si' | 'tax';
export const ENDPOINTS: readonly EndpointName[] = ['si', 'tax'];

export const STATUSES = ['received', 'in_review', 'needs_materials', 'approved', 'rejected', 'completed', 'withdrawn'] as const;
export type Status = (typeof STATUSES)[number];

export interface SimFaults {
  /** Added to every request (for writes: the time the idempotency key is held "in progress"). */
  latencyMs?: number;
  /** Request and response pacing on a line shared by all connections of the endpoint (12_500_000 = 100 Mbit/s). */
  bandwidthBytesPerSec?: number;
  /** e.g. [{status: 503, rate: 0.2}]: answered before anything is applied. */
  errorRate?: { status: number; rate: number }[];
  /** Destroy the socket while the request is being uploaded (nothing applied). */
  resetRate?: number;
  /** Accept, apply, never answer. */
  timeoutRate?: number;
  /** Apply, then send a body cut in half (Content-Length announces the full length) and destroy the socket. */
  truncateRate?: number;
  /** 429 throttled with Retry-After (nothing applied). */
  throttle?: { rate: number; retryAfterSec: number };
  /** Every non-/__sim/ request is answered with a connection reset; the control API stays reachable. */
  down?: boolean;
  /** 401 unauthenticated for everything (except /__sim/). */
  authFail?: boolean;
  /** Case revisions per second the back office takes; writes beyond it get 429 with Retry-After (or 503). See capacity.ts. */
  capacity?: CapacityOptions;
}

/** One answered (or cut) request, for observers such as the fleet simulation. `status` 0: no answer (socket cut). */
export interface RequestRecord {
  endpoint: EndpointName;
  method: string;
  path: string;
  status: number;
  /** Case revisions carried (see capacity.ts requestCost). */
  cost: number;
  /** When the request arrived (ms since epoch); reported once its answer is finished or its socket cut. */
  at: number;
}

export interface TlsOptions {
  cert: string;
  key: string;
  ca: string;
}

export interface StartOptions {
  host?: '127.0.0.1';
  siPort?: number;
  taxPort?: number;
  /** SQLite file (WAL, synchronous=FULL); default: in-memory. */
  dataFile?: string;
  faults?: { si?: SimFaults; tax?: SimFaults };
  /** PEM; when set both endpoints are HTTPS and require a client certificate signed by `ca`. */
  tls?: TlsOptions;
  /** Deterministic randomness for fault rates. */
  seed?: number;
  catalog?: () => { version: number; items: unknown[] };
  /** Delay before the back office confirms receipt of an errand batch via /v1/changes; null = only via control. Default 1000. */
  errandReceiptDelayMs?: number | null;
  /** Applicant ID numbers matching this are refused (422 rejected). Default: sequence code (digits 15–17) `999`. */
  rejectIdPattern?: RegExp;
  /** Working days from acceptance to the promised date of every commitment item. Default: each item's 承诺时限 in the built-in catalog (10 working days for an item without one). */
  promisedWorkingDays?: number;
  /** Told of every API request (not /__sim/) as soon as its headers arrive, before any fault: for measurements. */
  onRequest?: (endpoint: EndpointName, method: string, path: string) => void;
  /** Called once per request on an endpoint (not /__sim/) when its answer is finished or its socket cut. */
  onAnswered?: (r: RequestRecord) => void;
  /** Delay before the back office follows up a bad rating (level 1–2) via /v1/changes; null = only via control. Default 1000. */
  evaluationFollowUpDelayMs?: number | null;
  /** Reason codes a bad rating may carry. Default: the catalog's evaluationReasons list. */
  evaluationReasonCodes?: readonly string[];
}

export interface SimCase {
  caseId: string;
  caseNo: string;
  rev: number;
  status: Status;
  itemCode: string;
  kind: string;
  branchCode: string;
  promisedDate?: string;
  result?: Record<string, unknown>;
  /** Every revision processed for this case, in the order processed (exactly-once: no repeats). */
  revisions: number[];
  endpoint: EndpointName;
  /** The form of the latest revision, masked (mask.ts): the simulator keeps no personal data in clear. */
  form: Record<string, unknown>;
  updatedAt: string;
}

export interface ErrandBatchInfo {
  batchId: string;
  batchNo: string;
  caseIds: string[];
  endpoint: EndpointName;
  confirmed: boolean;
}

export interface AdvanceOptions {
  note?: string;
  result?: object;
  /** Which endpoint's case, when the same caseId exists on both. */
  endpoint?: EndpointName;
}

export interface SimControl {
  setFaults(endpoint: EndpointName, faults: SimFaults): void;
  getFaults(endpoint: EndpointName): SimFaults;
  /** Really stops/starts accepting connections on the same port. */
  setDown(endpoint: EndpointName, down: boolean): Promise<void>;
  /** How many times a write with this key was APPLIED (business rejections count; replays do not). Summed over endpoints unless one is named. */
  receivedCount(idempotencyKey: string, endpoint?: EndpointName): number;
  /** How many requests carried it (replays and faulted requests included). */
  requestCount(idempotencyKey: string, endpoint?: EndpointName): number;
  cases(endpoint?: EndpointName): SimCase[];
  getCase(caseId: string, endpoint?: EndpointName): SimCase | undefined;
  /** Back office: moves a case to `status`; appears in /v1/changes. Throws if the case does not exist. */
  advance(caseId: string, status: Status, opts?: AdvanceOptions): void;
  errandBatches(): ErrandBatchInfo[];
  /** Back office confirms receipt of an errand batch now (instead of waiting for errandReceiptDelayMs). */
  confirmErrandBatch(batchId: string): void;
  /** Citizen ratings received (PUT /v1/evaluations), oldest first. */
  evaluations(endpoint?: EndpointName): SimEvaluation[];
  /** Back office follows a rating up (follow_up, then rectified); appears in /v1/changes. Throws if unknown. */
  followUpEvaluation(evaluationId: string, status: EvaluationFollowUp, note?: string): void;
  /** Forgets every case, key, change and batch, and clears all faults. */
  reset(): void;
}

export interface Simulator {
  si: { url: string; port: number };
  tax: { url: string; port: number };
  control: SimControl;
  close(): Promise<void>;
}
