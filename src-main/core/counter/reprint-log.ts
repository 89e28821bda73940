import type { ReprintEntry } from '../../contract';
import type { Db } from '../db/open';
import { PRINT_ACTIONS_SQL } from '../db/journal';

/**
 * The 补打 log: every reprint of a case's documents, read from the audit journal (each print is audited with its
 * copy flag when it is made, in the same process that prints it), so nothing can print without being listed.
 */
export function createReprintLog(db: Db) {
  const ofCase = db.prepare<[string], { at: string; actor: string; action: ReprintEntry['document'] }>(
    `SELECT at, actor, action FROM audit WHERE case_id = ? AND ${PRINT_ACTIONS_SQL} AND json_extract(detail_json, '$.copy') = 1 ORDER BY seq`,
  );
  const countBy = db.prepare<[string, string, string], { n: number }>(
    `SELECT COUNT(*) AS n FROM audit WHERE ${PRINT_ACTIONS_SQL} AND json_extract(detail_json, '$.copy') = 1 AND actor = ? AND at >= ? AND at < ?`,
  );
  return {
    /** Reprints of one case, oldest first. */
    ofCase: (caseId: string): ReprintEntry[] => ofCase.all(caseId).map((r) => ({ at: r.at, actor: r.actor, document: r.action })),
    /** Reprints by one teller in [from, to) (UTC ISO instants). */
    count: (actor: string, from: string, to: string): number => countBy.get(actor, from, to)!.n,
  };
}
