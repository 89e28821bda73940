/**
 * The diagnostics bundle remote support asks a branch for: one zip with recent logs, versions, the
 * configuration with secrets removed, queue and line figures, device list and status, the database
 * integrity check result and recent crash records. Everything that goes in passes the log redactor once
 * more (defence in depth: the logs were redacted when written, but a file from an older version or a crash
 * record written by hand would be caught here). Native crash dumps (.dmp) are listed by name and size but
 * never included: they hold process memory, and with it personal data.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { removeSecrets, writeFileAtomic } from '../config/load';
import { chinaDateMinusDays, LOG_FILE_RE } from '../logging/daily-file';
import { redactLine } from '../logging/redact';
import { chinaDate, toChinaTime } from '../util/time';

export interface DiagnosticsInput {
  /** The terminal's log folder. */
  logDir: string;
  /** The SQLite database file, or null when there is none yet. */
  dataDbFile: string | null;
  /** The configuration in force (secrets are removed here). */
  config: unknown;
  /** App, Electron, Node, Chromium, OS, catalog and schema versions. */
  versions: Record<string, unknown>;
  /** Queue and line figures (pending, attention, oldest, last success per endpoint, line state). */
  queueFigures: unknown;
  /** Device list and status. */
  devices: unknown;
  /** Crash record folder, or null. */
  crashDir: string | null;
  /** Where the zip goes. */
  out: string;
  /** Days of logs included, today counted (default 3). */
  logDays?: number;
  /** Upper bound for the log files included, newest kept first (default 50 MB). */
  maxLogBytes?: number;
  /** Crash records included, newest first (default 10). */
  maxCrashRecords?: number;
  now?: number;
}

export interface DiagnosticsResult {
  file: string;
  /** Names of the entries in the zip. */
  entries: string[];
  bytes: number;
}

export interface DatabaseReport {
  file: string | null;
  sizeBytes: number | null;
  /** `['ok']` when the database is sound, else SQLite's findings. */
  integrityCheck: string[] | null;
  pageCount?: number;
  freelistCount?: number;
  userVersion?: number;
  journalMode?: string;
  error?: string;
}

/** `PRAGMA integrity_check` and a few facts about the database, read-only. */
export function checkDatabase(file: string | null): DatabaseReport {
  if (file === null) return { file: null, sizeBytes: null, integrityCheck: null, error: 'no database file configured' };
  const report: DatabaseReport = { file: path.basename(file), sizeBytes: null, integrityCheck: null };
  try {
    report.sizeBytes = statSync(file).size;
  } catch {
    report.error = 'database file not found';
    return report;
  }
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    report.integrityCheck = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    report.pageCount = db.pragma('page_count', { simple: true }) as number;
    report.freelistCount = db.pragma('freelist_count', { simple: true }) as number;
    report.userVersion = db.pragma('user_version', { simple: true }) as number;
    report.journalMode = db.pragma('journal_mode', { simple: true }) as string;
  } catch (err) {
    report.error = `${(err as { code?: string }).code ?? 'error'}: ${(err as Error).message}`;
  } finally {
    db?.close();
  }
  return report;
}

function json(value: unknown): Uint8Array {
  return strToU8(redactLine(JSON.stringify(value, null, 2)) + '\n');
}

function redactedFile(file: string): Uint8Array {
  const text = readFileSync(file, 'utf8');
  return strToU8(text.split('\n').map((l) => (l ? redactLine(l) : l)).join('\n'));
}

function listDir(dir: string | null): string[] {
  if (dir === null) return [];
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Builds the zip and writes it atomically to `out`. */
export function createDiagnosticsBundle(input: DiagnosticsInput): DiagnosticsResult {
  const now = input.now ?? Date.now();
  const logDays = input.logDays ?? 3;
  const maxLogBytes = input.maxLogBytes ?? 50 * 1024 * 1024;
  const zip: Zippable = {};
  const skipped: string[] = [];

  zip['versions.json'] = json(input.versions);
  zip['config.json'] = json(removeSecrets(input.config));
  zip['queue.json'] = json(input.queueFigures);
  zip['devices.json'] = json(input.devices);
  zip['database.json'] = json(checkDatabase(input.dataDbFile));

  const oldest = chinaDateMinusDays(chinaDate(now), logDays - 1);
  const logs = listDir(input.logDir)
    .filter((n) => (LOG_FILE_RE.exec(n)?.[1] ?? '') >= oldest)
    .sort()
    .reverse();
  let logBytes = 0;
  for (const name of logs) {
    const file = path.join(input.logDir, name);
    const size = statSync(file).size;
    if (logBytes + size > maxLogBytes) {
      skipped.push(`logs/${name} (${size} bytes: over the size limit)`);
      continue;
    }
    logBytes += size;
    zip[`logs/${name}`] = redactedFile(file);
  }

  const crashNames = listDir(input.crashDir);
  const records = crashNames.filter((n) => n.endsWith('.json')).sort().reverse().slice(0, input.maxCrashRecords ?? 10);
  for (const name of records) zip[`crashes/${name}`] = redactedFile(path.join(input.crashDir!, name));
  const dumps = crashNames
    .filter((n) => n.endsWith('.dmp'))
    .map((n) => ({ file: n, bytes: statSync(path.join(input.crashDir!, n)).size }));

  const entries = [...Object.keys(zip), 'manifest.json'];
  zip['manifest.json'] = json({
    kind: 'onewindow-diagnostics',
    createdAt: toChinaTime(now),
    logDays,
    entries,
    skipped,
    nativeCrashDumpsNotIncluded: dumps,
  });
  const data = zipSync(zip, { level: 6, mtime: new Date(now) });
  writeFileAtomic(input.out, data);
  return { file: input.out, entries, bytes: data.byteLength };
}
