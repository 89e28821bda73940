import type { EndpointName } from '../config/schema';

export type LineState = 'unknown' | 'up' | 'degraded' | 'down' | 'paused';

/** What the status bar and the operator view show for one private line. */
export interface EndpointStatus {
  line: LineState;
  /** Outbox rows not yet acknowledged by the server (pending and defect). */
  unsent: number;
  /** Age of the oldest unsent row, or null when nothing is unsent. */
  oldestUnsentAgeMs: number | null;
  /** Server clock minus local clock, measured from GET /v1/health; null before the first probe. */
  skewMs: number | null;
  lastError: string | null;
  /** Cases of this endpoint that the server rejected and that wait for the teller (sync_state 'attention'). */
  attention: number;
  /** Outbox rows held back as defects (400 malformed, 422 key_reused); resent only by retryNow(caseId). */
  defects: number;
  /** catalogVersion from the last health answer, for the catalog module. */
  catalogVersion: number | null;
}

export interface Reason {
  field?: string;
  message: string;
}

export type SyncEvent =
  /** `status` is the status the case shows after the answer: an answer older than a back-office change does not set it. */
  | { type: 'case.synced'; caseId: string; rev: number; caseNo: string; status: string; promisedDate?: string; result?: Record<string, unknown> }
  | { type: 'case.attention'; caseId: string; rev: number; reasons: Reason[] }
  | { type: 'case.defect'; caseId: string; rev: number; code: string; message: string; reasons: Reason[] }
  /** `status` is the status the case shows after the change: a change older than an applied answer does not set it (and carries no note). */
  | { type: 'case.status'; caseId: string; caseNo: string; status: string; note?: string; result?: Record<string, unknown> }
  /** A rating's answer was recorded (synced, attention, defect) or a follow-up of it arrived (follow_up, rectified). */
  | { type: 'evaluation.changed'; caseId: string; evaluationId: string; state: 'synced' | 'attention' | 'defect' | 'follow_up' | 'rectified' }
  | { type: 'line.changed'; endpoint: EndpointName; status: EndpointStatus }
  | { type: 'support.alert'; endpoint: EndpointName; code: string; message: string }
  | { type: 'catalog.version'; endpoint: EndpointName; version: number };

/** Timing and size knobs; the defaults suit a branch line, tests inject small ones. */
export interface SyncTuning {
  /** Backoff for a failing row and for the endpoint after transient failures (full jitter, capped). */
  baseDelayMs: number;
  capDelayMs: number;
  /** Consecutive transient failures after which the endpoint is "down": no case is sent, only health probes. */
  retryBudget: number;
  /** Backoff of health probes while down. */
  probeBaseMs: number;
  probeCapMs: number;
  /** After 401/403 the queue stays paused this long (or until retryNow()). */
  pausedRetryMs: number;
  healthIntervalMs: number;
  pollIntervalMs: number;
  changesLimit: number;
  batchMax: number;
  /** A backlog of at least this many sendable rows goes as POST /v1/cases/batch. */
  batchThreshold: number;
  /** Write requests in flight per endpoint (the HTTP agent also caps sockets at this number). */
  maxConcurrent: number;
  leaseTtlMs: number;
  /** Per-request timeout; defaults to the endpoint's configured timeoutMs. */
  requestTimeoutMs: number | null;
  /**
   * Slowest line a write is expected to cross: a write's timeout is the request timeout plus its body size at this
   * rate, so a 2 MB batch is not cut off like a 10 KB PUT. Default 1 Mbit/s.
   */
  minBandwidthBytesPerSec: number;
  /** A median response time above this marks the line degraded. */
  slowMs: number;
  /**
   * Every exchange failing for this long since the last answer marks the line down (中断), whatever the retry budget
   * and backoff: the status bar reads 中断 at most this long after the first failed exchange.
   */
  downAfterMs: number;
  /** Clock skew above this is reported to support. */
  skewAlertMs: number;
}

export const DEFAULT_TUNING: SyncTuning = {
  baseDelayMs: 1_000,
  capDelayMs: 60_000,
  retryBudget: 5,
  probeBaseMs: 5_000,
  probeCapMs: 30_000,
  pausedRetryMs: 15 * 60_000,
  healthIntervalMs: 30_000,
  pollIntervalMs: 30_000,
  changesLimit: 100,
  batchMax: 200,
  batchThreshold: 2,
  maxConcurrent: 4,
  leaseTtlMs: 30_000,
  requestTimeoutMs: null,
  minBandwidthBytesPerSec: 125_000,
  slowMs: 3_000,
  downAfterMs: 20_000,
  skewAlertMs: 120_000,
};

export interface UnsentItem {
  endpoint: EndpointName;
  caseId: string;
  rev: number;
  idempotencyKey: string;
  state: 'pending' | 'defect';
  attempts: number;
  lastError: string | null;
  /** The server's reasons for refusing this revision (400 malformed, 422 key_reused), as kept with it; [] when none. */
  reasons: Reason[];
  createdAt: string;
  /** The exact request body (contains personal data: the export is a sensitive file). */
  body: unknown;
}

export interface UnsentExportPayload {
  format: 'onewindow.unsent.v1';
  terminalId: string;
  branchCode: string;
  exportedAt: string;
  items: UnsentItem[];
}

/**
 * Signed export of unsent revisions. `signature.value` is an Ed25519 signature (base64) over the UTF-8 bytes of
 * `JSON.stringify(payload)`; `publicKey` is the terminal's export key (SPKI DER, base64). Verify with
 * `verifyUnsentExport`.
 */
export interface SignedExport {
  payload: UnsentExportPayload;
  signature: { alg: 'Ed25519'; publicKey: string; value: string };
}
