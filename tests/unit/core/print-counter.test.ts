import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditWriter, createPrintCounter, PRINT_ACTIONS_SQL } from '../../../src-main/core/db/journal';
import { openDatabase, type Db } from '../../../src-main/core/db/open';

let db: Db;
beforeEach(() => {
  db = openDatabase(':memory:');
});
afterEach(() => db.close());

describe('print counter', () => {
  it("counts a case's prints per document", () => {
    const audit = createAuditWriter(db);
    const count = createPrintCounter(db);
    const at = new Date().toISOString();
    audit({ at, actor: 'T01', action: 'case.accept', caseId: 'c1' });
    audit({ at, actor: 'T01', action: 'receipt.print', caseId: 'c1' });
    audit({ at, actor: 'T01', action: 'receipt.print', caseId: 'c1' });
    audit({ at, actor: 'T01', action: 'notice.pdf', caseId: 'c1' });
    audit({ at, actor: 'T01', action: 'receipt.print', caseId: 'c2' });
    expect(count('c1', 'receipt.print')).toBe(2);
    expect(count('c1', 'notice.pdf')).toBe(1);
    expect(count('c1', 'notice.print')).toBe(0);
    expect(count('c2', 'receipt.print')).toBe(1);
  });

  it('reads the partial index that only print entries write, not the whole audit table', () => {
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT COUNT(*) AS n FROM audit WHERE case_id = ? AND action = ? AND ${PRINT_ACTIONS_SQL}`)
      .all('c1', 'receipt.print') as { detail: string }[];
    expect(plan.map((r) => r.detail).join(' ')).toMatch(/USING COVERING INDEX audit_prints/);
  });
});
