import type { MonthlyFigures } from '../../contract';
import type { ItemSource } from '../cases/case-service';
import type { TerminalConfig } from '../config/schema';
import type { Db } from '../db/open';

/**
 * The month's figures leadership asks of a service point: cases, the share of immediate (即办) items, errands
 * handed over, per line and per item. Counted on the terminal from its own cases (China calendar month).
 */
export function monthlyFigures(db: Db, config: TerminalConfig, items: ItemSource, month: string): MonthlyFigures {
  const start = new Date(`${month}-01T00:00:00+08:00`);
  const next = new Date(start);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const range = [start.toISOString(), next.toISOString()] as const;
  const totals = db
    .prepare<[string, string, number], { cases: number; notified: number; immediate: number; completedOnSpot: number; withdrawn: number; si: number; tax: number }>(
      `SELECT COUNT(*) AS cases,
         SUM(status = 'notified') AS notified,
         SUM(kind = 'immediate' AND status != 'notified') AS immediate,
         SUM(kind = 'immediate' AND status = 'completed' AND accepted_offline = 0) AS completedOnSpot,
         SUM(status = 'withdrawn') AS withdrawn,
         SUM(endpoint = 'si' AND status != 'notified') AS si,
         SUM(endpoint = 'tax' AND status != 'notified') AS tax
       FROM cases WHERE accepted_at >= ? AND accepted_at < ? AND training = ?`,
    )
    .get(range[0], range[1], config.mode === 'production' ? 0 : 1)!;
  const errands = db
    .prepare<[string], { batches: number; cases: number }>(
      `SELECT COUNT(DISTINCT b.id) AS batches, COUNT(c.case_id) AS cases
       FROM errand_batches b LEFT JOIN errand_batch_cases c ON c.batch_id = b.id WHERE substr(b.date, 1, 7) = ?`,
    )
    .get(month)!;
  const byItem = db
    .prepare<[string, string, number], { itemCode: string; cases: number }>(
      `SELECT item_code AS itemCode, COUNT(*) AS cases FROM cases
       WHERE accepted_at >= ? AND accepted_at < ? AND training = ? AND status != 'notified'
       GROUP BY item_code ORDER BY cases DESC, item_code`,
    )
    .all(range[0], range[1], config.mode === 'production' ? 0 : 1);
  const accepted = totals.cases - (totals.notified ?? 0);
  return {
    month,
    branchCode: config.branchCode,
    training: config.mode !== 'production',
    cases: totals.cases,
    accepted,
    notified: totals.notified ?? 0,
    withdrawn: totals.withdrawn ?? 0,
    immediate: totals.immediate ?? 0,
    immediateShare: accepted > 0 ? Math.round(((totals.immediate ?? 0) / accepted) * 1000) / 1000 : 0,
    completedOnSpot: totals.completedOnSpot ?? 0,
    errandBatches: errands.batches,
    errandCases: errands.cases,
    byLine: { si: totals.si ?? 0, tax: totals.tax ?? 0 },
    byItem: byItem.map((r) => ({ ...r, itemName: items.getItem(r.itemCode)?.name ?? r.itemCode })),
  };
}
