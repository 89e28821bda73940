import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mistake } from '../../../src-main/contract/training';
import { openDatabase, type Db } from '../../../src-main/core/db/open';
import { trainingFigures } from '../../../src-main/core/training/figures';
import { createTrainingProgress } from '../../../src-main/core/training/progress';

let dir = '';
let file = '';
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-figures-'));
  file = path.join(dir, 'onewindow.db');
  db = openDatabase(file);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const material: Mistake = { kind: 'material', ref: 'M02', expected: 'deferred', actual: 'received' };
const form: Mistake = { kind: 'form', ref: 'amount', expected: '100', actual: '10' };
const outcome: Mistake = { kind: 'outcome', expected: 'accepted', actual: 'notified' };
/** A China-time instant on day `d` of December 2026. */
const at = (d: number, hour = 9) => `2026-12-${String(d).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000+08:00`;
const ITEMS = ['SI-01-01', 'SI-01-02', 'SI-04-01'];

/** Takes a teller through an item to the mentor's sign-off (one clean run, the questions), all on day `d`. */
function master(p: ReturnType<typeof createTrainingProgress>, teller: string, item: string, d: number): void {
  p.recordRun(teller, item, `${item}#complete`, [], at(d));
  p.recordQuizPassed(teller, item, at(d));
  p.signOff(teller, item, 'M0007', at(d, 16));
}

describe('training figures (导师和网点的进度)', () => {
  it('counts sign-offs per teller and China day, days to 100%, and mistakes per item from a real database file', () => {
    const p = createTrainingProgress(db, { requiredCleanRuns: 1, unsignedItems: 'cosign' });
    // T0001 starts on 1 Dec with two mistaken runs of SI-01-01, then masters all three items on 2, 2 and 5 Dec.
    p.recordRun('T0001', 'SI-01-01', 'SI-01-01#deferred', [material, form], at(1));
    p.recordRun('T0001', 'SI-01-01', 'SI-01-01#deferred', [material], at(1, 10));
    master(p, 'T0001', 'SI-01-01', 2);
    master(p, 'T0001', 'SI-01-02', 2);
    master(p, 'T0001', 'SI-04-01', 5);
    // T0002 starts on 3 Dec (00:30 China time is still 2 Dec in UTC: the China day counts), one item so far.
    p.recordRun('T0002', 'SI-04-01', 'SI-04-01#refused', [outcome], '2026-12-02T16:30:00.000Z');
    master(p, 'T0002', 'SI-01-02', 4);
    db.close();

    db = openDatabase(file); // what was recorded is read back from the file
    const f = trainingFigures(db, ITEMS, '2026-12-10');

    expect(f.itemCount).toBe(3);
    expect(f.signedOffPerDay).toEqual([
      { tellerId: 'T0001', date: '2026-12-02', signedOff: 2, total: 2 },
      { tellerId: 'T0001', date: '2026-12-05', signedOff: 1, total: 3 },
      { tellerId: 'T0002', date: '2026-12-04', signedOff: 1, total: 1 },
    ]);
    expect(f.tellers).toEqual([
      { tellerId: 'T0001', firstActivity: '2026-12-01', signedOff: 3, share: 1, completedOn: '2026-12-05', days: 4 },
      { tellerId: 'T0002', firstActivity: '2026-12-03', signedOff: 1, share: 1 / 3, completedOn: null, days: 7 },
    ]);
    // Hardest first: SI-01-01 (3 mistakes in 3 runs), SI-04-01 (1 mistake), SI-01-02 (clean only).
    expect(f.mistakesPerItem.map((m) => m.itemCode)).toEqual(['SI-01-01', 'SI-04-01', 'SI-01-02']);
    expect(f.mistakesPerItem[0]).toEqual({
      itemCode: 'SI-01-01',
      runs: 3,
      runsWithMistakes: 2,
      mistakes: 3,
      byKind: { item: 0, applicant: 0, form: 1, material: 2, outcome: 0, feedback: 0 },
    });
    expect(f.mistakesPerItem[1]).toMatchObject({ itemCode: 'SI-04-01', runs: 2, runsWithMistakes: 1, mistakes: 1, byKind: { outcome: 1 } });
    expect(f.mistakesPerItem[2]).toMatchObject({ itemCode: 'SI-01-02', runs: 2, runsWithMistakes: 0, mistakes: 0 });
  });

  it('leaves sign-offs of items no longer in the catalog out of the share, and is empty for an empty database', () => {
    expect(trainingFigures(db, ITEMS, '2026-12-10')).toEqual({ itemCount: 3, signedOffPerDay: [], tellers: [], mistakesPerItem: [] });
    const p = createTrainingProgress(db, { requiredCleanRuns: 1, unsignedItems: 'warn' });
    master(p, 'T0003', 'TAX-99-01', 1);
    master(p, 'T0003', 'SI-01-01', 1);
    const f = trainingFigures(db, ITEMS, '2026-12-01');
    expect(f.tellers).toEqual([{ tellerId: 'T0003', firstActivity: '2026-12-01', signedOff: 1, share: 1 / 3, completedOn: null, days: 0 }]);
    expect(f.signedOffPerDay).toEqual([{ tellerId: 'T0003', date: '2026-12-01', signedOff: 1, total: 1 }]);
  });
});
