import { v7 as uuidv7 } from 'uuid';
import { CoreError, isBadLevel, issueAt, type CaseRating, type CaseView, type CitizenCase, type EvaluationReason, type RateCaseInput, type RatingTodo } from '../../contract';
import type { TerminalConfig } from '../config/schema';
import type { Vault } from '../crypto/vault';
import { createAuditWriter } from '../db/journal';
import type { Db } from '../db/open';
import { appendEvaluationOutbox } from '../sync';
import { toChinaTime } from '../util/time';

export interface RatingDeps {
  db: Db;
  vault: Vault;
  config: TerminalConfig;
  /** The case as the teller sees it (the citizen view shows only its number, item and status). */
  caseView: (caseId: string) => CaseView | undefined;
  reasons: () => readonly EvaluationReason[];
  clock: () => number;
}

export interface RatingService {
  /** Puts the case on the citizen view (after a case, or on request). */
  present(caseId: string): CaseRating;
  /** The case on the citizen view now, or null. */
  current(): CitizenCase | null;
  /**
   * The citizen it was presented to has gone: the view goes back to its welcome. With `keepFor`, a case of that
   * applicant stays (the same citizen's next item); another citizen's case goes.
   */
  withdraw(keepFor?: string): void;
  /** The citizen's rating of the case on the view: committed with its outbox row in one transaction. */
  rate(input: RateCaseInput): { evaluationId: string; level: number; ratedAt: string };
  caseRating(caseId: string): CaseRating;
  todos(): RatingTodo[];
  completeTodo(todoId: number, note: string): void;
}

interface EvaluationRow {
  id: string;
  rev: number;
  level: number;
  reasons: string;
  ratedAt: string;
  syncState: 'queued' | 'synced' | 'attention' | 'defect';
  evaluationNo: string | null;
  followUp: 'follow_up' | 'rectified' | null;
}

/** A case the citizen may rate: one the bureau will hear of (not an intake refused and kept on the terminal). */
function rateable(view: CaseView): boolean {
  return view.syncState !== 'local';
}

/**
 * Citizen ratings (政务服务“好差评”). The citizen view shows one case at a time, the one this window presented last;
 * it can rate that case, once per revision, and nothing else. The teller sees the rating and never changes it. A
 * rating is written with its outbox row (PUT /v1/evaluations/{evaluationId}) and audit entry in one transaction.
 */
