import { createHash } from 'node:crypto';
import type { EndpointName, TerminalConfig } from '../config/schema';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/open';
import type { Logger } from '../logging/types';
import { fullJitterDelay, parseRetryAfter } from './backoff';
import { createLineClient, SyncConfigError, TransportError, type HttpResult, type LineClient } from './http-client';
import { KvLease } from './lease';
import { LineMonitor } from './line-monitor';
import { selfIdentity } from './process-identity';
import type { ThrottleHold } from './throttle';
import type { ChangeRecord, OutboxRow, OutboxStore, QueueHead } from './outbox-store';
import type { EvaluationOutbox, FollowUpRecord } from './evaluation-outbox';
import { EVALUATION_REV } from './outbox';
import type { EndpointStatus, LineState, Reason, SyncEvent, SyncTuning } from './types';
import {
  batchResponseSchema,
  changesSchema,
  classifyEvaluationWrite,
  classifyWrite,
  healthSchema,
  parseJson,
  reasonFields,
  serverCaseSchema,
  type Change,
  type WriteOutcome,
} from './wire';

export interface LaneDeps {
  endpoint: EndpointName;
  db: Db;
  store: OutboxStore;
  /** Ratings (PUT /v1/evaluations) share the outbox and this sender; their answers are recorded here. */
  evaluations: EvaluationOutbox;
  vault: Vault;
  config: TerminalConfig;
  logger: Logger;
  clock: () => number;
  random: () => number;
  tuning: SyncTuning;
  holderId: string;
  emit: (e: SyncEvent) => void;
  /** The terminal's hold for this endpoint's origin (shared with lanes of the same origin): see throttle.ts. */
  throttle: ThrottleHold;
}

const MAX_TIMER_MS = 2 ** 31 - 1;
/**
 * Answered GET /v1/cases/{id} attempts (stale, raced, malformed or 5xx answers) for one kept status before the case
 * keeps that status for good. Each failed attempt is recorded in case_events ('settle_failed') and counted again when
 * a lane starts (OutboxStore.openSettlements), so the bound holds across restarts and crashes: a case the server keeps
 * answering badly is asked at most this many times in all, then closed with a 'settled' gave_up event, instead of
 * once more at every start for ever. Attempts that got no answer (transport failures, 401/403) are not counted: they
 * say nothing about the case, only about the line, and the settlement waits for the line like the outbox does.
 */
const MAX_RECONCILE_TRIES = 5;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The single sender of one private line (guarded by a kv lease), with its own timer, backoff, retry budget,
 * health probes, line monitor and inbound change poll.
 */
export class EndpointLane {
  private readonly ep: EndpointName;
  private readonly log: Logger;
  private readonly lease: KvLease;
  private readonly monitor: LineMonitor;
  private readonly timeoutMs: number;
  private readonly cursorKey: string;
  private client: LineClient | null = null;
  private configError: string | null = null;
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private kickPending = false;
  /** Outbox seqs in flight (never selected twice). */
  private readonly inflight = new Set<number>();
  private readonly tasks = new Set<Promise<void>>();
  private readonly controllers = new Set<AbortController>();
  private writesInFlight = 0;
  /** Consecutive transient failures (writes and probes); reset by any answer from the server. */
  private failures = 0;
  /** No write before this instant (endpoint backoff, Retry-After, probe backoff while down). */
  private holdUntil = 0;
  /** The retry budget is spent: only health probes go out until one succeeds. */
  private down = false;
  private paused = false;
  private pausedUntil = 0;
  private probeInFlight = false;
  private pollInFlight = false;
  private nextHealthAt = 0;
  private nextPollAt = 0;
  private lastError: string | null = null;
  private skewMs: number | null = null;
  private skewAlerted = false;
  private catalogVersion: number | null = null;
  private lastLine: LineState | null = null;
  /** Rows whose batch was refused as a whole: sent one by one so the answer names the culprit. */
  private readonly singleOnly = new Set<number>();
  /** When a row that failed may go again (ms); rows not listed are due. Kept in memory: see outbox-store.ts. */
  private readonly nextAttempt = new Map<number, number>();
  /**
   * Cases whose write answer was held back by OutboxStore.recordAck, or whose change from /v1/changes was held back by
   * OutboxStore.applyChange (older than an applied answer), and that disagree with the status the case shows: asked
   * with GET /v1/cases/{id} after the next change poll. caseId → the answered rev and the tries so far. A cache of
   * the database: the first poll after start() adds every settlement still open there (OutboxStore.openSettlements),
   * so a restart or a crash between a kept status and its settlement loses nothing.
   */
  private readonly reconcile = new Map<string, { rev: number; tries: number }>();
  /** Whether the open settlements were read from the database since start(). */
  private settlementsLoaded = false;
  /** Current batch size: halved when a batch times out or is throttled, doubled back after each accepted write. */
  private batchSize: number;
  private readonly kvGet;
  private readonly kvSet;

