import { CoreError, closingBlockerIssue, type DailyClosing, type Draft } from '../../contract';
import type { ItemSource } from '../cases/case-service';
import type { TerminalConfig } from '../config/schema';
import type { Db } from '../db/open';
import { createAuditWriter } from '../db/journal';
import { STATUS_TEXT } from '../printing/receipt-service';
import { chinaDate, chinaDayRange, nowIso } from '../util/time';
import { createReprintLog } from './reprint-log';

/**
 * 日终汇总: the figures of one teller at one window for a day, and the closing itself, which is refused while a case
 * is half-done (an intake typed but not confirmed, a case the private line sent back to the teller, a defect), with
 * the reason for each. A closing is recorded once (with the figures that were signed) and audited.
 */
export function createDailyClosing(deps: {
  db: Db;
  config: TerminalConfig;
  items: ItemSource;
  /** The intake being typed at this window, if any. */
  draft: () => Draft | null;
  clock: () => number;
}) {
  const { db, config, items, clock } = deps;
  const reprints = createReprintLog(db);
  const audit = createAuditWriter(db);
  const mine = 'c.teller_id = ? AND c.window_no = ? AND c.accepted_at >= ? AND c.accepted_at < ?';
  const byOutcome = db.prepare<[string, number, string, string], { status: string; n: number }>(
    `SELECT c.status, COUNT(*) AS n FROM cases c WHERE ${mine} GROUP BY c.status ORDER BY n DESC, c.status`,
  );
  const unsent = db.prepare<[string, number, string, string], { n: number }>(
    `SELECT COUNT(*) AS n FROM cases c WHERE ${mine} AND c.sync_state IN ('queued', 'attention', 'defect')`,
  );
  // The same rule as the follow-up list (case-workflow.ts followUps): results not told yet, materials asked for.
  const toInform = db.prepare<[string, number, string, string], { n: number }>(
    `SELECT COUNT(*) AS n FROM cases c WHERE ${mine} AND c.informed_at IS NULL AND c.sync_state != 'local'
       AND NOT (c.kind = 'immediate' AND c.status = 'completed' AND c.accepted_offline = 0)
       AND c.status IN ('approved', 'completed', 'rejected', 'needs_materials')`,
  );
  const errands = db.prepare<[string, string], { cases: number; batches: number }>(
    `SELECT COUNT(bc.case_id) AS cases, COUNT(DISTINCT b.id) AS batches
       FROM errand_batches b LEFT JOIN errand_batch_cases bc ON bc.batch_id = b.id WHERE b.teller_id = ? AND b.date = ?`,
  );
  const sentBack = db.prepare<[string, number], { id: string; item_code: string; case_no: string | null; sync_state: 'attention' | 'defect' }>(
    `SELECT c.id, c.item_code, c.case_no, c.sync_state FROM cases c
       WHERE c.teller_id = ? AND c.window_no = ? AND c.sync_state IN ('attention', 'defect') ORDER BY c.accepted_at`,
  );
  const closed = db.prepare<[string, string, number], { closed_at: string }>('SELECT closed_at FROM day_closings WHERE date = ? AND teller_id = ? AND window_no = ?');
  const insertClosing = db.prepare('INSERT INTO day_closings (date, teller_id, window_no, closed_at, summary_json) VALUES (?, ?, ?, ?, ?)');

  const itemName = (code: string) => items.getItem(code)?.name ?? code;

  function blockers(): DailyClosing['blockers'] {
    const out: DailyClosing['blockers'] = [];
    const draft = deps.draft();
    if (draft?.itemCode) {
      out.push({ kind: 'draft', caseId: draft.caseId, item: itemName(draft.itemCode), caseNo: null });
    }
    for (const c of sentBack.all(config.tellerId, config.windowNo)) {
      out.push({ kind: c.sync_state, caseId: c.id, item: itemName(c.item_code), caseNo: c.case_no });
    }
    return out;
  }

  function summary(date?: string): DailyClosing {
    const day = date ?? chinaDate(clock());
    const [from, to] = chinaDayRange(day);
    const args = [config.tellerId, config.windowNo, from, to] as const;
    const outcomes = byOutcome.all(...args).map((r) => ({ status: r.status, statusText: STATUS_TEXT[r.status] ?? r.status, cases: r.n }));
    const e = errands.get(config.tellerId, day)!;
    return {
      date: day,
      tellerId: config.tellerId,
      windowNo: config.windowNo,
      branchCode: config.branchCode,
      training: config.mode !== 'production',
      byOutcome: outcomes,
      total: outcomes.reduce((n, o) => n + o.cases, 0),
      unsent: unsent.get(...args)!.n,
      toInform: toInform.get(...args)!.n,
      errandCases: e.cases,
      errandBatches: e.batches,
      reprints: reprints.count(config.tellerId, from, to),
      closedAt: closed.get(day, config.tellerId, config.windowNo)?.closed_at ?? null,
      blockers: blockers(),
    };
  }

  return {
    summary,
    /**
     * Closes the day and returns the figures to print. Refused (conflict, one issue per half-done case) while a case
     * is half-done. A day closed already is answered with its figures again (the sheet is then a copy).
     */
    close(date?: string): { closing: DailyClosing; copy: boolean } {
      const s = summary(date);
      if (s.blockers.length > 0) {
        throw new CoreError(
          'conflict',
          `day not closable: ${s.blockers.length} case(s) half-done`,
          'error.dayNotClosable',
          s.blockers.map(closingBlockerIssue),
        );
      }
      if (s.closedAt) return { closing: s, copy: true };
      const at = nowIso(clock);
      db.transaction(() => {
        insertClosing.run(s.date, s.tellerId, s.windowNo, at, JSON.stringify({ ...s, blockers: undefined }));
        audit({ at, actor: config.tellerId, action: 'day.close', detail: { date: s.date, windowNo: s.windowNo, total: s.total, unsent: s.unsent } });
      })();
      return { closing: { ...s, closedAt: at }, copy: false };
    },
  };
}
