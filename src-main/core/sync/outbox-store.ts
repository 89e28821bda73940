import type { Db } from '../db/open';
import type { EndpointName } from '../config/schema';
import { EVALUATION_REV, outboxRowsOfCase } from './outbox';
import type { CaseAck, Change, ServerCase } from './wire';
import type { Reason } from './types';

export interface OutboxRow {
  seq: number;
  caseId: string;
  rev: number;
  key: string;
  bodyEnc: Buffer;
  attempts: number;
  createdAt: string;
}

/**
 * last_error is JSON {code, message, reasons?} (never personal data that we add; server text is kept as sanitized by
 * wire.ts: no control characters, capped). `reasons` are the server's [{field, message}] for a refused revision.
 */
export function errorJson(code: string, message: string, reasons?: Reason[]): string {
  return JSON.stringify(reasons ? { code, message, reasons } : { code, message });
}

/** What recordAck did to the case. */
export interface AckRecord {
  /** The status the case shows after the answer. */
  status: string;
  /** False when the answer's status was not applied because a back-office status change may be newer (see recordAck). */
  statusApplied: boolean;
}

/** What applyChange did to the case. */
export interface ChangeRecord {
  /** The status the case shows after the change. */
  status: string;
  /** False when the change is older than an answered revision and did not set the status (see applyChange). */
  statusApplied: boolean;
  /** When not applied: the newest answered revision created after the change (the server must have seen it). */
  answeredRev: number;
}

/**
 * How much later than a change's `at` an outbox row may have been created and still count as created before it
 * (ms). Covers the error of the skew measurement (half a health probe's round trip, the drift since that probe) and
 * of `at` itself. Leaning this way costs only a GET /v1/cases/{id} for a change made within a second of a revision;
 * leaning the other way would let an older change overwrite a newer answer.
 */
export const CHANGE_ORDER_MARGIN_MS = 1_000;

/** What applyServerCase did: applied (status changed), same (status unchanged), raced, stale or unknown (nothing written). */
export type ServerCaseOutcome = 'applied' | 'same' | 'raced' | 'stale' | 'unknown';

/**
 * A case whose kept status still waits for its GET /v1/cases/{id} settlement (see openSettlements): `rev` is the
 * newest answered revision the server must have seen, `tries` the failed attempts recorded since the newest kept status.
 */
export interface OpenSettlement {
  caseId: string;
  rev: number;
  tries: number;
}

/** How a settlement ended without a 'reconciled' event: see closeSettlement. */
export type SettlementClose = 'same' | 'not_found' | 'gave_up';

/**
 * Case events that end a settlement: 'reconciled' (the server's status applied) and 'settled' (the server held the
 * kept status, did not know the case, or the terminal gave up; see closeSettlement). 'settled' is not a back-office
 * event: it sets no status, so it holds back no answer (ackContext).
 */
const SETTLEMENT_CLOSE_EVENTS = "('reconciled', 'settled')";

/**
 * Case events that set a case's status from the back office's side: 'status' (a change from /v1/changes) and
 * 'reconciled' (the status read with GET /v1/cases/{id}). Both record `outboxSeq`, the newest outbox seq of the case
 * when they were applied.
 */
const BACK_OFFICE_EVENTS = "('status', 'reconciled')";
/** The first time a decision (approved / completed / rejected) is written, it is stamped: the report's overdue count. */
const DECIDED_AT = "decided_at = CASE WHEN decided_at IS NULL AND @status IN ('approved', 'completed', 'rejected') THEN @now ELSE decided_at END";

export interface QueueHead {
  seq: number;
  caseId: string;
  rev: number;
}

/*
 * Performance note: outbox rows carry a ~10 KB body, and the columns after body_enc (state, next_attempt_at,
 * created_at, ...) sit behind its overflow pages, so reading them costs a walk per row. Queries over many rows
 * therefore touch only the outbox_pending index (endpoint, state, seq) and the columns before body_enc.
 */
