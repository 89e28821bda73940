import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCatalogService } from '../../../src-main/core/catalog/catalog-service';
import { openDatabase, type Db } from '../../../src-main/core/db/open';
import { createReportService } from '../../../src-main/core/reports/report-service';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-report-warm-'));
  db = openDatabase(path.join(dir, 'onewindow.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const NOW = Date.parse('2026-12-05T03:00:00Z'); // 11:00 in China

function insertCase(id: string, acceptedAt: string, status: string): void {
  db.prepare(
    `INSERT INTO cases (id, rev, item_code, kind, endpoint, applicant_id, status, sync_state, training, teller_id, window_no, accepted_at, updated_at, outcome)
     VALUES (?, 1, 'SI-04-01', 'immediate', 'si', 'ap1', ?, 'synced', 0, 'T0042', 3, ?, ?, 'accepted')`,
  ).run(id, status, acceptedAt, acceptedAt);
}

describe('report day cache warm-up', () => {
  it('computes past days one per step, then rests until the next day; a report of a warmed day reads the cache', () => {
    db.prepare("INSERT INTO applicants (id, id_hash, id_type, id_masked, name_masked, created_at, updated_at, personal_enc) VALUES ('ap1', 'h', 'resident', 'x', 'y', 'now', 'now', x'00')").run();
    insertCase('c1', '2026-12-04T01:00:00.000Z', 'completed'); // 2026-12-04 in China
    insertCase('c2', '2026-12-04T02:00:00.000Z', 'completed');
    insertCase('c3', '2026-12-01T17:00:00.000Z', 'completed'); // 2026-12-02 01:00 in China
    let now = NOW;
    const key = generateKeyPairSync('ed25519').privateKey;
    const reports = createReportService({
      db,
      terminal: { terminalId: '3303-LW-0012-W03', branchCode: '3303-LW-0012', training: false },
      catalog: createCatalogService({ db }),
      signingKey: () => key,
      trustDir: dir,
      clock: () => now,
    });
    const cachedDays = () => (db.prepare('SELECT day FROM report_days ORDER BY day').all() as { day: string }[]).map((r) => r.day);
    expect(reports.warmStep()).toBe(true);
    expect(cachedDays()).toEqual(['2026-12-04']);
    expect(reports.warmStep()).toBe(true);
    expect(cachedDays()).toEqual(['2026-12-02', '2026-12-04']);
    expect(reports.warmStep()).toBe(false);
    expect(reports.warmStep()).toBe(false);

    // A case of a warmed day changes: the report sees it (the cached day is stale and recomputed).
    db.prepare("UPDATE cases SET status = 'withdrawn', updated_at = '2026-12-05T02:00:00.000Z' WHERE id = 'c1'").run();
    expect(reports.figures({ from: '2026-12-01', to: '2026-12-05' }).totals).toMatchObject({ cases: 3, withdrawn: 1, onSpot: 2 });

    // The next day the sweep runs again (and finds everything current).
    now += 86_400_000;
    expect(reports.warmStep()).toBe(false);
    expect(cachedDays()).toEqual(['2026-12-02', '2026-12-04']);
  });
});
