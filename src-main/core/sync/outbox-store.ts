import type { Db } from '../db/open';
import type { EndpointName } from '../config/schema';
import { outboxRowsOfCase } from './outbox';
import type { CaseAck, Change } from './wire';
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

/** last_error is JSON {code, message, reasons?} (never personal data that we add; server text is kept as given). */
export function errorJson(code: string, message: string, reasons?: Reason[]): string {
  return JSON.stringify(reasons ? { code, message, reasons } : { code, message });
}

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
  private readonly insertEvent;
  private readonly markState;
  private readonly updateCaseState;
  private readonly markRetry;
  private readonly statsStmt;
  private readonly attentionCount;
  private readonly selectCase;
  private readonly updateCaseStatus;
  private readonly findStatusEvent;

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
      `UPDATE cases SET case_no = @caseNo, status = @status,
         promised_date = COALESCE(@promisedDate, promised_date), result_json = COALESCE(@result, result_json),
         sync_state = CASE WHEN rev <= @rev THEN 'synced' ELSE sync_state END, updated_at = @now
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
    this.selectCase = db.prepare<[string], { id: string }>('SELECT id FROM cases WHERE id = ?');
    this.updateCaseStatus = db.prepare(
      `UPDATE cases SET status = @status, case_no = COALESCE(case_no, @caseNo), result_json = COALESCE(@result, result_json), updated_at = @now
       WHERE id = @caseId`,
    );
    this.findStatusEvent = db.prepare<[string, string], { seq: number }>(
      `SELECT seq FROM case_events WHERE case_id = ? AND type = 'status' AND json_extract(detail_json, '$.change') = ? LIMIT 1`,
    );
  }

  /**
   * The head of each case's queue, oldest first: the lowest revision not yet acknowledged, when it is pending.
   * A defect at the head holds back later revisions of the same case (but no other case); a rejected
   * (attention) revision was answered, so a later corrected revision may follow it.
   */
  heads(ep: EndpointName): QueueHead[] {
    const lowest = new Map<string, number>();
    for (const d of this.defectRows.all(ep)) lowest.set(d.caseId, Math.min(d.rev, lowest.get(d.caseId) ?? Infinity));
    const heads: QueueHead[] = [];
    for (const r of this.pendingRows.all(ep)) {
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

  /** Records an acknowledged revision; returns false when it was already recorded (nothing changed). Call inside tx. */
  recordAck(row: OutboxRow, endpoint: EndpointName, ack: CaseAck, nowIso: string): boolean {
    if (this.markSent.run(nowIso, JSON.stringify(ack), row.seq).changes === 0) return false;
    this.updateCaseOnAck.run({
      caseId: row.caseId,
      caseNo: ack.caseNo,
      status: ack.status,
      promisedDate: ack.promisedDate ?? null,
      result: ack.result ? JSON.stringify(ack.result) : null,
      rev: row.rev,
      now: nowIso,
    });
    this.insertEvent.run(row.caseId, nowIso, 'synced', JSON.stringify({ rev: row.rev, endpoint, caseNo: ack.caseNo, status: ack.status }));
    return true;
  }

  /** 422 rejected: the revision was answered; the case goes back to the teller. Call inside tx. */
  recordRejected(row: OutboxRow, endpoint: EndpointName, message: string, reasons: Reason[], nowIso: string): boolean {
    const error = errorJson('rejected', message, reasons);
    if (this.markState.run({ seq: row.seq, state: 'attention', error, response: JSON.stringify({ error: 'rejected', message, reasons }) }).changes === 0) return false;
    this.updateCaseState.run('attention', nowIso, row.caseId);
    this.insertEvent.run(row.caseId, nowIso, 'rejected', JSON.stringify({ rev: row.rev, endpoint, reasons }));
    return true;
  }

  /** 400 / key_reused / contract mismatch: held back, surfaced, resent only by an explicit retry. Call inside tx. */
  recordDefect(row: OutboxRow, endpoint: EndpointName, code: string, message: string, nowIso: string): boolean {
    if (this.markState.run({ seq: row.seq, state: 'defect', error: errorJson(code, message), response: null }).changes === 0) return false;
    this.updateCaseState.run('defect', nowIso, row.caseId);
    this.insertEvent.run(row.caseId, nowIso, 'defect', JSON.stringify({ rev: row.rev, endpoint, code }));
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
   * Applies one inbound status change idempotently. Returns false when the case is not on this terminal or the
   * change was already applied. Call inside tx.
   */
  applyChange(change: Change, changeKey: string, nowIso: string): boolean {
    if (!this.selectCase.get(change.caseId)) return false;
    if (this.findStatusEvent.get(change.caseId, changeKey)) return false;
    this.updateCaseStatus.run({
      caseId: change.caseId,
      status: change.status,
      caseNo: change.caseNo,
      result: change.result ? JSON.stringify(change.result) : null,
      now: nowIso,
    });
    this.insertEvent.run(
      change.caseId,
      nowIso,
      'status',
      JSON.stringify({ change: changeKey, status: change.status, at: change.at, ...(change.note ? { note: change.note } : {}) }),
    );
    return true;
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
