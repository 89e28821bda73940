import type { Db } from './open';
import { auditRowHash, GENESIS } from './audit-chain';

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

const writers = new WeakMap<Db, (e: AuditEntry) => void>();

/**
 * The one audit writer of a database connection (every module asking for one gets the same): each row is chained to
 * the one before by hash (see audit-chain.ts). The chain's tail is kept in memory after start; every insert states
 * which row it follows and is written only if that row is still the tail with that hash (a rowid look-up of the
 * page just written), so a rolled-back transaction or another writer makes it re-read the tail and try again,
 * never fork the chain.
 */
export function createAuditWriter(db: Db): (e: AuditEntry) => void {
  const existing = writers.get(db);
  if (existing) return existing;
  const readTail = db.prepare<[], { seq: number; hash: string | null }>('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    `INSERT INTO audit (seq, at, actor, action, case_id, detail_json, prev_hash, hash)
     SELECT @seq, @at, @actor, @action, @caseId, @detail, @prev, @hash
     WHERE IFNULL((SELECT hash FROM audit WHERE seq = @seq - 1), '${GENESIS}') = @prev
       AND NOT EXISTS (SELECT 1 FROM audit WHERE seq = @seq)`,
  );
  let tail: { seq: number; hash: string } | null = null;
  const loadTail = () => {
    const row = readTail.get();
    tail = { seq: row?.seq ?? 0, hash: row?.hash ?? GENESIS };
    return tail;
  };
  const write = (e: AuditEntry): void => {
    const detail = e.detail === undefined ? null : JSON.stringify(e.detail);
    for (let attempt = 0; attempt < 3; attempt++) {
      const t = tail ?? loadTail();
      const seq = t.seq + 1;
      const hash = auditRowHash(t.hash, { seq, at: e.at, actor: e.actor, action: e.action, case_id: e.caseId ?? null, detail_json: detail });
      if (insert.run({ seq, at: e.at, actor: e.actor, action: e.action, caseId: e.caseId ?? null, detail, prev: t.hash, hash }).changes === 1) {
        tail = { seq, hash };
        return;
      }
      loadTail();
    }
    throw new Error('audit: the chain tail kept moving; entry not written');
  };
  writers.set(db, write);
  return write;
}

/** Writes a case's history events (never personal data in `detail`). */
export function createCaseEventWriter(db: Db): (caseId: string, at: string, type: string, detail: Record<string, unknown>) => void {
  const insert = db.prepare('INSERT INTO case_events (case_id, at, type, detail_json) VALUES (?, ?, ?, ?)');
  return (caseId, at, type, detail) => {
    insert.run(caseId, at, type, JSON.stringify(detail));
  };
}