export class OutboxStore {
  private readonly pendingRows;
  private readonly defectRows;
  private readonly rowBySeq;
  private readonly oldestSeq;
  private readonly createdAt;
  private readonly markSent;
  private readonly updateCaseOnAck;
  private readonly fillCaseOnAck;
  private readonly ackContext;
  private readonly caseOutboxSeq;
  private readonly lastEventSeq;
  private readonly updateFromServer;
  private readonly insertEvent;
  private readonly markState;
  private readonly updateCaseState;
  private readonly markRetry;
  private readonly statsStmt;
  private readonly attentionCount;
  private readonly selectCase;
  private readonly findStatusEvent;
  private readonly fillCaseOnChange;
  private readonly answeredRows;
  private readonly openSettlementRows;
  private readonly caseAcknowledged;

  constructor(private readonly db: Db) {
    this.pendingRows = db.prepare<[string], QueueHead>(
      `SELECT seq, case_id AS caseId, rev FROM outbox INDEXED BY outbox_pending WHERE endpoint = ? AND state = 'pending' ORDER BY seq`,
    );
    this.defectRows = db.prepare<[string], QueueHead>(
      `SELECT seq, case_id AS caseId, rev FROM outbox INDEXED BY outbox_pending WHERE endpoint = ? AND state = 'defect'`,
    );
    this.rowBySeq = db.prepare<[number], OutboxRow>(
      `SELECT seq, case_id AS caseId, rev, idempotency_key AS key, body_enc AS bodyEnc, attempts, created_at AS createdAt
       FROM outbox WHERE seq = ? AND state = 'pending'`,
    );
    this.oldestSeq = db.prepare<[string], { seq: number | null }>(
      `SELECT MIN(seq) AS seq FROM outbox INDEXED BY outbox_pending WHERE endpoint = ? AND state IN ('pending', 'defect')`,
    );
    this.createdAt = db.prepare<[number], { createdAt: string }>('SELECT created_at AS createdAt FROM outbox WHERE seq = ?');
    this.markSent = db.prepare(
      `UPDATE outbox SET state = 'sent', sent_at = ?, response_json = ?, last_error = NULL, attempts = attempts + 1
       WHERE seq = ? AND state = 'pending'`,
    );
    this.updateCaseOnAck = db.prepare(
      `UPDATE cases SET case_no = @caseNo, status = @status, ${DECIDED_AT},
         promised_date = COALESCE(@promisedDate, promised_date), result_json = COALESCE(@result, result_json),
         sync_state = CASE WHEN rev <= @rev THEN 'synced' ELSE sync_state END, updated_at = @now
       WHERE id = @caseId`,
    );
    // The answer is older than a back-office status already shown: it only fills what is still missing.
    this.fillCaseOnAck = db.prepare(
      `UPDATE cases SET case_no = COALESCE(case_no, @caseNo),
         promised_date = COALESCE(promised_date, @promisedDate), result_json = COALESCE(result_json, @result),
         sync_state = CASE WHEN rev <= @rev THEN 'synced' ELSE sync_state END, updated_at = @now
       WHERE id = @caseId`,
    );
    // Through case_events_case (case_id, seq): a case has a handful of events. An event written before outboxSeq was
    // recorded is compared by its local time with the row's creation time instead. A change that did not set the
    // status (statusKept, see applyChange) is older than every revision still pending, so it holds back no answer.
    this.ackContext = db.prepare<{ caseId: string; seq: number; createdAt: string }, { status: string; newer: number }>(
      `SELECT c.status AS status, EXISTS (
         SELECT 1 FROM case_events e
         WHERE e.case_id = c.id AND e.type IN ${BACK_OFFICE_EVENTS} AND json_extract(e.detail_json, '$.statusKept') IS NULL
           AND (json_extract(e.detail_json, '$.outboxSeq') >= @seq
                OR (json_extract(e.detail_json, '$.outboxSeq') IS NULL AND e.at >= @createdAt))
       ) AS newer
       FROM cases c WHERE c.id = @caseId`,
    );
    this.caseOutboxSeq = db.prepare<{ caseId: string; endpoint: string }, { seq: number | null }>(
      `SELECT MAX(o.seq) AS seq FROM outbox AS o WHERE ${outboxRowsOfCase('o', '@endpoint', '@caseId')}`,
    );
    this.lastEventSeq = db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM case_events WHERE case_id = ?');
    this.updateFromServer = db.prepare(
      `UPDATE cases SET status = @status, ${DECIDED_AT}, case_no = COALESCE(case_no, @caseNo), promised_date = COALESCE(@promisedDate, promised_date),
         result_json = COALESCE(@result, result_json), updated_at = @now
       WHERE id = @caseId`,
    );
    this.insertEvent = db.prepare('INSERT INTO case_events (case_id, at, type, detail_json) VALUES (?, ?, ?, ?)');
    this.markState = db.prepare(
      `UPDATE outbox SET state = @state, last_error = @error, response_json = @response, attempts = attempts + 1
       WHERE seq = @seq AND state = 'pending'`,
    );
    this.updateCaseState = db.prepare('UPDATE cases SET sync_state = ?, updated_at = ? WHERE id = ?');
    this.markRetry = db.prepare(
      `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE seq = ? AND state = 'pending'`,
    );
    this.statsStmt = db.prepare<[string], { unsent: number; defects: number }>(
      `SELECT COUNT(*) AS unsent, COALESCE(SUM(state = 'defect'), 0) AS defects
       FROM outbox INDEXED BY outbox_pending WHERE endpoint = ? AND state IN ('pending', 'defect')`,
    );
    this.attentionCount = db.prepare<[string], { n: number }>(`SELECT COUNT(*) AS n FROM cases WHERE endpoint = ? AND sync_state = 'attention'`);
    this.selectCase = db.prepare<[string], { id: string; endpoint: EndpointName; status: string }>('SELECT id, endpoint, status FROM cases WHERE id = ?');
    this.findStatusEvent = db.prepare<[string, string], { seq: number }>(
      `SELECT seq FROM case_events WHERE case_id = ? AND type = 'status' AND json_extract(detail_json, '$.change') = ? LIMIT 1`,
    );
    // The change is older than an answer already applied: it only fills what is still missing.
    this.fillCaseOnChange = db.prepare(
      `UPDATE cases SET case_no = COALESCE(case_no, @caseNo), result_json = COALESCE(result_json, @result), updated_at = @now
       WHERE id = @caseId`,
    );
    // A case has a handful of rows: reading created_at behind their bodies is cheap here (see the performance note).
    this.answeredRows = db.prepare<{ caseId: string; endpoint: string }, { rev: number; createdAt: string }>(
      `SELECT o.rev AS rev, o.created_at AS createdAt FROM outbox AS o WHERE ${outboxRowsOfCase('o', '@endpoint', '@caseId')} AND o.state = 'sent'`,
    );
    // Read once when a lane starts. case_events has no index on type, so this is one pass over the table in rowid
    // order (NOT INDEXED: walking case_events_case instead would visit the rows in random order, ~3x slower), but a
    // cheap one: instr() drops every row whose detail does not mention statusKept before any JSON is parsed (kept
    // statuses are rare), and the per-case look-ups (the newest closing event, the failed tries) go through
    // case_events_case (case_id, seq) for those few cases only. About 0.2 s per million events on a dev machine. A
    // kept status equal to the one the other side reported needs no settlement (the lane never queues those either).
    this.caseAcknowledged = db.prepare<{ caseId: string; endpoint: string }, { one: number }>(
      `SELECT 1 AS one FROM outbox AS o WHERE ${outboxRowsOfCase('o', '@endpoint', '@caseId')} AND o.state = 'sent' LIMIT 1`,
    );
    this.openSettlementRows = db.prepare<{ endpoint: string }, OpenSettlement>(
      `WITH kept AS (
         SELECT k.case_id AS caseId, MAX(k.seq) AS lastKept,
           MAX(COALESCE(json_extract(k.detail_json, '$.answeredRev'), json_extract(k.detail_json, '$.rev'), 0)) AS rev
         FROM case_events AS k NOT INDEXED JOIN cases AS c ON c.id = k.case_id
         WHERE instr(k.detail_json, '"statusKept"') > 0 AND k.type IN ('synced', 'status')
           AND json_extract(k.detail_json, '$.statusKept') IS NOT json_extract(k.detail_json, '$.status')
           AND c.endpoint = @endpoint
           AND k.seq > COALESCE((SELECT MAX(e.seq) FROM case_events AS e WHERE e.case_id = k.case_id AND e.type IN ${SETTLEMENT_CLOSE_EVENTS}), 0)
         GROUP BY k.case_id
       )
       SELECT caseId, rev,
         (SELECT COUNT(*) FROM case_events AS f WHERE f.case_id = kept.caseId AND f.seq > kept.lastKept AND f.type = 'settle_failed') AS tries
       FROM kept ORDER BY lastKept`,
    );
  }

