import type { Db } from './open';

/** One audit entry: who did what, to which case, with details that never hold personal data. */
export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  caseId?: string | null;
  detail?: Record<string, unknown>;
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
