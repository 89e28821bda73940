import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

const FILE_RE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** A migration that rebuilds a referenced table starts with this line; it runs with foreign keys off (then checked). */
const FOREIGN_KEYS_OFF = /^-- migrate: foreign-keys-off[ \t]*\r?\n/;

/** Reads `NNNN_name.sql` files from a folder, in order; gaps and duplicate numbers are refused. */
export function loadMigrations(dir: string): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const m = FILE_RE.exec(file);
    if (!m) throw new MigrationError(`migration file name "${file}" does not match NNNN_name.sql`);
    const version = Number(m[1]);
    const expected = migrations.length + 1;
    if (version !== expected) {
      throw new MigrationError(`migration ${file}: expected number ${String(expected).padStart(4, '0')} (no gaps, no duplicates)`);
    }
    const sql = readFileSync(path.join(dir, file), 'utf8');
    const checksum = createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
    migrations.push({ version, name: m[2]!, sql, checksum });
  }
  return migrations;
}

/**
 * Applies pending migrations in order, each in its own transaction, and records each with its checksum.
 * Refuses (throws MigrationError, changing nothing) when an applied migration's file has changed or is missing,
 * or when the database carries migrations newer than this code knows.
 */
export function migrate(db: Database.Database, migrations: Migration[]): { applied: number[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const rows = db
    .prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
    .all() as { version: number; name: string; checksum: string }[];
  const known = new Map(migrations.map((m) => [m.version, m]));
  const newest = migrations.at(-1)?.version ?? 0;
  for (const row of rows) {
    if (row.version > newest) {
      throw new MigrationError(
        `the database is at schema version ${rows.at(-1)!.version} but this build knows only up to ${newest}: ` +
          'it was written by a newer OneWindow; install that version or restore a backup',
      );
    }
    const m = known.get(row.version)!;
    if (m.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${String(row.version).padStart(4, '0')}_${row.name} was changed after it was applied ` +
          '(checksum mismatch); released migrations must never be edited — add a new migration instead',
      );
    }
  }
  const appliedVersions = new Set(rows.map((r) => r.version));
  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of migrations) {
    if (appliedVersions.has(m.version)) continue;
    const rebuildsTables = FOREIGN_KEYS_OFF.test(m.sql);
    // SQLite's procedure for rebuilding a table that others reference: foreign keys off (only possible outside a
    // transaction), rebuild inside the transaction, prove every reference still holds, then foreign keys back on.
    const foreignKeysWereOn = db.pragma('foreign_keys', { simple: true }) === 1;
    if (rebuildsTables && foreignKeysWereOn) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        if (rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
          if (broken.length > 0) {
            throw new MigrationError(
              `migration ${String(m.version).padStart(4, '0')}_${m.name} would break ${broken.length} reference(s), first ${broken[0]!.table} → ${broken[0]!.parent}; nothing was changed`,
            );
          }
        }
        record.run(m.version, m.name, m.checksum, new Date().toISOString());
      })();
    } finally {
      if (rebuildsTables && foreignKeysWereOn) db.pragma('foreign_keys = ON');
    }
    applied.push(m.version);
  }
  return { applied };
}
