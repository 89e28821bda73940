import type { Db } from '../db/open';
import { chinaDate } from '../util/time';

/**
 * 登记编号 (migration 0010): the counter's own short number for a case, DJ + China date + window + that window's
 * sequence of the day (DJ20260512-03-007). It is what a one-time notice shows when the back office has given no
 * case number (a refused intake never gets one), so the citizen can show it on the next visit.
 */
export function registrationPrefix(acceptedAtMs: number, windowNo: number): string {
  return `DJ${chinaDate(acceptedAtMs).replaceAll('-', '')}-${String(windowNo).padStart(2, '0')}-`;
}

export function createRegistrationNumbers(db: Db) {
  // A range of the unique index (LIKE, case-insensitive by default, could not use it and scanned every case).
  const last = db.prepare<[number, string, string], { n: number | null }>('SELECT MAX(CAST(substr(reg_no, ?) AS INTEGER)) AS n FROM cases WHERE reg_no >= ? AND reg_no < ?');
  const select = db.prepare<[string], { reg_no: string | null }>('SELECT reg_no FROM cases WHERE id = ?');
  return {
    /** The next number of this window's day; call it in the transaction that inserts the case (the index keeps it unique). */
    next(acceptedAtMs: number, windowNo: number): string {
      const prefix = registrationPrefix(acceptedAtMs, windowNo);
      // Every number of this prefix sorts from the prefix up to the prefix with its closing '-' raised to '.'.
      const n = (last.get(prefix.length + 1, prefix, `${prefix.slice(0, -1)}.`)?.n ?? 0) + 1;
      return `${prefix}${String(n).padStart(3, '0')}`;
    },
    of(caseId: string): string | null {
      return select.get(caseId)?.reg_no ?? null;
    },
  };
}
