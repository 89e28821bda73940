/**
 * The file end of the log pipeline: one file per China calendar day (`onewindow-YYYY-MM-DD.log`),
 * synchronous appends (a line is in the OS's hands when the call returns, so nothing is lost when the
 * process dies right after), files older than the retention deleted when a new day's file opens.
 * Several processes (Electron main and the core) may append to the same file: lines are written whole with
 * O_APPEND.
 */
import { closeSync, openSync, readdirSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir } from '../util/private-files';
import { chinaDate } from '../util/time';

export const LOG_FILE_PREFIX = 'onewindow-';
export const LOG_FILE_RE = /^onewindow-(\d{4}-\d{2}-\d{2})\.log$/;
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3600_000;

export function logFileName(date: string): string {
  return `${LOG_FILE_PREFIX}${date}.log`;
}

/** The China calendar date `days` before `date` (YYYY-MM-DD). */
export function chinaDateMinusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Deletes log files of days older than the retention (today counts as one of the `retentionDays`).
 * Returns the names deleted.
 */
export function pruneLogFiles(dir: string, retentionDays: number, nowMs: number): string[] {
  const oldestKept = chinaDateMinusDays(chinaDate(nowMs), retentionDays - 1);
  const deleted: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return deleted;
  }
  for (const name of names) {
    const m = LOG_FILE_RE.exec(name);
    if (m && m[1]! < oldestKept) {
      try {
        unlinkSync(path.join(dir, name));
        deleted.push(name);
      } catch {
        // in use or already gone: the next day's pruning tries again
      }
    }
  }
  return deleted;
}

export interface DailyFileSinkOptions {
  dir: string;
  retentionDays: number;
  /** Applied to every line before it is written (the redactor). */
  transform?: (line: string) => string;
  clock?: () => number;
}

/** A pino destination (anything with `write(string)`). */
export class DailyFileSink {
  private fd: number | null = null;
  private file = '';
  private rollAt = 0;
  private readonly clock: () => number;
  /** Lines that could not be written (disk full, folder removed); logging never throws at its caller. */
  writeErrors = 0;

  constructor(private readonly options: DailyFileSinkOptions) {
    this.clock = options.clock ?? Date.now;
  }

  currentFile(): string {
    return path.join(this.options.dir, logFileName(chinaDate(this.clock())));
  }

  write(line: string): boolean {
    const out = this.options.transform ? this.options.transform(line) : line;
    try {
      const now = this.clock();
      if (this.fd === null || now >= this.rollAt) this.open(now);
      writeSync(this.fd!, out);
    } catch {
      this.writeErrors++;
      this.closeFile();
    }
    return true;
  }

  close(): void {
    this.closeFile();
  }

  private open(now: number): void {
    this.closeFile();
    ensurePrivateDir(this.options.dir);
    this.file = path.join(this.options.dir, logFileName(chinaDate(now)));
    this.fd = openSync(this.file, 'a', 0o600);
    this.rollAt = Math.floor((now + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS + DAY_MS - CHINA_OFFSET_MS;
    pruneLogFiles(this.options.dir, this.options.retentionDays, now);
  }

  private closeFile(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = null;
    }
  }
}
