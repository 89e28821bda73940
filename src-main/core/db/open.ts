import path from 'node:path';
import Database from 'better-sqlite3';
import { appRoot } from '../util/paths';
import { ensurePrivateDir, ensurePrivateFile } from '../util/private-files';
import { loadMigrations, migrate } from './migrate';

export type Db = Database.Database;

export interface OpenOptions {
  /** Folder of NNNN_name.sql files; defaults to the application's migrations/. */
  migrationsDir?: string;
  readonly?: boolean;
}

/**
 * Opens (creating if needed) the terminal's SQLite database: WAL, synchronous=FULL, foreign keys on,
 * and all migrations applied. Everything committed through it is durable when the call returns.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  // 0600 in a 0700 folder; SQLite gives its -wal and -shm files the database file's mode.
  if (file !== ':memory:' && !options.readonly) {
    ensurePrivateDir(path.dirname(file));
    ensurePrivateFile(file);
  }
  const db = new Database(file, { readonly: options.readonly ?? false });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) migrate(db, loadMigrations(options.migrationsDir ?? path.join(appRoot(), 'migrations')));
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