  /**
   * The head of each case's queue, oldest first: the lowest revision not yet acknowledged, when it is pending.
   * A defect at the head holds back later revisions of the same case (but no other case); a rejected
   * (attention) revision was answered, so a later corrected revision may follow it.
   */
  heads(ep: EndpointName): QueueHead[] {
    const lowest = new Map<string, number>();
    for (const d of this.defectRows.all(ep)) if (d.rev !== EVALUATION_REV) lowest.set(d.caseId, Math.min(d.rev, lowest.get(d.caseId) ?? Infinity));
    const heads: QueueHead[] = [];
    for (const r of this.pendingRows.all(ep)) {
      // A rating goes once its case exists on the endpoint (a revision of it was acknowledged), never before it.
      if (r.rev === EVALUATION_REV) {
        if (this.caseAcknowledged.get({ caseId: r.caseId, endpoint: ep })) heads.push(r);
        continue;
      }
      const low = lowest.get(r.caseId);
      if (low !== undefined && low <= r.rev) continue;
      lowest.set(r.caseId, r.rev);
      heads.push(r);
    }
    return heads;
  }

  /** The full rows (bodies included) of these seqs that are still pending. */
  load(seqs: number[]): OutboxRow[] {
    return seqs.flatMap((seq) => this.rowBySeq.get(seq) ?? []);
  }

