import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

/** Tables of the terminal's database that hold what a teller or the sync wrote. */
export const TERMINAL_TABLES = ['applicants', 'cases', 'case_events', 'outbox', 'audit', 'drafts', 'errand_batches', 'errand_batch_cases'];

/**
 * A hash of the rows of `tables` in a SQLite file (opened read-only, so it can be taken while the owner runs):
 * equal digests before and after a test mean nothing was written to them.
 */
export function tableDigest(file: string, tables: readonly string[]): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const h = createHash('sha256');
    for (const t of tables) {
      const rows = db.prepare(`SELECT * FROM ${t}`).raw().all().map((row) => JSON.stringify(row));
      h.update(t).update(JSON.stringify(rows.sort()));
    }
    return h.digest('hex');
  } finally {
    db.close();
  }
}
