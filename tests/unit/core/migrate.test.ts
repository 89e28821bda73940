import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, MigrationError } from '../../../src-main/core/db/migrate';
import { openDatabase } from '../../../src-main/core/db/open';

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
});
