import { createHash } from 'node:crypto';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/open';
import type { EndpointName } from '../config/schema';
import { errorJson, type OutboxRow } from './outbox-store';
import type { Reason } from './types';
import type { EvaluationAck, EvaluationChange } from './wire';

/** What an evaluation change from /v1/changes made: a new to-do for the teller. */
export interface FollowUpRecord {
  evaluationId: string;
  caseId: string;
  status: EvaluationChange['status'];
}

/**
 * The sender's side of citizen ratings: records the answers to PUT /v1/evaluations/{evaluationId} on the rating's
 * outbox row and on the rating, and turns the back office's follow-ups (from /v1/changes) into to-dos. Every
 * method runs inside the caller's transaction (OutboxStore.tx).
 */
export class EvaluationOutbox {
  private readonly markSent;
  private readonly markState;
  private readonly setState;
  private readonly byId;
  private readonly insertTodo;
  private readonly setFollowUp;
  private readonly insertEvent;

  constructor(
    db: Db,
    private readonly vault: Vault,
  ) {
    this.markSent = db.prepare(
      `UPDATE outbox SET state = 'sent', sent_at = ?, response_json = ?, last_error = NULL, attempts = attempts + 1 WHERE seq = ? AND state = 'pending'`,
    );
    this.markState = db.prepare(
      `UPDATE outbox SET state = @state, last_error = @error, response_json = @response, attempts = attempts + 1 WHERE seq = @seq AND state = 'pending'`,
    );
    this.setState = db.prepare('UPDATE evaluations SET sync_state = @state, evaluation_no = COALESCE(@no, evaluation_no) WHERE id = @id');
    this.byId = db.prepare<[string], { caseId: string; endpoint: EndpointName }>('SELECT case_id AS caseId, endpoint FROM evaluations WHERE id = ?');
    this.insertTodo = db.prepare(
      `INSERT INTO evaluation_todos (evaluation_id, change_key, kind, received_at, note_enc) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (evaluation_id, change_key) DO NOTHING`,
    );
    this.setFollowUp = db.prepare('UPDATE evaluations SET follow_up = ? WHERE id = ?');
    this.insertEvent = db.prepare('INSERT INTO case_events (case_id, at, type, detail_json) VALUES (?, ?, ?, ?)');
  }

  /** 201/200: the rating is on the server. False when the row was already recorded. */
  recordAck(row: OutboxRow, endpoint: EndpointName, ack: EvaluationAck, nowIso: string): boolean {
    if (this.markSent.run(nowIso, JSON.stringify(ack), row.seq).changes === 0) return false;
    this.setState.run({ state: 'synced', no: ack.evaluationNo, id: row.key });
    this.insertEvent.run(row.caseId, nowIso, 'evaluation.synced', JSON.stringify({ evaluationId: row.key, endpoint, evaluationNo: ack.evaluationNo }));
    return true;
  }

  /** 422 rejected (other than case_unknown): answered, kept for support; the rating is never sent again. */
  recordRejected(row: OutboxRow, endpoint: EndpointName, message: string, reasons: Reason[], nowIso: string): boolean {
    const error = errorJson('rejected', message, reasons);
    if (this.markState.run({ seq: row.seq, state: 'attention', error, response: JSON.stringify({ error: 'rejected', message, reasons }) }).changes === 0) return false;
    this.setState.run({ state: 'attention', no: null, id: row.key });
    this.insertEvent.run(row.caseId, nowIso, 'evaluation.rejected', JSON.stringify({ evaluationId: row.key, endpoint, reasons }));
    return true;
  }

  /** 400 / key_reused: a defect, held back and surfaced; resent only by an explicit retry. */
  recordDefect(row: OutboxRow, endpoint: EndpointName, code: string, message: string, nowIso: string): boolean {
    if (this.markState.run({ seq: row.seq, state: 'defect', error: errorJson(code, message), response: null }).changes === 0) return false;
    this.setState.run({ state: 'defect', no: null, id: row.key });
    this.insertEvent.run(row.caseId, nowIso, 'evaluation.defect', JSON.stringify({ evaluationId: row.key, endpoint, code }));
    return true;
  }

  /**
   * A follow-up of a bad rating: a to-do for the teller (call the citizen back, or record the rectification).
   * Null when the rating is not this terminal's (or not this endpoint's) or the change was already applied.
   */
  applyFollowUp(change: EvaluationChange, endpoint: EndpointName, nowIso: string): FollowUpRecord | null {
    const ev = this.byId.get(change.evaluationId);
    if (!ev || ev.endpoint !== endpoint) return null;
    const note = change.note ?? null;
    // No `at` is promised for these changes: the change is known by its content.
    const key = `${change.status}|${change.at ?? ''}|${createHash('sha256').update(note ?? '').digest('hex').slice(0, 16)}`;
    const kind = change.status === 'follow_up' ? 'call_back' : 'record_rectification';
    if (this.insertTodo.run(change.evaluationId, key, kind, nowIso, note ? this.vault.seal(note) : null).changes === 0) return null;
    this.setFollowUp.run(change.status, change.evaluationId);
    this.insertEvent.run(ev.caseId, nowIso, 'evaluation.follow_up', JSON.stringify({ evaluationId: change.evaluationId, status: change.status }));
    return { evaluationId: change.evaluationId, caseId: ev.caseId, status: change.status };
  }
}
