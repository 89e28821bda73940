import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../src-main/contract';
import type { Mistake } from '../../../src-main/contract/training';
import { openDatabase, type Db } from '../../../src-main/core/db/open';
import { createTrainingProgress } from '../../../src-main/core/training/progress';

let dir = '';
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-progress-'));
  db = openDatabase(path.join(dir, 'onewindow.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const mistake: Mistake = { kind: 'material', ref: 'M02', expected: 'deferred', actual: 'received' };
const at = (day: number) => `2026-12-${String(day).padStart(2, '0')}T09:00:00.000+08:00`;

describe('training progress (逐项考核)', () => {
  it('goes studied → practised only after N clean runs and the questions, then a mentor signs off', () => {
    const p = createTrainingProgress(db, { requiredCleanRuns: 2, unsignedItems: 'cosign' });
    expect(p.get('T0001', 'SI-01-01').stage).toBe('new');
    expect(p.recordRun('T0001', 'SI-01-01', 'SI-01-01#deferred', [mistake], at(1)).stage).toBe('studied');
    expect(p.recordRun('T0001', 'SI-01-01', 'SI-01-01#deferred', [], at(1)).cleanRuns).toBe(1);
    expect(() => p.signOff('T0001', 'SI-01-01', 'M0001', at(1))).toThrow(CoreError);
    expect(p.recordRun('T0001', 'SI-01-01', 'SI-01-01#complete', [], at(2)).stage).toBe('studied'); // questions not passed yet
    const practised = p.recordQuizPassed('T0001', 'SI-01-01', at(3));
    expect(practised).toMatchObject({ stage: 'practised', cleanRuns: 2, quizPassed: true, practisedAt: at(3), studiedAt: at(1) });
    expect(p.gate('T0001', 'SI-01-01')).toEqual({ allowed: false, needs: 'cosign' });
    expect(p.signOff('T0001', 'SI-01-01', 'M0001', at(4))).toMatchObject({ stage: 'signed_off', signedOffBy: 'M0001', signedOffAt: at(4) });
    expect(p.gate('T0001', 'SI-01-01')).toEqual({ allowed: true });
    expect(p.gate('T0001', 'SI-01-02')).toEqual({ allowed: false, needs: 'cosign' });
  });

  it('refuses a sign-off by the teller themself, and warns instead of co-signing where the branch says so', () => {
    const p = createTrainingProgress(db, { requiredCleanRuns: 1, unsignedItems: 'warn' });
    p.recordQuizPassed('T0001', 'TAX-01-01', at(1));
    p.recordRun('T0001', 'TAX-01-01', 'TAX-01-01#complete', [], at(1));
    expect(() => p.signOff('T0001', 'TAX-01-01', 'T0001', at(2))).toThrow(/cannot sign off their own/);
    expect(p.gate('T0001', 'TAX-01-01')).toEqual({ allowed: false, needs: 'warning' });
  });

  it('keeps only the kinds of mistakes of a run, never the values typed', () => {
    const p = createTrainingProgress(db, { requiredCleanRuns: 1, unsignedItems: 'warn' });
    p.recordRun('T0001', 'SI-01-01', 'SI-01-01#complete', [{ kind: 'form', ref: 'monthlyWageFen', expected: '500000', actual: '123456' }], at(1));
    const rows = db.prepare('SELECT mistakes_json FROM training_runs').all() as { mistakes_json: string }[];
    expect(rows.map((r) => JSON.parse(r.mistakes_json))).toEqual([[{ kind: 'form', ref: 'monthlyWageFen' }]]);
  });
});

describe('reading progress', () => {
  it('leaves no row behind for an item never touched, so the matrix lists only what was started', () => {
    const p = createTrainingProgress(db, { requiredCleanRuns: 1, unsignedItems: 'warn' });
    expect(p.get('T0001', 'SI-01-01').stage).toBe('new');
    expect(p.all()).toEqual([]);
    // Nor does a refused sign-off (an unknown teller, an item not practised).
    expect(() => p.signOff('NOSUCH', 'SI-01-01', 'M0002', at(1))).toThrow(/not practised/);
    expect(p.all()).toEqual([]);
    p.markStudied('T0001', 'SI-01-02', at(1));
    expect(p.all().map((r) => r.itemCode)).toEqual(['SI-01-02']);
  });
});