export function createRatingService(deps: RatingDeps): RatingService {
  const { db, vault, config, clock } = deps;
  const currentKey = `rating.current.${config.windowNo}`;
  const audit = createAuditWriter(db);
  const kvGet = db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?');
  const kvDelete = db.prepare<[string]>('DELETE FROM kv WHERE key = ?');
  const applicantOf = db.prepare<[string], { applicant_id: string }>('SELECT applicant_id FROM cases WHERE id = ?');
  const kvSet = db.prepare(
    'INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  const ratingOf = db.prepare<[string, number], EvaluationRow>(
    `SELECT id, case_rev AS rev, level, reasons_json AS reasons, rated_at AS ratedAt, sync_state AS syncState,
       evaluation_no AS evaluationNo, follow_up AS followUp
     FROM evaluations WHERE case_id = ? AND case_rev = ?`,
  );
  const insertEvaluation = db.prepare(
    `INSERT INTO evaluations (id, case_id, case_rev, item_code, endpoint, teller_id, window_no, level, reasons_json, rated_at, sync_state, training, comment_enc)
     VALUES (@id, @caseId, @rev, @itemCode, @endpoint, @tellerId, @windowNo, @level, @reasons, @ratedAt, 'queued', @training, @comment)`,
  );
  const insertEvent = db.prepare('INSERT INTO case_events (case_id, at, type, detail_json) VALUES (?, ?, ?, ?)');
  const openTodos = db.prepare<[], { todoId: number; evaluationId: string; caseId: string; level: number; reasons: string; kind: RatingTodo['kind']; noteEnc: Buffer | null; receivedAt: string }>(
    `SELECT t.seq AS todoId, t.evaluation_id AS evaluationId, e.case_id AS caseId, e.level, e.reasons_json AS reasons, t.kind,
       t.note_enc AS noteEnc, t.received_at AS receivedAt
     FROM evaluation_todos t JOIN evaluations e ON e.id = t.evaluation_id WHERE t.done_at IS NULL ORDER BY t.seq`,
  );
  const closeTodo = db.prepare('UPDATE evaluation_todos SET done_at = ?, done_by = ?, done_note_enc = ? WHERE seq = ? AND done_at IS NULL');
  const todoCase = db.prepare<[number], { caseId: string; evaluationId: string; kind: string; doneAt: string | null }>(
    'SELECT e.case_id AS caseId, t.evaluation_id AS evaluationId, t.kind, t.done_at AS doneAt FROM evaluation_todos t JOIN evaluations e ON e.id = t.evaluation_id WHERE t.seq = ?',
  );

  function presentedCaseId(): string | null {
    const row = kvGet.get(currentKey);
    return row ? (JSON.parse(row.value) as { caseId: string }).caseId : null;
  }

  function caseRating(caseId: string): CaseRating {
    const view = deps.caseView(caseId);
    if (!view) throw new CoreError('not_found', 'no such case', 'error.caseNotFound');
    const r = ratingOf.get(caseId, view.rev);
    return {
      caseId,
      rating: r
        ? {
            evaluationId: r.id,
            rev: r.rev,
            level: r.level,
            reasons: JSON.parse(r.reasons) as string[],
            ratedAt: r.ratedAt,
            syncState: r.syncState,
            evaluationNo: r.evaluationNo,
            followUp: r.followUp,
          }
        : null,
      presented: presentedCaseId() === caseId,
    };
  }

  const commitRating = db.transaction((row: Record<string, unknown>, caseId: string, endpoint: CaseView['endpoint'], body: Record<string, unknown>, at: string) => {
    insertEvaluation.run(row);
    appendEvaluationOutbox(db, { caseId, endpoint, evaluationId: row.id as string, sealedBody: vault.seal(body) }, at);
    insertEvent.run(caseId, at, 'evaluation', JSON.stringify({ evaluationId: row.id, rev: row.rev, level: row.level }));
    audit({ at, actor: 'citizen', action: 'evaluation.rate', caseId, detail: { evaluationId: row.id, rev: row.rev, level: row.level, reasons: JSON.parse(row.reasons as string) as string[] } });
  });

  return {
    present(caseId) {
      const view = deps.caseView(caseId);
      if (!view) throw new CoreError('not_found', 'no such case', 'error.caseNotFound');
      if (!rateable(view)) throw new CoreError('conflict', 'a case kept on the terminal only cannot be rated', 'error.ratingNotRateable');
      const at = new Date(clock()).toISOString();
      kvSet.run(currentKey, JSON.stringify({ caseId, at }), at);
      return caseRating(caseId);
    },

    withdraw(keepFor) {
      const caseId = presentedCaseId();
      if (caseId === null) return;
      if (keepFor !== undefined && applicantOf.get(caseId)?.applicant_id === keepFor) return;
      kvDelete.run(currentKey);
    },

    current() {
      const caseId = presentedCaseId();
      const view = caseId ? deps.caseView(caseId) : undefined;
      if (!view) return null;
      return {
        caseId: view.caseId,
        rev: view.rev,
        caseNo: view.caseNo,
        itemName: view.itemName,
        status: view.status,
        rated: !!ratingOf.get(view.caseId, view.rev),
        reasons: [...deps.reasons()],
      };
    },

    rate(input) {
      if (presentedCaseId() !== input.caseId) throw new CoreError('forbidden', 'only the case on the citizen view can be rated', 'error.ratingNotPresented');
      const view = deps.caseView(input.caseId);
      if (!view) throw new CoreError('not_found', 'no such case', 'error.caseNotFound');
      if (view.rev !== input.rev) throw new CoreError('conflict', 'the case changed since it was shown', 'error.ratingStale');
      if (ratingOf.get(view.caseId, view.rev)) throw new CoreError('conflict', 'this case was already rated', 'error.ratingGiven');
      const known = new Set(deps.reasons().map((r) => r.code));
      const unknown = input.reasons.filter((c) => !known.has(c));
      if (unknown.length > 0) {
        throw new CoreError('invalid_input', 'unknown rating reasons', 'error.invalidInput', unknown.map((c) => issueAt('reasons', 'issue.rating.unknownReason', { reason: c })));
      }
      const nowMs = clock();
      const at = new Date(nowMs).toISOString();
      const evaluationId = uuidv7();
      const comment = input.comment?.trim() || undefined;
      const body = {
        evaluationId,
        caseId: view.caseId,
        ...(view.caseNo ? { caseNo: view.caseNo } : {}),
        itemCode: view.itemCode,
        branchCode: config.branchCode,
        windowNo: config.windowNo,
        tellerId: config.tellerId,
        ratedAt: toChinaTime(nowMs),
        level: input.level,
        reasons: isBadLevel(input.level) ? input.reasons : [],
        ...(comment ? { comment } : {}),
        channel: 'counter',
      };
      const row = {
        id: evaluationId,
        caseId: view.caseId,
        rev: view.rev,
        itemCode: view.itemCode,
        endpoint: view.endpoint,
        tellerId: config.tellerId,
        windowNo: config.windowNo,
        level: input.level,
        reasons: JSON.stringify(body.reasons),
        ratedAt: at,
        training: config.mode === 'production' ? 0 : 1,
        comment: comment ? vault.seal(comment) : null,
      };
      commitRating.immediate(row, view.caseId, view.endpoint, body, at);
      return { evaluationId, level: input.level, ratedAt: at };
    },

    caseRating,

    todos() {
      const label = new Map(deps.reasons().map((r) => [r.code, r.label]));
      return openTodos.all().map((t) => {
        const view = deps.caseView(t.caseId);
        return {
          todoId: t.todoId,
          evaluationId: t.evaluationId,
          caseId: t.caseId,
          caseNo: view?.caseNo ?? null,
          itemName: view?.itemName ?? '',
          level: t.level,
          reasons: (JSON.parse(t.reasons) as string[]).map((code) => label.get(code) ?? code),
          kind: t.kind,
          note: t.noteEnc ? vault.open<string>(t.noteEnc) : null,
          receivedAt: t.receivedAt,
        };
      });
    },

    completeTodo(todoId, note) {
      const t = todoCase.get(todoId);
      if (!t) throw new CoreError('not_found', 'no such rating to-do', 'error.ratingTodoNotFound');
      if (t.doneAt) throw new CoreError('conflict', 'this to-do was already completed', 'error.ratingTodoDone');
      const at = new Date(clock()).toISOString();
      db.transaction(() => {
        closeTodo.run(at, config.tellerId, vault.seal(note), todoId);
        audit({ at, actor: config.tellerId, action: `evaluation.${t.kind}`, caseId: t.caseId, detail: { evaluationId: t.evaluationId, todoId } });
      }).immediate();
    },
  };
}
