import type { Db } from './open';

/** One audit entry: who did what, to which case, with details that never hold personal data. */
export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  caseId?: string | null;
  detail?: Record<string, unknown>;
}

/**
 * The audit actions that record a printed document. Queries counting a case's prints repeat this term so that
 * SQLite uses the partial index audit_prints (migration 0004), which only these entries write.
 */
export const PRINT_ACTIONS_SQL = "action IN ('receipt.print', 'receipt.pdf', 'notice.print', 'notice.pdf')";

/** How many times a case's document was printed (by its audit action: receipt.print, notice.pdf, ...). */
export function createPrintCounter(db: Db): (caseId: string, action: string) => number {
  const count = db.prepare<[string, string], { n: number }>(`SELECT COUNT(*) AS n FROM audit WHERE case_id = ? AND action = ? AND ${PRINT_ACTIONS_SQL}`);
  return (caseId, action) => count.get(caseId, action)!.n;
}

/** Writes audit entries (one prepared statement per connection's writer). */
export function createAuditWriter(db: Db): (e: AuditEntry) => void {
  const insert = db.prepare('INSERT INTO audit (at, actor, action, case_id, detail_json) VALUES (?, ?, ?, ?, ?)');
  return (e) => {
    insert.run(e.at, e.actor, e.action, e.caseId ?? null, e.detail === undefined ? null : JSON.stringify(e.detail));
  };
}

/** Writes a case's history events (never personal data in `detail`). */
export function createCaseEventWriter(db: Db): (caseId: string, at: string, type: string, detail: Record<string, unknown>) => void {
  const insert = db.prepare('INSERT INTO case_events (case_id, at, type, detail_json) VALUES (?, ?, ?, ?)');
  return (caseId, at, type, detail) => {
    insert.run(caseId, at, type, JSON.stringify(detail));
  };
}