  constructor(private readonly d: LaneDeps) {
    this.ep = d.endpoint;
    this.log = d.logger.child({ module: 'sync', endpoint: d.endpoint });
    this.lease = new KvLease(d.db, `sync.lease.${d.endpoint}`, d.holderId, d.tuning.leaseTtlMs, d.clock, { process: selfIdentity() });
    this.monitor = new LineMonitor(d.tuning.slowMs, 10, d.tuning.downAfterMs, d.clock);
    this.timeoutMs = d.tuning.requestTimeoutMs ?? d.config.endpoints[d.endpoint].timeoutMs;
    this.cursorKey = `sync.changes.cursor.${d.endpoint}`;
    this.batchSize = d.tuning.batchMax;
    this.kvGet = d.db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?');
    this.kvSet = d.db.prepare(
      'INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.settlementsLoaded = false;
    try {
      this.client = createLineClient({
        endpoint: this.ep,
        config: this.d.config.endpoints[this.ep],
        mode: this.d.config.mode,
        terminalId: this.d.config.terminalId,
        branchCode: this.d.config.branchCode,
        maxSockets: this.d.tuning.maxConcurrent,
      });
    } catch (err) {
      if (!(err instanceof SyncConfigError)) throw err;
      this.configError = err.message;
      this.lastError = err.message;
      this.log.error({ code: 'config', err }, 'endpoint configuration refused');
      this.emit({ type: 'support.alert', endpoint: this.ep, code: 'config', message: err.message });
    }
    this.updateLine();
    this.pump();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const c of this.controllers) c.abort();
    await Promise.allSettled([...this.tasks]);
    try {
      this.lease.release();
    } catch (err) {
      this.log.warn({ err: String(err) }, 'lease release failed');
    }
    this.client?.close();
  }

  /** Something changed (a new row, a finished request): look for work soon. */
  kick(): void {
    if (!this.running || this.kickPending) return;
    this.kickPending = true;
    setImmediate(() => {
      this.kickPending = false;
      this.pump();
    });
  }

  /** Rows were made due in the database (retryNow): drop the in-memory row backoff too. */
  forgetBackoff(): void {
    this.nextAttempt.clear();
  }

  /** Operator "retry now": leave pause/backoff and try at once (probing first if the line was down). */
  resume(): void {
    this.nextAttempt.clear();
    this.paused = false;
    this.pausedUntil = 0;
    this.holdUntil = 0;
    this.updateLine();
    this.kick();
  }

  status(): EndpointStatus {
    const s = this.d.store.stats(this.ep);
    return {
      line: this.lineState(),
      unsent: s.unsent,
      oldestUnsentAgeMs: s.oldest ? Math.max(0, this.d.clock() - Date.parse(s.oldest)) : null,
      skewMs: this.skewMs,
      lastError: this.lastError,
      attention: s.attention,
      defects: s.defects,
      catalogVersion: this.catalogVersion,
    };
  }

  getCatalogVersion(): number | null {
    return this.catalogVersion;
  }

  // ---- scheduling -------------------------------------------------------------------------------------------

  private pump(): void {
    if (!this.running || !this.client) return;
    try {
      this.pumpOnce();
    } catch (err) {
      // SQLite busy beyond its timeout and the like: try again shortly, never crash the sender.
      this.log.error({ err: String(err) }, 'sync pump failed');
      this.arm(this.d.clock() + this.d.tuning.baseDelayMs);
    }
  }

  private pumpOnce(): void {
    const now = this.d.clock();
    if (!this.lease.held() || this.lease.renewDueInMs() === 0) {
      if (!this.lease.acquire()) {
        // Another process sends for this line; look again when its lease would expire.
        this.arm(now + Math.max(50, this.lease.otherExpiresInMs() + 10));
        return;
      }
      const from = this.lease.takenOverFrom();
      if (from) this.log.info({ pid: from.pid, msLeft: from.msLeft }, 'took over the sync lease of a process that is gone');
    }
    if (this.paused && now >= this.pausedUntil) this.paused = false;
    // A run of failures turns the line down at a fixed time, with or without another exchange.
    this.updateLine();
    let heads: QueueHead[] = [];
    const throttled = this.d.throttle.held(now);
    if (!this.paused && !throttled) {
      if (this.down) {
        if (!this.probeInFlight && now >= this.holdUntil) this.track(this.probe());
      } else {
        if (!this.probeInFlight && now >= this.nextHealthAt) this.track(this.probe());
        if (!this.pollInFlight && now >= this.nextPollAt) this.track(this.poll());
        heads = this.d.store.heads(this.ep).filter((h) => !this.inflight.has(h.seq));
        if (now >= this.holdUntil) heads = this.fill(now, heads);
      }
    }
    this.armNext(now, heads);
  }