  /** Run `fn` in one transaction (one fsync for a whole batch of answers). */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /**
   * Records an acknowledged revision; returns null when it was already recorded (nothing changed). Call inside tx.
   *
   * The answer's status is applied only when no back-office status change ('status' or 'reconciled' event) was
   * applied to the case after this outbox row was created. Why that is the rule:
   * - The server answers a key with its FIRST stored response, for 30 days: a resend after a lost answer brings back
   *   the status the case had when the revision was first applied, however long ago that was.
   * - A revision may have been applied by the server at any moment after its row was created (a request that timed
   *   out, or was cut off by a crash before its attempt was even counted, may have arrived). So a change applied
   *   locally after the row was created may be newer than the answer, and the answer cannot say otherwise: a first
   *   answer can arrive late as well, and `Idempotent-Replayed` is not needed (nor trusted when absent).
   * - A change applied before the row was created happened on the server before the revision reached it, so the
   *   answer is newer and wins. Answers with no change in between (the usual case, including an immediate item
   *   completed on the spot) set the status as before.
   * Ordering uses the outbox seq recorded by the change (rowids, not clocks). When the answer is held back it still
   * fills case number, promised date and result where the case has none. A held-back answer that differs from the
   * kept status may also be the newer one (a change that was older on the server but arrived while the row waited);
   * the lane then asks GET /v1/cases/{id} and applies what the server holds (applyServerCase).
   */
  recordAck(row: OutboxRow, endpoint: EndpointName, ack: CaseAck, nowIso: string): AckRecord | null {
    if (this.markSent.run(nowIso, JSON.stringify(ack), row.seq).changes === 0) return null;
    const ctx = this.ackContext.get({ caseId: row.caseId, seq: row.seq, createdAt: row.createdAt });
    const heldBack = !!ctx?.newer;
    (heldBack ? this.fillCaseOnAck : this.updateCaseOnAck).run({
      caseId: row.caseId,
      caseNo: ack.caseNo,
      ...(heldBack ? {} : { status: ack.status }),
      promisedDate: ack.promisedDate ?? null,
      result: ack.result ? JSON.stringify(ack.result) : null,
      rev: row.rev,
      now: nowIso,
    });
    const status = heldBack && ctx ? ctx.status : ack.status;
    this.insertEvent.run(
      row.caseId,
      nowIso,
      'synced',
      JSON.stringify({ rev: row.rev, endpoint, caseNo: ack.caseNo, status: ack.status, ...(heldBack ? { statusKept: status } : {}) }),
    );
    return { status, statusApplied: !heldBack };
  }

