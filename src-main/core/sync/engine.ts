import { randomUUID } from 'node:crypto';
import type { EndpointName, TerminalConfig } from '../config/schema';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/open';
import type { Logger } from '../logging/types';
import { EndpointLane } from './endpoint-lane';
import { OutboxStore } from './outbox-store';
import { EvaluationOutbox } from './evaluation-outbox';
import { ThrottleHolds } from './throttle';
import { DEFAULT_TUNING, type EndpointStatus, type LineState, type SignedExport, type SyncEvent, type SyncTuning } from './types';
import { buildUnsentExport } from './unsent-export';

export interface SyncEngineOptions {
  db: Db;
  vault: Vault;
  config: TerminalConfig;
  logger: Logger;
  clock?: () => number;
  random?: () => number;
  onEvent: (e: SyncEvent) => void;
  /** Timing and size knobs (tests inject small delays). */
  tuning?: Partial<SyncTuning>;
  /** Which endpoints this engine serves (default both). */
  endpoints?: EndpointName[];
}

export interface SyncEngine {
  start(): void;
  stop(): Promise<void>;
  /** A new outbox row was committed: send soon. */
  kick(): void;
  status(): { si: EndpointStatus; tax: EndpointStatus };
  /** The line state alone (what status() reports as `line`), without counting the outbox: cheap on every submit. */
  line(endpoint: EndpointName): LineState;
  /** With a case id: its pending and defect rows go again now (same idempotency keys). Without: every pending row, and paused lines resume. */
  retryNow(caseId?: string): void;
  exportUnsent(): SignedExport;
  /** catalogVersion last reported by the endpoint's health answer. */
  catalogVersion(endpoint: EndpointName): number | null;
}

/**
 * The offline-first sync engine: one sender per private line (guarded by a lease in `kv`, so only one process
 * sends), draining the transactional outbox exactly once and in order per case, with backoff, a retry budget,
 * health probes and an inbound poll of back-office status changes.
 */
export function createSyncEngine(opts: SyncEngineOptions): SyncEngine {
  const clock = opts.clock ?? Date.now;
  const tuning: SyncTuning = { ...DEFAULT_TUNING, ...opts.tuning };
  const store = new OutboxStore(opts.db);
  const evaluations = new EvaluationOutbox(opts.db, opts.vault);
  const holderId = `${process.pid}:${randomUUID()}`;
  const names: EndpointName[] = opts.endpoints ?? ['si', 'tax'];
  const random = opts.random ?? Math.random;
  const holds = new ThrottleHolds(tuning.baseDelayMs, tuning.capDelayMs, random);
  const lanes = new Map<EndpointName, EndpointLane>(
    names.map((endpoint) => [
      endpoint,
      new EndpointLane({
        endpoint,
        db: opts.db,
        store,
        evaluations,
        vault: opts.vault,
        config: opts.config,
        logger: opts.logger,
        clock,
        random,
        tuning,
        holderId,
        emit: opts.onEvent,
        throttle: holds.forUrl(opts.config.endpoints[endpoint].url),
      }),
    ]),
  );

  function statusOf(ep: EndpointName): EndpointStatus {
    const lane = lanes.get(ep);
    if (lane) return lane.status();
    const s = store.stats(ep);
    return {
      line: 'down',
      unsent: s.unsent,
      oldestUnsentAgeMs: s.oldest ? Math.max(0, clock() - Date.parse(s.oldest)) : null,
      skewMs: null,
      lastError: 'not served by this engine',
      attention: s.attention,
      defects: s.defects,
      catalogVersion: null,
    };
  }

  return {
    start: () => lanes.forEach((l) => l.start()),
    stop: async () => {
      await Promise.all([...lanes.values()].map((l) => l.stop()));
    },
    kick: () => lanes.forEach((l) => l.kick()),
    status: () => ({ si: statusOf('si'), tax: statusOf('tax') }),
    line: (ep) => lanes.get(ep)?.lineState() ?? 'down',
    retryNow(caseId) {
      store.requeue(new Date(clock()).toISOString(), caseId);
      if (caseId) lanes.forEach((l) => l.forgetBackoff());
      else lanes.forEach((l) => l.resume());
      lanes.forEach((l) => l.kick());
    },
    exportUnsent: () =>
      buildUnsentExport({
        db: opts.db,
        vault: opts.vault,
        store,
        terminalId: opts.config.terminalId,
        branchCode: opts.config.branchCode,
        nowIso: new Date(clock()).toISOString(),
      }),
    catalogVersion: (ep) => lanes.get(ep)?.getCatalogVersion() ?? null,
  };
}