  private armNext(now: number, heads: QueueHead[]): void {
    const t = this.d.tuning;
    let next = now + this.lease.renewDueInMs();
    const downAt = this.monitor.downAt();
    if (downAt !== null && downAt > now) next = Math.min(next, downAt);
    if (this.paused) next = Math.min(next, this.pausedUntil);
    else if (this.d.throttle.held(now)) next = Math.min(next, this.d.throttle.until);
    else if (this.down) {
      if (!this.probeInFlight) next = Math.min(next, this.holdUntil);
    } else {
      if (!this.probeInFlight) next = Math.min(next, this.nextHealthAt);
      if (!this.pollInFlight) next = Math.min(next, this.nextPollAt);
      if (this.writesInFlight < this.d.throttle.writeRoom(t.maxConcurrent) && heads.length > 0) {
        const due = Math.min(...heads.map((h) => this.nextAttempt.get(h.seq) ?? now));
        next = Math.min(next, Math.max(due, this.holdUntil));
      }
    }
    this.arm(next);
  }

  private arm(at: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, at - this.d.clock()));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, delay);
  }

  private track(p: Promise<void>): void {
    this.tasks.add(p);
    void p.finally(() => {
      this.tasks.delete(p);
      this.kick();
    });
  }

  // ---- writes -----------------------------------------------------------------------------------------------

  /** Starts writes while there is room; returns the heads not started. */
  private fill(now: number, heads: QueueHead[]): QueueHead[] {
    const t = this.d.tuning;
    const dueAll = heads.filter((h) => (this.nextAttempt.get(h.seq) ?? 0) <= now);
    // Ratings go one by one on their own call, after the case revisions that are due (never in a case batch).
    const due = dueAll.filter((h) => h.rev !== EVALUATION_REV);
    const ratings = dueAll.filter((h) => h.rev === EVALUATION_REV);
    // Rows of a batch refused as a whole go first, one by one.
    due.sort((a, b) => Number(this.singleOnly.has(b.seq)) - Number(this.singleOnly.has(a.seq)) || a.seq - b.seq);
    const room = this.d.throttle.writeRoom(t.maxConcurrent);
    let i = 0;
    while (this.writesInFlight < room && i < due.length) {
      const first = due[i]!;
      const n = this.singleOnly.has(first.seq) || due.length - i < t.batchThreshold ? 1 : Math.min(this.batchSize, due.length - i);
      const chosen = this.d.store.load(due.slice(i, i + n).map((h) => h.seq));
      i += n;
      if (chosen.length === 0) continue;
      for (const r of chosen) this.inflight.add(r.seq);
      this.writesInFlight++;
      this.track(
        (chosen.length === 1 ? this.sendOne(chosen[0]!) : this.sendBatch(chosen)).finally(() => {
          this.writesInFlight--;
          for (const r of chosen) this.inflight.delete(r.seq);
        }),
      );
    }
    for (const h of ratings) {
      if (this.writesInFlight >= room) break;
      const row = this.d.store.load([h.seq])[0];
      if (!row) continue;
      this.inflight.add(row.seq);
      this.writesInFlight++;
      this.track(
        this.sendEvaluation(row).finally(() => {
          this.writesInFlight--;
          this.inflight.delete(row.seq);
        }),
      );
    }
    return heads.filter((h) => !this.inflight.has(h.seq));
  }

  /** A write's deadline: the request timeout plus the time its body needs on the slowest expected line. */
  private writeTimeout(rows: OutboxRow[]): number {
    const bytes = rows.reduce((n, r) => n + r.bodyEnc.length, 0);
    return this.timeoutMs + Math.ceil((bytes * 1000) / this.d.tuning.minBandwidthBytesPerSec);
  }

  private async exchange(req: Parameters<LineClient['request']>[0]): Promise<HttpResult> {
    const ac = new AbortController();
    this.controllers.add(ac);
    try {
      return await this.client!.request({ ...req, signal: ac.signal });
    } finally {
      this.controllers.delete(ac);
    }
  }

  /** PUT of one outbox row's body under its key; null when the lane stopped (aborted) before an answer. */
  private async putRow<A>(
    path: string,
    row: OutboxRow,
    classify: (status: number, body: unknown, retryAfter: string | string[] | undefined, nowMs: number) => WriteOutcome<A>,
  ): Promise<{ outcome: WriteOutcome<A>; ms: number } | null> {
    try {
      // The stored body is sent as it is: decrypted JSON text, never parsed and serialised again.
      const res = await this.exchange({ method: 'PUT', path, jsonBytes: this.d.vault.openJson(row.bodyEnc), idempotencyKey: row.key, timeoutMs: this.writeTimeout([row]) });
      const parsed = parseJson(res.body);
      return { outcome: classify(res.status, parsed.ok ? parsed.value : undefined, res.headers['retry-after'], this.d.clock()), ms: res.elapsedMs };
    } catch (err) {
      if (!(err instanceof TransportError)) throw err;
      if (err.failure === 'aborted') return null;
      return { outcome: { kind: 'transient', code: err.failure, message: err.message }, ms: this.timeoutMs };
    }
  }

  private async sendOne(row: OutboxRow): Promise<void> {
    const put = await this.putRow(`/v1/cases/${encodeURIComponent(row.caseId)}`, row, classifyWrite);
    if (put) this.settle([[row, put.outcome]], put.outcome, put.ms);
  }

  /** PUT /v1/evaluations/{evaluationId}: one rating, its key the evaluation id (the row's idempotency key). */
  private async sendEvaluation(row: OutboxRow): Promise<void> {
    const put = await this.putRow(`/v1/evaluations/${encodeURIComponent(row.key)}`, row, classifyEvaluationWrite);
    if (!put) return;
    const { outcome, ms } = put;
    const now = this.d.clock();
    const nowIso = iso(now);
    const ev = this.d.evaluations;
    const events: SyncEvent[] = [];
    const changed = (state: 'synced' | 'attention' | 'defect') => events.push({ type: 'evaluation.changed', caseId: row.caseId, evaluationId: row.key, state });
    this.d.store.tx(() => {
      if (outcome.kind !== 'auth') this.nextAttempt.delete(row.seq);
      switch (outcome.kind) {
        case 'ok':
          if (ev.recordAck(row, this.ep, outcome.ack, nowIso)) changed('synced');
          break;
        case 'rejected':
          if (ev.recordRejected(row, this.ep, outcome.message, outcome.reasons, nowIso)) changed('attention');
          break;
        case 'defect':
          if (ev.recordDefect(row, this.ep, outcome.code, outcome.message, nowIso)) changed('defect');
          break;
        default:
          this.retryRow(row, outcome, now);
      }
    });
    if (outcome.kind === 'defect') this.log.error({ evaluationId: row.key, code: outcome.code }, 'rating held back as a defect');
    this.afterExchange(outcome, ms, now, events);
  }

  private async sendBatch(rows: OutboxRow[]): Promise<void> {
    // {"items":[{"idempotencyKey":…,"case":…},…]} with each case body as the bytes that were sealed (its JSON text):
    // the same bytes JSON.stringify would make from the parsed bodies, without parsing and re-serialising 10 KB each.
    const parts: Buffer[] = [Buffer.from('{"items":[')];
    rows.forEach((r, i) => {
      parts.push(Buffer.from(`${i > 0 ? ',' : ''}{"idempotencyKey":${JSON.stringify(r.key)},"case":`), this.d.vault.openJson(r.bodyEnc), Buffer.from('}'));
    });
    parts.push(Buffer.from(']}'));
    const items = Buffer.concat(parts);
    // Deterministic: the same rows make the same batch key, so a resent batch is a replay, never a new write.
    const batchKey = `batch:${createHash('sha256').update(rows.map((r) => r.key).join('\n')).digest('hex').slice(0, 32)}`;
    let ms = this.timeoutMs;
    let whole: WriteOutcome;
    try {
      const res = await this.exchange({ method: 'POST', path: '/v1/cases/batch', jsonBytes: items, idempotencyKey: batchKey, timeoutMs: this.writeTimeout(rows) });
      ms = res.elapsedMs;
      const parsed = parseJson(res.body);
      const body = parsed.ok ? parsed.value : undefined;
      if (res.status === 200) {
        const batch = batchResponseSchema.safeParse(body);
        const results = batch.success ? batch.data.results : null;
        if (results && results.length === rows.length && results.every((r, i) => r.idempotencyKey === rows[i]!.key)) {
          const now = this.d.clock();
          const pairs = rows.map((r, i): [OutboxRow, WriteOutcome] => [r, classifyWrite(results[i]!.status, results[i]!.body, undefined, now)]);
          this.settle(pairs, { kind: 'ok', ack: { caseNo: '-', status: 'received' } }, ms);
          return;
        }
        whole = { kind: 'transient', code: 'bad_body', message: 'batch answer of the wrong shape' };
      } else {
        whole = classifyWrite(res.status, body, res.headers['retry-after'], this.d.clock());
        if (whole.kind === 'ok') whole = { kind: 'transient', code: 'bad_body', message: `batch answered HTTP ${res.status}` };
      }
    } catch (err) {
      if (!(err instanceof TransportError)) throw err;
      if (err.failure === 'aborted') return;
      whole = { kind: 'transient', code: err.failure, message: err.message };
      if (err.failure === 'timeout') this.batchSize = Math.max(1, Math.floor(rows.length / 2));
    }
    if (whole.kind === 'defect' || whole.kind === 'rejected') {
      // The batch as a whole was refused (400, 413, ...): send its rows one by one so each gets its own answer.
      this.log.warn({ code: whole.kind === 'defect' ? whole.code : 'rejected', rows: rows.length }, 'batch refused as a whole; sending singly');
      for (const r of rows) this.singleOnly.add(r.seq);
      this.monitor.record(true, ms);
      return;
    }
    this.settle(
      rows.map((r) => [r, whole]),
      whole,
      ms,
    );
  }

  /**
   * Records the answers of one exchange in one transaction, then updates the endpoint's backoff and line state
   * and emits the events. `exchange` is the outcome of the HTTP exchange as a whole.
   */
  private settle(pairs: [OutboxRow, WriteOutcome][], exchange: WriteOutcome, ms: number): void {
    const now = this.d.clock();
    const nowIso = iso(now);
    const events: SyncEvent[] = [];
    const ep = this.ep;
    const s = this.d.store;
    const heldBack: [OutboxRow, string, string][] = [];
    const refused: [OutboxRow, string, Reason[]][] = [];
    // A throttled exchange holds the whole origin; its rows go again when the hold ends, not on a backoff of their own.
    const holdEnd = exchange.kind === 'throttled' ? this.d.throttle.throttled(now, exchange.retryAfterMs) : null;
    if (exchange.kind === 'ok') this.d.throttle.accepted();
    s.tx(() => {
      for (const [row, o] of pairs) {
        if (o.kind !== 'auth') this.nextAttempt.delete(row.seq);
        switch (o.kind) {
          case 'ok': {
            this.singleOnly.delete(row.seq);
            const rec = s.recordAck(row, ep, o.ack, nowIso);
            if (rec) {
              events.push({
                type: 'case.synced',
                caseId: row.caseId,
                rev: row.rev,
                caseNo: o.ack.caseNo,
                status: rec.status,
                ...(o.ack.promisedDate ? { promisedDate: o.ack.promisedDate } : {}),
                ...(o.ack.result ? { result: o.ack.result } : {}),
              });
              if (!rec.statusApplied && rec.status !== o.ack.status) heldBack.push([row, o.ack.status, rec.status]);
            }
            break;
          }
          case 'rejected':
            this.singleOnly.delete(row.seq);
            if (s.recordRejected(row, ep, o.message, o.reasons, nowIso)) {
              events.push({ type: 'case.attention', caseId: row.caseId, rev: row.rev, reasons: o.reasons });
              refused.push([row, 'rejected', o.reasons]);
            }
            break;
          case 'defect':
            this.singleOnly.delete(row.seq);
            if (s.recordDefect(row, ep, o.code, o.message, o.reasons, nowIso)) {
              events.push({ type: 'case.defect', caseId: row.caseId, rev: row.rev, code: o.code, message: o.message, reasons: o.reasons });
              refused.push([row, o.code, o.reasons]);
            }
            break;
          default:
            this.retryRow(row, o, now, holdEnd);
        }
      }
    });

    // Field paths and codes only: the server's messages may quote what was sent (personal data), so they stay out of logs.
    for (const [row, code, reasons] of refused) {
      this.log.warn({ caseId: row.caseId, rev: row.rev, code, fields: reasonFields(reasons) }, 'case revision refused by the server');
    }
    for (const [row, answered, kept] of heldBack) {
      this.log.info({ caseId: row.caseId, rev: row.rev, answered, kept }, 'answer may be older than a back-office status change; status kept, asking the server');
      this.queueReconcile(row.caseId, row.rev);
      this.nextPollAt = 0;
    }
    const defects = events.filter((e) => e.type === 'case.defect').length;
    if (defects > 0) this.log.error({ defects }, 'case revisions held back as defects');
    this.afterExchange(exchange, ms, now, events, holdEnd, pairs.length);
  }

  /** A row that was not answered for good: auth pauses the whole queue below, the rest waits its backoff. Inside tx. */
  private retryRow(row: OutboxRow, o: Exclude<WriteOutcome<unknown>, { kind: 'ok' | 'rejected' | 'defect' }>, now: number, holdEnd: number | null = null): void {
    const t = this.d.tuning;
    switch (o.kind) {
      case 'auth':
        break; // nothing is dropped or counted: the whole queue pauses (afterExchange)
      case 'throttled':
        // A throttled exchange holds the whole origin (holdEnd); otherwise the row waits Retry-After or its backoff.
        this.retryRowAt(row, holdEnd ?? now + Math.max(o.retryAfterMs ?? 0, fullJitterDelay(row.attempts + 1, t.baseDelayMs, t.capDelayMs, this.d.random)), 'throttled', o.message);
        break;
      case 'busy':
      case 'transient':
        this.retryRowAt(row, now + fullJitterDelay(row.attempts + 1, t.baseDelayMs, t.capDelayMs, this.d.random), o.code, o.message);
        break;
    }
  }

  /** After one exchange's answers were recorded: the endpoint's backoff and line state, then the events. */
  private afterExchange(exchange: WriteOutcome<unknown>, ms: number, now: number, events: SyncEvent[], holdEnd: number | null = null, sent = 1): void {
    switch (exchange.kind) {
      case 'ok':
        // Taken (a batch or a single write): the batch size halved by refusals doubles back, also from 1, where
        // only single writes go and a batch's own answer would never come.
        this.batchSize = Math.min(this.d.tuning.batchMax, this.batchSize * 2);
        this.answered(ms);
        break;
      case 'rejected':
      case 'defect':
      case 'busy':
        this.answered(ms);
        break;
      case 'auth':
        this.pause(`${exchange.code}: ${exchange.message}`);
        break;
      case 'throttled': {
        this.holdUntil = Math.max(this.holdUntil, holdEnd ?? this.d.throttle.throttled(now, exchange.retryAfterMs));
        // The server has no room for this many at once: smaller batches, doubled back after each accepted write.
        if (sent > 1) this.batchSize = Math.max(1, Math.floor(sent / 2));
        this.lastError = `throttled: ${exchange.message}`;
        this.monitor.record(false, ms);
        break;
      }
      case 'transient':
        this.failed(`${exchange.code}: ${exchange.message}`, ms);
        break;
    }
    for (const e of events) this.emit(e);
    this.updateLine();
  }

  private retryRowAt(row: OutboxRow, at: number, code: string, message: string): void {
    this.nextAttempt.set(row.seq, at);
    this.d.store.recordRetry(row, iso(at), code, message);
  }

  /** The server answered (whatever it said): the line works. */
  private answered(ms: number): void {
    this.monitor.record(true, ms);
    this.failures = 0;
    this.lastError = null;
    if (this.down) this.recovered();
  }

  private failed(message: string, ms: number): void {
    const t = this.d.tuning;
    const now = this.d.clock();
    this.monitor.record(false, ms);
    this.failures++;
    this.lastError = message;
    if (this.failures >= t.retryBudget) {
      if (!this.down) this.log.warn({ failures: this.failures }, 'line down: retry budget spent, probing health only');
      this.down = true;
      this.holdUntil = Math.max(this.holdUntil, now + fullJitterDelay(this.failures - t.retryBudget + 1, t.probeBaseMs, t.probeCapMs, this.d.random));
    } else {
      this.holdUntil = Math.max(this.holdUntil, now + fullJitterDelay(this.failures, t.baseDelayMs, t.capDelayMs, this.d.random));
    }
  }

  private recovered(): void {
    this.down = false;
    this.failures = 0;
    this.holdUntil = 0;
    // Rows backed off during the outage may go at once.
    this.nextAttempt.clear();
    this.d.store.requeue(iso(this.d.clock()), undefined, this.ep);
    this.log.info('line back up');
  }

  private pause(message: string): void {
    const now = this.d.clock();
    const wasPaused = this.paused;
    this.paused = true;
    this.pausedUntil = now + this.d.tuning.pausedRetryMs;
    this.lastError = message;
    this.monitor.record(false, 0);
    if (!wasPaused) {
      this.log.error({ code: 'auth' }, 'line refused this terminal (401/403): queue paused');
      this.emit({
        type: 'support.alert',
        endpoint: this.ep,
        code: 'auth',
        message: `专线 ${this.ep} 拒绝了本终端的证书或身份（${message}），发送已暂停，未丢弃任何业务；请联系技术支持`,
      });
    }
  }

  // ---- health and inbound -----------------------------------------------------------------------------------

  private async probe(): Promise<void> {
    this.probeInFlight = true;
    const t = this.d.tuning;
    const t0 = this.d.clock();
    try {
      let res: HttpResult;
      try {
        res = await this.exchange({ method: 'GET', path: '/v1/health', timeoutMs: this.timeoutMs });
      } catch (err) {
        if (!(err instanceof TransportError)) throw err;
        if (err.failure === 'aborted') return;
        this.probeFailed(`${err.failure}: ${err.message}`, this.timeoutMs);
        return;
      }
      const t1 = this.d.clock();
      if (res.status === 401 || res.status === 403) {
        this.pause(`HTTP ${res.status}`);
        return;
      }
      const notNow = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers['retry-after'], t1) : null;
      if (res.status === 429 || notNow !== null) {
        // The server answered (the line works) but has no room: hold the origin like a throttled write.
        this.answered(res.elapsedMs);
        this.d.throttle.throttled(t1, notNow);
        return;
      }
      const parsed = parseJson(res.body);
      const health = res.status === 200 && parsed.ok ? healthSchema.safeParse(parsed.value) : null;
      if (!health?.success) {
        this.probeFailed(res.status === 200 ? 'bad_body: health answer of the wrong shape' : `http_${res.status}`, res.elapsedMs);
        return;
      }
      this.skewMs = Math.round(Date.parse(health.data.time) - (t0 + t1) / 2);
      if (Math.abs(this.skewMs) > t.skewAlertMs) {
        if (!this.skewAlerted) {
          this.skewAlerted = true;
          this.log.warn({ skewMs: this.skewMs }, 'server clock skew over the limit');
          this.emit({
            type: 'support.alert',
            endpoint: this.ep,
            code: 'clock_skew',
            message: `本机时钟与专线 ${this.ep} 服务器相差 ${Math.round(this.skewMs / 1000)} 秒，请校准终端时间`,
          });
        }
      } else this.skewAlerted = false;
      if (this.catalogVersion !== health.data.catalogVersion) {
        this.catalogVersion = health.data.catalogVersion;
        this.emit({ type: 'catalog.version', endpoint: this.ep, version: health.data.catalogVersion });
      }
      this.nextHealthAt = this.d.clock() + this.spread(t.healthIntervalMs);
      this.answered(res.elapsedMs);
    } finally {
      this.probeInFlight = false;
      this.updateLine();
    }
  }

  private probeFailed(message: string, ms: number): void {
    this.nextHealthAt = this.d.clock() + this.spread(this.d.tuning.healthIntervalMs);
    this.failed(message, ms);
  }

  /**
   * An interval of ±25 % around `ms`: terminals that started together (a branch's morning, a line's return) would
   * otherwise probe and poll the back office in the same second for ever.
   */
  private spread(ms: number): number {
    return Math.round(ms * (0.75 + this.d.random() / 2));
  }

  private async poll(): Promise<void> {
    this.pollInFlight = true;
    try {
      if (!this.settlementsLoaded) this.loadSettlements();
      if ((await this.pullChanges()) && this.reconcile.size > 0) await this.reconcileCases();
    } finally {
      this.pollInFlight = false;
      this.nextPollAt = this.d.clock() + this.spread(this.d.tuning.pollIntervalMs);
      this.updateLine();
    }
  }

  /** Pulls and applies /v1/changes page by page; false when the server did not answer properly. */
  private async pullChanges(): Promise<boolean> {
    const t = this.d.tuning;
    for (let page = 0; page < 50 && this.running; page++) {
      const since = this.kvGet.get(this.cursorKey)?.value ?? '';
      let res: HttpResult;
      try {
        res = await this.exchange({
          method: 'GET',
          path: `/v1/changes?since=${encodeURIComponent(since)}&limit=${t.changesLimit}`,
          timeoutMs: this.timeoutMs,
        });
      } catch (err) {
        if (!(err instanceof TransportError)) throw err;
        if (err.failure !== 'aborted') this.monitor.record(false, this.timeoutMs);
        return false;
      }
      if (res.status === 401 || res.status === 403) {
        this.pause(`HTTP ${res.status}`);
        return false;
      }
      const parsed = parseJson(res.body);
      const body = res.status === 200 && parsed.ok ? changesSchema.safeParse(parsed.value) : null;
      if (!body?.success) {
        this.monitor.record(false, res.elapsedMs);
        return false;
      }
      this.monitor.record(true, res.elapsedMs);
      const nowIso = iso(this.d.clock());
      const skewMs = this.skewMs;
      const followUps: FollowUpRecord[] = [];
      const applied = this.d.store.tx(() => {
        const out: [Change, ChangeRecord][] = [];
        for (const c of body.data.changes) {
          if (c.kind === 'evaluation') {
            const f = this.d.evaluations.applyFollowUp(c, this.ep, nowIso);
            if (f) followUps.push(f);
            continue;
          }
          const rec = this.d.store.applyChange(c, `${c.at}|${c.status}`, nowIso, skewMs);
          if (rec) out.push([c, rec]);
        }
        this.kvSet.run(this.cursorKey, body.data.next, nowIso);
        return out;
      });
      for (const f of followUps) this.emit({ type: 'evaluation.changed', caseId: f.caseId, evaluationId: f.evaluationId, state: f.status });
      for (const [c, rec] of applied) {
        if (rec.statusApplied) {
          this.emit({
            type: 'case.status',
            caseId: c.caseId,
            caseNo: c.caseNo,
            status: c.status,
            ...(c.note ? { note: c.note } : {}),
            ...(c.result ? { result: c.result } : {}),
          });
          continue;
        }
        // Recorded but older than an applied answer: the case keeps its status (the event still tells listeners,
        // e.g. errand receipts, that a back-office change arrived); the server's current state settles it below.
        this.emit({ type: 'case.status', caseId: c.caseId, caseNo: c.caseNo, status: rec.status });
        if (rec.status !== c.status) {
          this.log.info({ caseId: c.caseId, rev: rec.answeredRev, changed: c.status, kept: rec.status }, 'back-office change older than an applied answer; status kept, asking the server');
          this.queueReconcile(c.caseId, rec.answeredRev);
        }
      }
      if (body.data.changes.length < t.changesLimit) return true;
    }
    return true;
  }

  /**
   * Adds the settlements still open in the database (kept statuses not yet settled, e.g. by a run that stopped or
   * crashed first) to the queue. Once per start: one read, not one per tick. On a database error the next poll
   * tries again.
   */
  private loadSettlements(): void {
    let open;
    try {
      open = this.d.store.openSettlements(this.ep);
    } catch (err) {
      this.log.error({ err: String(err) }, 'could not read the open settlements; trying again at the next poll');
      return;
    }
    this.settlementsLoaded = true;
    for (const o of open) {
      const r = this.reconcile.get(o.caseId);
      this.reconcile.set(o.caseId, { rev: Math.max(o.rev, r?.rev ?? 0), tries: Math.max(o.tries, r?.tries ?? 0) });
    }
    if (open.length > 0) this.log.info({ cases: open.length }, 'kept statuses still to settle with the server');
  }

  /** Asks GET /v1/cases/{id} for the case after the next change poll; the server must have seen `rev`. */
  private queueReconcile(caseId: string, rev: number): void {
    const r = this.reconcile.get(caseId);
    this.reconcile.set(caseId, { rev: Math.max(rev, r?.rev ?? 0), tries: 0 });
  }

  /**
   * Asks GET /v1/cases/{id} for each case whose answer was held back (see OutboxStore.recordAck) and applies what
   * the server holds, unless the case changed meanwhile. Runs after a successful change poll, so every change the
   * server had published before the GET is applied first.
   */
  private async reconcileCases(): Promise<void> {
    for (const [caseId, entry] of [...this.reconcile]) {
      if (!this.running) return;
      const mark = this.d.store.caseMark(caseId);
      let res: HttpResult;
      try {
        res = await this.exchange({ method: 'GET', path: `/v1/cases/${encodeURIComponent(caseId)}`, timeoutMs: this.timeoutMs });
      } catch (err) {
        if (!(err instanceof TransportError)) throw err;
        if (err.failure !== 'aborted') this.monitor.record(false, this.timeoutMs);
        return; // the next poll tries again
      }
      if (res.status === 401 || res.status === 403) {
        this.pause(`HTTP ${res.status}`);
        return;
      }
      this.monitor.record(res.status < 500, res.elapsedMs);
      const parsed = parseJson(res.body);
      const view = res.status === 200 && parsed.ok ? serverCaseSchema.safeParse(parsed.value) : null;
      let outcome: ReturnType<OutboxStore['applyServerCase']> | 'bad_answer' = 'bad_answer';
      if (view?.success && view.data.caseId === caseId) {
        const data = view.data;
        outcome = this.d.store.tx(() => this.d.store.applyServerCase(data, mark, entry.rev, this.ep, iso(this.d.clock())));
        if (outcome === 'applied') {
          this.emit({
            type: 'case.status',
            caseId,
            caseNo: data.caseNo,
            status: data.status,
            ...(data.result ? { result: data.result } : {}),
          });
        }
      }
      // 'applied' and 'same' were recorded by applyServerCase ('reconciled' / 'settled'); 'unknown' is no case of
      // this endpoint, which openSettlements never lists. The rest is recorded here, each in its own transaction.
      if (outcome === 'applied' || outcome === 'same' || outcome === 'unknown') {
        this.reconcile.delete(caseId);
      } else if (res.status === 404) {
        this.reconcile.delete(caseId);
        this.d.store.tx(() => this.d.store.closeSettlement(caseId, this.ep, 'not_found', iso(this.d.clock())));
      } else if (++entry.tries >= MAX_RECONCILE_TRIES) {
        this.reconcile.delete(caseId);
        this.d.store.tx(() => this.d.store.closeSettlement(caseId, this.ep, 'gave_up', iso(this.d.clock()), { lastOutcome: outcome, http: res.status }));
        this.log.warn({ caseId, outcome, http: res.status }, 'could not confirm the status with the server; the kept status stays');
      } else {
        this.d.store.tx(() => this.d.store.recordSettleFailure(caseId, this.ep, outcome, res.status, iso(this.d.clock())));
      }
    }
  }

  // ---- line state -------------------------------------------------------------------------------------------

  lineState(): LineState {
    if (this.configError) return 'down';
    return this.monitor.state({ paused: this.paused, down: this.down });
  }

  private updateLine(): void {
    const line = this.lineState();
    if (line === this.lastLine) return;
    this.lastLine = line;
    this.log.info({ line }, 'line state');
    this.emit({ type: 'line.changed', endpoint: this.ep, status: this.status() });
  }

  private emit(e: SyncEvent): void {
    try {
      this.d.emit(e);
    } catch (err) {
      this.log.error({ err: String(err), event: e.type }, 'sync event handler threw');
    }
  }
}
