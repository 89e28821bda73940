/**
 * Reading a terminal's log folder: the in-app log viewer (support role) and the command-line reader use
 * this. Lines are the JSON written by logger.ts; lines that are not JSON (a torn last line) are skipped.
 */
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chinaDate } from '../util/time';
import { LOG_FILE_RE } from './daily-file';
import { LEVEL_VALUES, LOG_LEVELS, type LogLevel } from './types';

export interface LogEntry {
  /** RFC 3339 time as written (China time with +08:00). */
  time: string;
  /** Milliseconds since the epoch (NaN when the line has no usable time). */
  ms: number;
  level: LogLevel;
  component: string;
  terminalId?: string;
  caseId?: string;
  msg: string;
  /** Every other field of the line. */
  fields: Record<string, unknown>;
}

export interface LogFilter {
  /** Earliest time: ms, Date, or text accepted by `parseTime` (`2h`, `30m`, `7d`, ISO). */
  since?: number | Date | string;
  until?: number | Date | string;
  /** Minimum level. */
  level?: LogLevel;
  /** Component, or its parent: `sync` matches `sync` and `sync.outbox`. */
  component?: string;
  /** Case id, or its leading characters (at least 8). */
  caseId?: string;
  /** Text that must occur in the message (case-insensitive). */
  text?: string;
  /** Only the last `limit` matching entries (readLogs). */
  limit?: number;
}

const STANDARD_KEYS = new Set(['time', 'level', 'component', 'terminalId', 'caseId', 'msg', 'pid', 'hostname']);
const LABEL_BY_VALUE = new Map(Object.entries(LEVEL_VALUES).map(([k, v]) => [v, k as LogLevel]));

/** `2h`, `30m`, `45s`, `7d` before now, or an ISO time (a date alone is China midnight). */
export function parseTime(value: number | Date | string, now: number = Date.now()): number {
  if (typeof value === 'number') return value;
  if (value instanceof Date) return value.getTime();
  const rel = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/i.exec(value.trim());
  if (rel) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[2]!.toLowerCase() as 's' | 'm' | 'h' | 'd'];
    const ms = now - Number(rel[1]) * unit;
    if (ms < 0) throw new Error(`not a time: "${value}" reaches before 1970`);
    return ms;
  }
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? `${value.trim()}T00:00:00+08:00` : value.trim();
  const ms = Date.parse(text);
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`not a time: "${value}" (use e.g. 2h, 30m, 7d or 2026-11-28T09:00:00+08:00)`);
  return ms;
}

function levelOf(raw: unknown): LogLevel | null {
  if (typeof raw === 'number') return LABEL_BY_VALUE.get(raw) ?? null;
  if (typeof raw === 'string' && (LOG_LEVELS as readonly string[]).includes(raw)) return raw as LogLevel;
  return null;
}

/** One line of a log file, or null when it is not a log line. */
export function parseLogLine(line: string): LogEntry | null {
  if (!line.startsWith('{')) return null;
  let obj: Record<string, unknown>;
  try {
    obj = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (obj === null || typeof obj !== 'object') return null;
  const level = levelOf(obj.level);
  if (level === null) return null;
  const time = typeof obj.time === 'number' ? new Date(obj.time).toISOString() : String(obj.time ?? '');
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (!STANDARD_KEYS.has(k)) fields[k] = v;
  const entry: LogEntry = {
    time,
    ms: Date.parse(time),
    level,
    component: typeof obj.component === 'string' ? obj.component : '',
    msg: typeof obj.msg === 'string' ? obj.msg : '',
    fields,
  };
  if (typeof obj.terminalId === 'string') entry.terminalId = obj.terminalId;
  if (typeof obj.caseId === 'string') entry.caseId = obj.caseId;
  return entry;
}

interface ResolvedFilter {
  since: number | null;
  until: number | null;
  minLevel: number;
  component: string | null;
  caseId: string | null;
  text: string | null;
}

/** A filter that cannot be read, naming its field. */
export class LogFilterError extends Error {
  constructor(
    readonly field: keyof LogFilter,
    message: string,
  ) {
    super(message);
    this.name = 'LogFilterError';
  }
}

function filterTime(field: 'since' | 'until', value: LogFilter['since'], now: number): number | null {
  if (value === undefined) return null;
  try {
    return parseTime(value, now);
  } catch (err) {
    throw new LogFilterError(field, (err as Error).message);
  }
}

function resolve(filter: LogFilter, now: number): ResolvedFilter {
  if (filter.level !== undefined && !(LOG_LEVELS as readonly string[]).includes(filter.level)) {
    throw new LogFilterError('level', `level must be one of ${LOG_LEVELS.join(', ')}; got "${filter.level}"`);
  }
  if (filter.caseId !== undefined && filter.caseId.length < 8) {
    throw new LogFilterError('caseId', 'case id: give at least its first 8 characters');
  }
  return {
    since: filterTime('since', filter.since, now),
    until: filterTime('until', filter.until, now),
    minLevel: filter.level === undefined ? 0 : LEVEL_VALUES[filter.level],
    component: filter.component ?? null,
    caseId: filter.caseId?.toLowerCase() ?? null,
    text: filter.text?.toLowerCase() ?? null,
  };
}

function matches(e: LogEntry, f: ResolvedFilter): boolean {
  if (LEVEL_VALUES[e.level] < f.minLevel) return false;
  if (f.since !== null && !(e.ms >= f.since)) return false;
  if (f.until !== null && !(e.ms <= f.until)) return false;
  if (f.component !== null && e.component !== f.component && !e.component.startsWith(f.component + '.')) return false;
  if (f.caseId !== null && !(e.caseId ?? '').toLowerCase().startsWith(f.caseId)) return false;
  if (f.text !== null && !e.msg.toLowerCase().includes(f.text)) return false;
  return true;
}

/** Tests one entry against a filter. */
export function entryMatches(entry: LogEntry, filter: LogFilter, now: number = Date.now()): boolean {
  return matches(entry, resolve(filter, now));
}

/** The folder's log files (full paths), oldest first, limited to the days the time range touches. */
export async function listLogFiles(dir: string, since: number | null = null, until: number | null = null): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const first = since === null ? null : chinaDate(since);
  const last = until === null ? null : chinaDate(until);
  return names
    .map((n) => ({ n, date: LOG_FILE_RE.exec(n)?.[1] }))
    .filter((x): x is { n: string; date: string } => x.date !== undefined)
    .filter((x) => (first === null || x.date >= first) && (last === null || x.date <= last))
    .sort((a, b) => (a.date < b.date ? -1 : 1))
    .map((x) => path.join(dir, x.n));
}

