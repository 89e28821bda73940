import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditFile } from '../../../src-main/core/db/audit-verify-cli';
import { createAuditWriter } from '../../../src-main/core/db/journal';
import { openDatabase, type Db } from '../../../src-main/core/db/open';
import { appRoot } from '../../../src-main/core/util/paths';

let dir: string;
let db: Db;
const file = () => path.join(dir, 'onewindow.db');

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-audit-'));
  db = openDatabase(file());
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function writeSome(n: number): void {
  const audit = createAuditWriter(db);
  for (let i = 0; i < n; i++) audit({ at: `2026-12-05T0${i % 10}:00:00.000Z`, actor: 'T0042', action: 'case.accept', caseId: `c${i}`, detail: { rev: 1, i } });
}

function cli(): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src-main/core/db/audit-verify-cli.ts', '--data-dir', dir], { cwd: appRoot(), encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('tamper-evident audit', () => {
  it('every row carries the hash of the one before; the check passes on an untouched trail', () => {
    writeSome(20);
    const rows = db.prepare('SELECT seq, prev_hash, hash FROM audit ORDER BY seq').all() as { seq: number; prev_hash: string; hash: string }[];
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    db.close();
    expect(verifyAuditFile(file())).toMatchObject({ ok: true, rows: 20, chained: 20 });
    const r = cli();
    expect(r.status).toBe(0);
    expect(r.out).toContain('audit chain intact: 20 rows');
  });

  it('a row edited with plain SQLite is found and named', () => {
    writeSome(20);
    db.close();
    const raw = new Database(file());
    raw.prepare("UPDATE audit SET actor = 'T9999' WHERE seq = 7").run();
    raw.close();
    expect(verifyAuditFile(file())).toMatchObject({ ok: false, brokenAt: 7 });
    const r = cli();
    expect(r.status).toBe(1);
    expect(r.out).toContain('BROKEN at row seq=7');
  });

  it('a deleted row, or a row re-hashed by someone without the rest of the chain, is found', () => {
    writeSome(10);
    db.close();
    const raw = new Database(file());
    raw.prepare('DELETE FROM audit WHERE seq = 4').run();
    raw.close();
    expect(verifyAuditFile(file())).toMatchObject({ ok: false, brokenAt: 5 });

    const raw2 = new Database(file());
    raw2.prepare('UPDATE audit SET hash = NULL, prev_hash = NULL WHERE seq = 8').run();
    raw2.close();
    expect(verifyAuditFile(file())).toMatchObject({ ok: false, brokenAt: 5 });
  });

  it('a rolled-back transaction does not fork the chain, and a second writer on the same file is followed', () => {
    const audit = createAuditWriter(db);
    expect(createAuditWriter(db)).toBe(audit); // one writer per connection: modules share the tail
    audit({ at: 'a', actor: 'T0042', action: 'x' });
    expect(() =>
      db.transaction(() => {
        audit({ at: 'b', actor: 'T0042', action: 'rolled.back' });
        throw new Error('rollback');
      })(),
    ).toThrow('rollback');
    audit({ at: 'c', actor: 'T0042', action: 'y' });
    const other = openDatabase(file());
    createAuditWriter(other)({ at: 'd', actor: 'system', action: 'other.connection' });
    other.close();
    audit({ at: 'e', actor: 'T0042', action: 'z' });
    db.close();
    expect(verifyAuditFile(file())).toMatchObject({ ok: true, rows: 4 });
  });

  it('rows from before the chain existed are accepted only at the start', () => {
    db.prepare("INSERT INTO audit (at, actor, action) VALUES ('old', 'T0042', 'legacy')").run();
    writeSome(3);
    db.close();
    expect(verifyAuditFile(file())).toMatchObject({ ok: true, rows: 4, chained: 3, unchainedBefore: 1 });
  });
});

