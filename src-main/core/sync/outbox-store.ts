import type { Db } from '../db/open';
import type { EndpointName } from '../config/schema';
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

/**
 * The head of each case's queue: the lowest revision that is not acknowledged. A revision is sendable only when
 * it is that head, pending and due; a defect at the head holds back later revisions of the same case (but no
 * other case). A rejected (attention) revision was answered, so a later corrected revision may follow it.
 */
const HEADS = `WITH heads AS (
    SELECT case_id, MIN(rev) AS rev FROM outbox
    WHERE endpoint = @ep AND state IN ('pending', 'defect') GROUP BY case_id)
  SELECT o.seq, o.case_id AS caseId, o.rev, o.idempotency_key AS key, o.body_enc AS bodyEnc, o.attempts,
         o.created_at AS createdAt, o.next_attempt_at AS nextAt
  FROM heads h JOIN outbox o ON o.endpoint = @ep AND o.idempotency_key = h.case_id || ':' || h.rev
  WHERE o.state = 'pending' AND o.seq NOT IN (SELECT value FROM json_each(@busy))`;

export class OutboxStore {
  private readonly sendable;
  private readonly nextDue;
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
    this.sendable = db.prepare<{ ep: string; busy: string; now: string; limit: number }, OutboxRow>(
      `${HEADS} AND o.next_attempt_at <= @now ORDER BY o.seq LIMIT @limit`,
    );
    this.nextDue = db.prepare<{ ep: string; busy: string }, { nextAt: string | null }>(
      `SELECT MIN(nextAt) AS nextAt FROM (${HEADS})`,
    );
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
    this.statsStmt = db.prepare<[string], { unsent: number; defects: number; oldest: string | null }>(
      `SELECT COUNT(*) AS unsent, COALESCE(SUM(state = 'defect'), 0) AS defects, MIN(created_at) AS oldest
       FROM outbox WHERE endpoint = ? AND state IN ('pending', 'defect')`,
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

  /** Sendable rows of an endpoint, oldest first, skipping rows already in flight (`busy` seqs). */
  sendableRows(ep: EndpointName, nowIso: string, busy: Iterable<number>, limit: number): OutboxRow[] {
    return this.sendable.all({ ep, busy: JSON.stringify([...busy]), now: nowIso, limit });
  }

  /** Earliest next_attempt_at among the heads not in flight (ISO), or null when nothing waits. */
  nextDueAt(ep: EndpointName, busy: Iterable<number>): string | null {
    return this.nextDue.get({ ep, busy: JSON.stringify([...busy]) })?.nextAt ?? null;
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
    return { ...s, attention: this.attentionCount.get(ep)!.n };
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
          .prepare(`UPDATE outbox SET state = 'pending', next_attempt_at = ? WHERE case_id = ? AND state IN ('pending', 'defect')`)
          .run(nowIso, caseId).changes;
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
