import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, MigrationError } from '../../../src-main/core/db/migrate';
import { openDatabase } from '../../../src-main/core/db/open';
import { appRoot } from '../../../src-main/core/util/paths';

let dir: string;
let migrations: string;
let dbFile: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-migrate-'));
  migrations = path.join(dir, 'migrations');
  dbFile = path.join(dir, 'test.db');
  mkdirSync(migrations);
  writeFileSync(path.join(migrations, '0001_first.sql'), 'CREATE TABLE a (x INTEGER);');
  writeFileSync(path.join(migrations, '0002_second.sql'), 'CREATE TABLE b (y INTEGER); INSERT INTO a VALUES (1);');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

describe('migration runner', () => {
  it('applies migrations in order, once, and records their checksums', () => {
    const db = new Database(dbFile);
    expect(migrate(db, loadMigrations(migrations)).applied).toEqual([1, 2]);
    expect(tables(db)).toEqual(['a', 'b', 'schema_migrations']);
    expect(db.prepare('SELECT COUNT(*) AS n FROM a').get()).toEqual({ n: 1 });
    expect(migrate(db, loadMigrations(migrations)).applied).toEqual([]);
    const rows = db.prepare('SELECT version, checksum FROM schema_migrations').all() as { version: number; checksum: string }[];
    expect(rows.map((r) => r.version)).toEqual([1, 2]);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
    db.close();
  });

  it('applies only what is new', () => {
    const db = new Database(dbFile);
    migrate(db, loadMigrations(migrations));
    writeFileSync(path.join(migrations, '0003_third.sql'), 'CREATE TABLE c (z INTEGER);');
    expect(migrate(db, loadMigrations(migrations)).applied).toEqual([3]);
    db.close();
  });

  it('refuses to start when an applied migration was changed', () => {
    const db = new Database(dbFile);
    migrate(db, loadMigrations(migrations));
    appendFileSync(path.join(migrations, '0001_first.sql'), '\n-- edited after release');
    expect(() => migrate(db, loadMigrations(migrations))).toThrow(/0001_first was changed after it was applied/);
    db.close();
  });

  it('refuses a database newer than the code', () => {
    const db = new Database(dbFile);
    writeFileSync(path.join(migrations, '0003_third.sql'), 'CREATE TABLE c (z INTEGER);');
    migrate(db, loadMigrations(migrations));
    rmSync(path.join(migrations, '0003_third.sql'));
    expect(() => migrate(db, loadMigrations(migrations))).toThrow(MigrationError);
    expect(() => migrate(db, loadMigrations(migrations))).toThrow(/schema version 3 .* knows only up to 2/);
    db.close();
  });

  it('rolls back a failing migration and records nothing of it', () => {
    writeFileSync(path.join(migrations, '0003_broken.sql'), 'CREATE TABLE c (z INTEGER); INSERT INTO nowhere VALUES (1);');
    const db = new Database(dbFile);
    expect(() => migrate(db, loadMigrations(migrations))).toThrow(/nowhere/);
    expect(tables(db)).not.toContain('c');
    expect((db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(2);
    db.close();
  });

  it('refuses gaps and badly named files', () => {
    writeFileSync(path.join(migrations, '0004_gap.sql'), 'SELECT 1;');
    expect(() => loadMigrations(migrations)).toThrow(/expected number 0003/);
    rmSync(path.join(migrations, '0004_gap.sql'));
    writeFileSync(path.join(migrations, 'third.sql'), 'SELECT 1;');
    expect(() => loadMigrations(migrations)).toThrow(/does not match/);
  });

  it('opens the real database in WAL mode with synchronous=FULL and every project migration applied', () => {
    const db = openDatabase(dbFile);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    for (const t of ['applicants', 'cases', 'case_events', 'outbox', 'audit']) expect(tables(db)).toContain(t);
    db.close();
  });

  const REBUILD_B = `-- migrate: foreign-keys-off
CREATE TABLE b_new (id INTEGER PRIMARY KEY, label TEXT NOT NULL) STRICT, WITHOUT ROWID;
INSERT INTO b_new SELECT id, 'x' || id FROM b;
DROP TABLE b;
ALTER TABLE b_new RENAME TO b;`;

  function parentAndChild(): Database.Database {
    writeFileSync(path.join(migrations, '0002_second.sql'), 'CREATE TABLE b (id INTEGER PRIMARY KEY) STRICT; CREATE TABLE c (b_id INTEGER NOT NULL REFERENCES b(id)) STRICT;');
    const db = new Database(dbFile);
    db.pragma('foreign_keys = ON');
    migrate(db, loadMigrations(migrations));
    db.exec('INSERT INTO b VALUES (1), (2); INSERT INTO c VALUES (1), (2), (2);');
    return db;
  }

  it('rebuilds a referenced table with foreign keys off, proves every reference, and turns them back on', () => {
    const db = parentAndChild();
    writeFileSync(path.join(migrations, '0003_rebuild.sql'), REBUILD_B);
    expect(migrate(db, loadMigrations(migrations)).applied).toEqual([3]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare('SELECT id, label FROM b ORDER BY id').all()).toEqual([{ id: 1, label: 'x1' }, { id: 2, label: 'x2' }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // The children still reference the rebuilt table: a dangling child is refused again.
    expect(() => db.exec('INSERT INTO c VALUES (9)')).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('refuses a rebuild that would leave a dangling reference, and changes nothing', () => {
    const db = parentAndChild();
    writeFileSync(path.join(migrations, '0003_rebuild.sql'), REBUILD_B.replace('FROM b;', 'FROM b WHERE id = 1;'));
    expect(() => migrate(db, loadMigrations(migrations))).toThrow(/would break 2 reference\(s\), first c → b; nothing was changed/);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(tables(db)).toEqual(['a', 'b', 'c', 'schema_migrations']);
    expect(db.prepare('SELECT COUNT(*) AS n FROM b').get()).toEqual({ n: 2 });
    expect(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: 2 });
    db.close();
  });

  it('the directive counts only as the first line of a migration', () => {
    const db = parentAndChild();
    writeFileSync(path.join(migrations, '0003_rebuild.sql'), `-- rebuild b\n${REBUILD_B}`);
    // With foreign keys on, dropping the referenced table is refused and the migration rolls back.
    expect(() => migrate(db, loadMigrations(migrations))).toThrow(/FOREIGN KEY/);
    expect(db.prepare('SELECT COUNT(*) AS n FROM b').get()).toEqual({ n: 2 });
    db.close();
  });

  it('migration 0004 keeps every case, outbox row and reference of a database written by the release before it', () => {
    const projectMigrations = path.join(appRoot(), 'migrations');
    rmSync(migrations, { recursive: true });
    mkdirSync(migrations);
    for (const f of readdirSync(projectMigrations).filter((f) => /^000[1-3]_/.test(f))) copyFileSync(path.join(projectMigrations, f), path.join(migrations, f));
    const old = openDatabase(dbFile, { migrationsDir: migrations });
    const at = '2026-11-20T02:00:00.000Z';
    old.prepare("INSERT INTO applicants (id, id_hash, id_type, id_masked, name_masked, created_at, updated_at, personal_enc) VALUES ('ap1', 'h1', 'resident', '330302********1234', '张*', ?, ?, x'01')").run(at, at);
    const insertCase = old.prepare(
      `INSERT INTO cases (id, rev, item_code, kind, endpoint, applicant_id, status, sync_state, case_no, teller_id, window_no, accepted_at, updated_at, body_enc)
       VALUES (?, 1, 'SI-04-01', 'commitment', 'si', 'ap1', ?, ?, ?, 'T01', 3, ?, ?, ?)`,
    );
    insertCase.run('c1', 'approved', 'synced', 'SB-1', at, at, null);
    insertCase.run('c2', 'notified', 'local', null, at, at, Buffer.from([1, 2, 3]));
    old.prepare("INSERT INTO outbox (case_id, rev, endpoint, idempotency_key, state, next_attempt_at, created_at, body_enc) VALUES ('c1', 1, 'si', 'c1:1', 'sent', ?, ?, x'02')").run(at, at);
    old.prepare("INSERT INTO case_events (case_id, at, type) VALUES ('c1', ?, 'synced')").run(at);
    const acceptance = old.prepare("INSERT INTO audit (at, actor, action, case_id, detail_json) VALUES (?, 'T01', ?, ?, ?)");
    acceptance.run(at, 'case.accept', 'c1', JSON.stringify({ itemCode: 'SI-04-01', rev: 1, outcome: 'accepted', missing: [], deferred: [] }));
    acceptance.run(at, 'case.notify', 'c2', JSON.stringify({ itemCode: 'SI-04-01', rev: 1, outcome: 'notified', missing: ['M01', 'M03'], deferred: [] }));
    const before = old.prepare('SELECT * FROM cases ORDER BY id').all() as Record<string, unknown>[];
    old.close();

    const db = openDatabase(dbFile); // every project migration
    // Every column the cases had is kept as it was (later migrations only add columns).
    expect(db.prepare(`SELECT ${Object.keys(before[0]!).join(', ')} FROM cases ORDER BY id`).all()).toEqual(before);
    // The report's columns are filled from the acceptance audit entries (outcome, reasons) and the status.
    expect(db.prepare('SELECT id, outcome, reasons, decided_at FROM cases ORDER BY id').all()).toEqual([
      { id: 'c1', outcome: 'accepted', reasons: null, decided_at: at },
      { id: 'c2', outcome: 'refused', reasons: 'M01,M03', decided_at: null },
    ]);
    expect((db.prepare("SELECT sql FROM sqlite_master WHERE name = 'cases'").get() as { sql: string }).sql).toMatch(/WITHOUT ROWID/);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(() => db.prepare("INSERT INTO outbox (case_id, rev, endpoint, idempotency_key, next_attempt_at, created_at, body_enc) VALUES ('nope', 1, 'si', 'nope:1', ?, ?, x'00')").run(at, at)).toThrow(/FOREIGN KEY/);
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases' AND sql IS NOT NULL ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual(['cases_accepted', 'cases_applicant', 'cases_attention', 'cases_case_no', 'cases_to_inform']);
    // Migration 0010 numbers the cases already taken, per China day and window, in the order they were taken.
    expect(db.prepare('SELECT id, reg_no FROM cases ORDER BY id').all()).toEqual([
      { id: 'c1', reg_no: 'DJ20261120-03-001' },
      { id: 'c2', reg_no: 'DJ20261120-03-002' },
    ]);
    db.close();
  });
});