  /** 422 rejected: the revision was answered; the case goes back to the teller. Call inside tx. */
  recordRejected(row: OutboxRow, endpoint: EndpointName, message: string, reasons: Reason[], nowIso: string): boolean {
    const error = errorJson('rejected', message, reasons);
    if (this.markState.run({ seq: row.seq, state: 'attention', error, response: JSON.stringify({ error: 'rejected', message, reasons }) }).changes === 0) return false;
    this.updateCaseState.run('attention', nowIso, row.caseId);
    this.insertEvent.run(row.caseId, nowIso, 'rejected', JSON.stringify({ rev: row.rev, endpoint, reasons }));
    return true;
  }

  /**
   * 400 / key_reused / contract mismatch: held back, surfaced, resent only by an explicit retry. The server's reasons
   * are kept with the revision (last_error) and in the case's 'defect' event. Call inside tx.
   */
  recordDefect(row: OutboxRow, endpoint: EndpointName, code: string, message: string, reasons: Reason[], nowIso: string): boolean {
    const kept = reasons.length > 0 ? reasons : undefined;
    if (this.markState.run({ seq: row.seq, state: 'defect', error: errorJson(code, message, kept), response: null }).changes === 0) return false;
    this.updateCaseState.run('defect', nowIso, row.caseId);
    this.insertEvent.run(row.caseId, nowIso, 'defect', JSON.stringify({ rev: row.rev, endpoint, code, ...(kept ? { reasons: kept } : {}) }));
    return true;
  }

  /** A transient failure of this row: count it and set when it may go again. Call inside tx. */
  recordRetry(row: OutboxRow, nextAttemptIso: string, code: string, message: string): void {
    this.markRetry.run(nextAttemptIso, errorJson(code, message), row.seq);
  }

  stats(ep: EndpointName): { unsent: number; defects: number; oldest: string | null; attention: number } {
    const s = this.statsStmt.get(ep)!;
    const oldestSeq = this.oldestSeq.get(ep)?.seq;
    const oldest = oldestSeq ? (this.createdAt.get(oldestSeq)?.createdAt ?? null) : null;
    return { ...s, oldest, attention: this.attentionCount.get(ep)!.n };
  }

