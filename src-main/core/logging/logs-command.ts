/**
 * The log reader for support on the machine: `npm run logs -- [--dir D] [--since 2h|ISO] [--until ...]
 * [--level warn] [--case ID] [--component C] [--grep TEXT] [--limit N] [--json] [--follow]`.
 * The installed app runs the same command when started with `--logs` (Electron main calls `runLogsCommand`).
 */
import { parseArgs } from 'node:util';
import { defaultLogDir } from './location';
import { followLogs, formatEntry, readLogs, type LogEntry, type LogFilter } from './reader';
import { LOG_LEVELS, type LogLevel } from './types';

export const LOGS_USAGE = `usage: logs [--dir D] [--since 2h|30m|7d|ISO] [--until ISO] [--level ${LOG_LEVELS.join('|')}]
            [--case CASE_ID] [--component C] [--grep TEXT] [--limit N] [--json] [--follow]
Prints the terminal's log lines (oldest first). Default folder: ONEWINDOW_LOG_DIR, else
$ONEWINDOW_DATA_DIR/logs, else .data/logs of the application.`;

export interface LogsCommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Resolves when following should stop (default: SIGINT/SIGTERM). */
  until?: Promise<void>;
}

/** Runs the reader; resolves to the process exit code. */
export async function runLogsCommand(argv: string[], io: LogsCommandIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        dir: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        level: { type: 'string' },
        case: { type: 'string' },
        component: { type: 'string' },
        grep: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean', default: false },
        follow: { type: 'boolean', short: 'f', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    io.err(`${(err as Error).message}\n${LOGS_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(LOGS_USAGE);
    return 0;
  }
  const filter: LogFilter = {};
  if (values.since !== undefined) filter.since = values.since;
  if (values.until !== undefined) filter.until = values.until;
  if (values.level !== undefined) filter.level = values.level as LogLevel;
  if (values.case !== undefined) filter.caseId = values.case;
  if (values.component !== undefined) filter.component = values.component;
  if (values.grep !== undefined) filter.text = values.grep;
  if (values.limit !== undefined) {
    const n = Number(values.limit);
    if (!Number.isInteger(n) || n <= 0) {
      io.err('--limit: a positive whole number');
      return 2;
    }
    filter.limit = n;
  }
  const dir = values.dir ?? defaultLogDir();
  const print = (e: LogEntry) => io.out(values.json ? JSON.stringify(e) : formatEntry(e));
  try {
    if (!values.follow) {
      for (const e of await readLogs(dir, filter)) print(e);
      return 0;
    }
    const handle = followLogs(dir, filter, print);
    await handle.ready;
    await (io.until ??
      new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      }));
    handle.stop();
    return 0;
  } catch (err) {
    io.err((err as Error).message);
    return 2;
  }
}
