import type { Db } from '../db/open';
import { chinaDate, chinaDayRange } from '../util/time';

/**
 * 登记编号 (migration 0010): the counter's own short number for a case, DJ + China date + window + that window's
 * sequence of the day (DJ20260512-03-007). It is what a one-time notice shows when the back office has given no
 * case number (a refused intake never gets one), so the citizen can show it on the next visit.
 */
export function registrationPrefix(acceptedAtMs: number, windowNo: number): string {
  return `DJ${chinaDate(acceptedAtMs).replaceAll('-', '')}-${String(windowNo).padStart(2, '0')}-`;
}

/** A registration number as printed (the prefix above and the day's sequence), typed in either case. */
export const REGISTRATION_NO = /^DJ\d{8}-\d{2}-\d{3,}$/i;

export function createRegistrationNumbers(db: Db) {
  // The window's cases of that China day, counted in the covering index cases_accepted (no index of its own, which
  // every commit would write). Cases are never deleted (retention anonymises them) and never leave the day they were
  // taken (a return visit moves a case to the day it is completed, which only adds to that day), so count + 1 is new.
  const count = db.prepare<[string, string, number], { n: number }>('SELECT COUNT(*) AS n FROM cases WHERE accepted_at >= ? AND accepted_at < ? AND window_no = ?');
  // Counted once per day and window, then followed in memory: a busy day's count is not read again at every intake.
  let day: { prefix: string; n: number } | null = null;
  return {
    /** The next number of this window's day; `taken` once the case holding it is committed. */
    next(acceptedAtMs: number, windowNo: number): string {
      const prefix = registrationPrefix(acceptedAtMs, windowNo);
      if (day?.prefix !== prefix) {
        const [start, end] = chinaDayRange(chinaDate(acceptedAtMs));
        day = { prefix, n: count.get(start, end, windowNo)!.n };
      }
      return `${prefix}${String(day.n + 1).padStart(3, '0')}`;
    },
    /** The case with `regNo` is committed: the day's next number follows it (a failed commit takes none). */
    taken(regNo: string): void {
      if (day && regNo.startsWith(day.prefix)) day.n = Math.max(day.n, Number(regNo.slice(day.prefix.length)));
    },
  };
}