  /**
   * Applies one inbound status change idempotently. Returns null when the case is not on this terminal or the change
   * was already applied. Call inside tx. The event records `outboxSeq` (the case's newest outbox row now), so
   * recordAck can tell answers to revisions queued before this change from those queued after it.
   *
   * A change can reach the terminal after an answer that is newer on the server: the back office asks for materials
   * (`at` = T1), the citizen brings them before the terminal pulls that change, the supplement's answer is applied,
   * and then the change arrives. So when an answered revision's outbox row was created after the change's `at`, the
   * server applied that revision after the change and the change does not set the status: it is still recorded as a
   * 'status' event (with `statusKept`; errand receipts count these), fills case number and result where the case has
   * none, and the caller asks GET /v1/cases/{id} (applyServerCase) so the server's current state decides. Every
   * other change sets the status as before.
   *
   * `at` is the server's clock and created_at the terminal's: `skewMs` (server minus terminal, measured by the
   * health probe; null before the first probe, then compared as is) converts between them, and
   * CHANGE_ORDER_MARGIN_MS leans the comparison towards asking the server.
   */
  applyChange(change: Change, changeKey: string, nowIso: string, skewMs: number | null = null): ChangeRecord | null {
    const c = this.selectCase.get(change.caseId);
    if (!c) return null;
    if (this.findStatusEvent.get(change.caseId, changeKey)) return null;
    const answeredRev = this.answeredAfter(c.id, c.endpoint, change.at, skewMs);
    const held = answeredRev > 0;
    // A change that sets the status is written like the server's own state (GET /v1/cases/{id}): it carries no
    // promised date, so the case keeps its own.
    (held ? this.fillCaseOnChange : this.updateFromServer).run({
      caseId: change.caseId,
      ...(held ? {} : { status: change.status, promisedDate: null }),
      caseNo: change.caseNo,
      result: change.result ? JSON.stringify(change.result) : null,
      now: nowIso,
    });
    this.insertEvent.run(
      change.caseId,
      nowIso,
      'status',
      JSON.stringify({
        change: changeKey,
        status: change.status,
        at: change.at,
        ...(change.note ? { note: change.note } : {}),
        outboxSeq: this.outboxSeqOf(c.id, c.endpoint),
        ...(held ? { statusKept: c.status, answeredRev } : {}),
      }),
    );
    return { status: held ? c.status : change.status, statusApplied: !held, answeredRev };
  }

  /** The newest answered revision of the case whose outbox row was created after `at` (server time); 0 when none. */
  private answeredAfter(caseId: string, endpoint: EndpointName, at: string, skewMs: number | null): number {
    const atMs = Date.parse(at);
    if (Number.isNaN(atMs)) return 0;
    const localAt = atMs - (skewMs ?? 0) - CHANGE_ORDER_MARGIN_MS;
    let rev = 0;
    for (const r of this.answeredRows.all({ caseId, endpoint })) if (Date.parse(r.createdAt) > localAt) rev = Math.max(rev, r.rev);
    return rev;
  }

  /** The newest case event's seq: taken before asking GET /v1/cases/{id}, handed back to applyServerCase. */
  caseMark(caseId: string): number {
    return this.lastEventSeq.get(caseId)?.seq ?? 0;
  }

  /**
   * Applies the case as GET /v1/cases/{id} returned it, after an answer was held back (see recordAck). The server's
   * view is newer than everything applied before the GET was sent, so it is applied unless something was written to
   * the case since `mark` (then it may be older: 'raced', ask again) or the server has not seen the revision that was
   * answered yet (`minRev`, e.g. a lagging replica: 'stale'). Call inside tx.
   */
  applyServerCase(view: ServerCase, mark: number, minRev: number, endpoint: EndpointName, nowIso: string): ServerCaseOutcome {
    const c = this.selectCase.get(view.caseId);
    if (!c || c.endpoint !== endpoint) return 'unknown';
    if (this.caseMark(view.caseId) > mark) return 'raced';
    if (view.rev < minRev) return 'stale';
    this.updateFromServer.run({
      caseId: view.caseId,
      status: view.status,
      caseNo: view.caseNo,
      promisedDate: view.promisedDate ?? null,
      result: view.result ? JSON.stringify(view.result) : null,
      now: nowIso,
    });
    if (c.status === view.status) {
      this.closeSettlement(view.caseId, endpoint, 'same', nowIso, { status: view.status, rev: view.rev });
      return 'same';
    }
    this.insertEvent.run(
      view.caseId,
      nowIso,
      'reconciled',
      JSON.stringify({ status: view.status, rev: view.rev, endpoint, outboxSeq: this.outboxSeqOf(c.id, c.endpoint) }),
    );
    return 'applied';
  }