/** The matching entries, oldest first (with `limit`, the last ones). */
export async function readLogs(dir: string, filter: LogFilter = {}, now: number = Date.now()): Promise<LogEntry[]> {
  const f = resolve(filter, now);
  const out: LogEntry[] = [];
  const limit = filter.limit ?? Infinity;
  for (const file of await listLogFiles(dir, f.since, f.until)) {
    const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of rl) {
      const e = parseLogLine(line);
      if (e !== null && matches(e, f)) {
        out.push(e);
        if (out.length > limit * 2 && limit !== Infinity) out.splice(0, out.length - limit);
      }
    }
  }
  return limit === Infinity ? out : out.slice(-limit);
}

export interface FollowHandle {
  stop(): void;
  /** Resolves once the lines present when following began have been delivered. */
  ready: Promise<void>;
}

/**
 * Delivers the matching entries already in the folder, then every new one as it is written (polling,
 * which works the same on every file system), moving on to the next day's file when it appears.
 */
export function followLogs(
  dir: string,
  filter: LogFilter,
  onEntry: (entry: LogEntry) => void,
  options: { intervalMs?: number; now?: number } = {},
): FollowHandle {
  const f = resolve(filter, options.now ?? Date.now());
  const interval = options.intervalMs ?? 500;
  let file: string | null = null;
  let offset = 0;
  let rest = Buffer.alloc(0);
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  async function drain(target: string): Promise<void> {
    const size = (await stat(target)).size;
    if (size < offset) offset = 0; // truncated or replaced
    if (size === offset) return;
    const fh = await open(target, 'r');
    try {
      const buf = Buffer.alloc(size - offset);
      const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
      offset += bytesRead;
      let data = Buffer.concat([rest, buf.subarray(0, bytesRead)]);
      let nl = data.indexOf(10);
      while (nl !== -1) {
        const e = parseLogLine(data.subarray(0, nl).toString('utf8'));
        if (e !== null && matches(e, f) && !stopped) onEntry(e);
        data = data.subarray(nl + 1);
        nl = data.indexOf(10);
      }
      rest = Buffer.from(data);
    } finally {
      await fh.close();
    }
  }

  async function tick(): Promise<void> {
    const files = await listLogFiles(dir, f.since, f.until);
    if (file === null && files.length === 0) return;
    const start = file === null ? 0 : Math.max(0, files.indexOf(file));
    for (let i = start; i < files.length; i++) {
      if (files[i] !== file) {
        if (file !== null) await drain(file).catch(() => {});
        file = files[i]!;
        offset = 0;
        rest = Buffer.alloc(0);
      }
      await drain(file).catch(() => {});
    }
  }

  async function loop(): Promise<void> {
    if (stopped) return;
    try {
      await tick();
    } catch {
      // folder briefly missing: try again next time
    }
    if (!stopped) timer = setTimeout(() => void loop(), interval);
  }

  const ready = tick().catch(() => {});
  void ready.then(() => {
    if (!stopped) timer = setTimeout(() => void loop(), interval);
  });
  return {
    ready,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** One entry as a line for people: `2026-11-28 09:15:02.120 WARN  sync [case 0190a1b2] message {fields}`. */
export function formatEntry(e: LogEntry): string {
  const time = e.time.replace('T', ' ').replace(/(\.\d{3})?(Z|[+-]\d{2}:\d{2})$/, '$1');
  const parts = [time, e.level.toUpperCase().padEnd(5), e.component || '-'];
  if (e.caseId) parts.push(`[case ${e.caseId.slice(0, 8)}]`);
  parts.push(e.msg);
  const { err, ...other } = e.fields;
  if (Object.keys(other).length > 0) parts.push(JSON.stringify(other));
  let text = parts.join(' ');
  if (err && typeof err === 'object') {
    const { stack, message, type } = err as { stack?: string; message?: string; type?: string };
    text += '\n    ' + (stack ?? `${type ?? 'Error'}: ${message ?? ''}`).split('\n').join('\n    ');
  }
  return text;
}
