/**
 * ratingFigures, the rating (好差评) figures reports read: a real SQLite file with the terminal's migrations, ratings
 * written as rows around the period's edges (China midnight), the expected figures counted independently here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/core/db/open';
import { ratingFigures } from '../../../src-main/core/rating/rating-figures';
import { chinaDate } from '../../../src-main/core/util/time';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-rating-figures-'));
  db = openDatabase(path.join(dir, 'onewindow.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Rating {
  id: string;
  itemCode: string;
  tellerId: string;
  level: 1 | 2 | 3 | 4 | 5;
  ratedAt: string;
  followUp: 'follow_up' | 'rectified' | null;
  training: 0 | 1;
  openTodo: boolean;
}

/** Deterministic pseudo-random ratings over 2026-11-28 … 2026-12-03 (UTC), a case and an applicant for each. */
function seed(n: number): Rating[] {
  let x = 42;
  const next = (m: number) => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % m);
  db.prepare(
    `INSERT INTO applicants (id, id_hash, id_type, id_masked, name_masked, created_at, updated_at, personal_enc)
     VALUES ('a1', 'h', 'resident', '330302********1234', '林*', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', x'00')`,
  ).run();
  const insertCase = db.prepare(
    `INSERT INTO cases (id, rev, item_code, kind, endpoint, applicant_id, status, sync_state, teller_id, window_no, accepted_at, updated_at)
     VALUES (?, 1, ?, 'immediate', 'si', 'a1', 'completed', 'synced', ?, 3, ?, ?)`,
  );
  const insertRating = db.prepare(
    `INSERT INTO evaluations (id, case_id, case_rev, item_code, endpoint, teller_id, window_no, level, reasons_json, rated_at, sync_state, follow_up, training)
     VALUES (?, ?, 1, ?, 'si', ?, 3, ?, ?, ?, 'synced', ?, ?)`,
  );
  const insertTodo = db.prepare(`INSERT INTO evaluation_todos (evaluation_id, change_key, kind, received_at) VALUES (?, 'k', 'call_back', ?)`);
  const out: Rating[] = [];
  const base = Date.parse('2026-11-28T00:00:00Z');
  db.transaction(() => {
  for (let i = 0; i < n; i++) {
    const id = `0193a000-0000-7000-8000-${String(i).padStart(12, '0')}`;
    const level = (1 + next(5)) as Rating['level'];
    const bad = level <= 2;
    const r: Rating = {
      id,
      itemCode: ['SI-04-01', 'SI-06-01', 'TAX-30-01'][next(3)]!,
      tellerId: ['T0042', 'T0043'][next(2)]!,
      level,
      ratedAt: new Date(base + next(6 * 24 * 60) * 60_000).toISOString(),
      followUp: bad ? ([null, 'follow_up', 'rectified'] as const)[next(3)]! : null,
      training: next(10) === 0 ? 0 : 1,
      openTodo: false,
    };
    r.openTodo = r.followUp !== null && next(2) === 0;
    insertCase.run(id, r.itemCode, r.tellerId, r.ratedAt, r.ratedAt);
    insertRating.run(id, id, r.itemCode, r.tellerId, r.level, JSON.stringify(bad ? ['E01'] : []), r.ratedAt, r.followUp, r.training);
    if (r.openTodo) insertTodo.run(id, r.ratedAt);
    out.push(r);
  }
  })();
  return out;
}

function expected(rs: Rating[]) {
  const byLevel = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  for (const r of rs) byLevel[r.level]++;
  const satisfied = rs.filter((r) => r.level >= 3).length;
  const bad = rs.filter((r) => r.level <= 2);
  return {
    total: rs.length,
    byLevel,
    satisfied,
    satisfactionRate: rs.length ? satisfied / rs.length : null,
    bad: {
      total: bad.length,
      awaitingFollowUp: bad.filter((r) => r.followUp === null).length,
      followUp: bad.filter((r) => r.followUp === 'follow_up').length,
      rectified: bad.filter((r) => r.followUp === 'rectified').length,
    },
  };
}

describe('ratingFigures', () => {
  it('counts a period of China dates: levels, satisfaction rate, bad ratings and their follow-up, per item and teller', () => {
    const all = seed(400);
    const inPeriod = all.filter((r) => r.training === 1 && chinaDate(Date.parse(r.ratedAt)) >= '2026-11-29' && chinaDate(Date.parse(r.ratedAt)) <= '2026-12-01');
    expect(inPeriod.length).toBeGreaterThan(50);
    const f = ratingFigures(db, { from: '2026-11-29', to: '2026-12-01' }, { training: true });
    expect(f).toMatchObject({ from: '2026-11-29', to: '2026-12-01', ...expected(inPeriod) });
    expect(f.openTodos).toBe(inPeriod.filter((r) => r.openTodo).length);
    for (const code of ['SI-04-01', 'SI-06-01', 'TAX-30-01']) {
      expect(f.perItem.find((i) => i.itemCode === code), code).toMatchObject(expected(inPeriod.filter((r) => r.itemCode === code)));
    }
    for (const teller of ['T0042', 'T0043']) {
      expect(f.perTeller.find((i) => i.tellerId === teller), teller).toMatchObject(expected(inPeriod.filter((r) => r.tellerId === teller)));
    }
    expect(f.perItem.map((i) => i.total)).toEqual([...f.perItem.map((i) => i.total)].sort((a, b) => b - a));
  });

  it('keeps production and practice apart, gives a null rate for an empty period and refuses a period that is not one', () => {
    const all = seed(200);
    const production = all.filter((r) => r.training === 0);
    expect(ratingFigures(db, { from: '2026-11-01', to: '2026-12-31' }, { training: false })).toMatchObject(expected(production));
    const empty = ratingFigures(db, { from: '2027-01-01', to: '2027-01-31' }, { training: true });
    expect(empty).toMatchObject({ total: 0, satisfactionRate: null, perItem: [], perTeller: [], openTodos: 0 });
    expect(() => ratingFigures(db, { from: '2026-12-02', to: '2026-12-01' }, { training: true })).toThrow(RangeError);
    expect(() => ratingFigures(db, { from: '2026-12', to: '2026-12-01' }, { training: true })).toThrow(RangeError);
  });
});