  /**
   * The settlements this endpoint still owes, from the database (the lane's queue is only a cache of it, so a
   * restart or a crash at any point loses none): every case with a kept status ('synced' or 'status' event with
   * `statusKept` differing from what the other side reported) newer, by case_events.seq, than its newest closing
   * event ('reconciled' or 'settled'). The events that keep a status are written in the same transaction as the
   * kept status itself, and the closing events in the same transaction as the settlement's outcome.
   */
  openSettlements(endpoint: EndpointName): OpenSettlement[] {
    return this.openSettlementRows.all({ endpoint });
  }

  /** Ends a case's settlement without applying a status: records a 'settled' event (see openSettlements). Call inside tx. */
  closeSettlement(caseId: string, endpoint: EndpointName, outcome: SettlementClose, nowIso: string, detail: Record<string, unknown> = {}): void {
    if (!this.selectCase.get(caseId)) return;
    this.insertEvent.run(caseId, nowIso, 'settled', JSON.stringify({ endpoint, outcome, ...detail }));
  }

  /**
   * Records a failed settlement attempt (the server answered, but not with a state that could be applied): a
   * 'settle_failed' event, counted by openSettlements so the bound on attempts holds across restarts. Call inside tx.
   */
  recordSettleFailure(caseId: string, endpoint: EndpointName, outcome: string, http: number, nowIso: string): void {
    if (!this.selectCase.get(caseId)) return;
    this.insertEvent.run(caseId, nowIso, 'settle_failed', JSON.stringify({ endpoint, outcome, http }));
  }

  private outboxSeqOf(caseId: string, endpoint: EndpointName): number {
    return this.caseOutboxSeq.get({ caseId, endpoint })?.seq ?? 0;
  }

  /** Makes rows due now: a case's pending and defect rows (same keys, never new ones), or every pending row (of one endpoint). */
  requeue(nowIso: string, caseId?: string, endpoint?: EndpointName): number {
    if (caseId) {
      return this.tx(() => {
        const n = this.db
          .prepare(
            `UPDATE outbox AS o SET state = 'pending', next_attempt_at = @now
             WHERE ${outboxRowsOfCase('o', '(SELECT endpoint FROM cases WHERE id = @caseId)', '@caseId')} AND o.state IN ('pending', 'defect')`,
          )
          .run({ now: nowIso, caseId }).changes;
        this.db.prepare(`UPDATE cases SET sync_state = 'queued', updated_at = ? WHERE id = ? AND sync_state = 'defect'`).run(nowIso, caseId);
        return n;
      });
    }
    return this.db
      .prepare(`UPDATE outbox SET next_attempt_at = @now WHERE state = 'pending' AND next_attempt_at > @now AND (@ep IS NULL OR endpoint = @ep)`)
      .run({ now: nowIso, ep: endpoint ?? null }).changes;
  }

  unsentRows(): { endpoint: EndpointName; caseId: string; rev: number; key: string; state: 'pending' | 'defect'; attempts: number; lastError: string | null; createdAt: string; bodyEnc: Buffer }[] {
    return this.db
      .prepare(
        `SELECT endpoint, case_id AS caseId, rev, idempotency_key AS key, state, attempts, last_error AS lastError, created_at AS createdAt, body_enc AS bodyEnc
         FROM outbox WHERE state IN ('pending', 'defect') ORDER BY seq`,
      )
      .all() as ReturnType<OutboxStore['unsentRows']>;
  }
}
