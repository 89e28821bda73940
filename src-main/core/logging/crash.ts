/**
 * Crash handling for a Node process (the core, the web host): uncaught exceptions and unhandled rejections
 * are logged at fatal level with their stack (redacted at the sink like every line) and a crash record is
 * written to the local crash folder (redacted the same way). Nothing is uploaded anywhere. By default the
 * process then exits with code 70, so that its parent (Electron main restarts the core) starts it afresh
 * from a known state.
 */
import { readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { redactLine } from './redact';
import type { Logger } from './types';
import { ensurePrivateDir } from '../util/private-files';

export const CRASH_FILE_RE = /^crash-.+\.json$/;
export const CRASH_EXIT_CODE = 70; // EX_SOFTWARE

export interface CrashHandlerOptions {
  crashDir: string;
  /** Which process this is (core, webhost, main). */
  component?: string;
  /** Exit after recording (default true). */
  exit?: boolean;
  /** Crash records kept (newest first, default 20). */
  keep?: number;
  /** The process to watch (tests pass their own emitter-compatible object; default `process`). */
  proc?: NodeJS.Process;
}

export interface CrashRecord {
  time: string;
  kind: 'uncaughtException' | 'unhandledRejection';
  component: string;
  pid: number;
  /** The error's class (`TypeError`), or the type of a non-Error reason. */
  type: string;
  message: string;
  stack: string | null;
  versions: { node: string; electron: string | null; platform: string; arch: string };
}

function describe(reason: unknown): { type: string; message: string; stack: string | null } {
  if (reason instanceof Error) {
    return { type: reason.name, message: reason.message, stack: reason.stack ?? null };
  }
  let message: string;
  try {
    message = typeof reason === 'string' ? reason : JSON.stringify(reason) ?? String(reason);
  } catch {
    message = String(reason);
  }
  return { type: typeof reason, message, stack: null };
}

/** Writes one crash record (redacted) and prunes old ones; returns its path. */
export function writeCrashRecord(crashDir: string, record: CrashRecord, keep = 20): string {
  ensurePrivateDir(crashDir);
  const stamp = record.time.replace(/[:.]/g, '-');
  const file = path.join(crashDir, `crash-${stamp}-${record.component}-${record.pid}.json`);
  writeFileSync(file, redactLine(JSON.stringify(record)) + '\n', { mode: 0o600 });
  const records = readdirSync(crashDir).filter((n) => CRASH_FILE_RE.test(n)).sort().reverse();
  for (const old of records.slice(keep)) {
    try {
      unlinkSync(path.join(crashDir, old));
    } catch {
      // already gone
    }
  }
  return file;
}

/** Installs the handlers; returns a function that removes them. */
export function installCrashHandlers(logger: Logger, options: CrashHandlerOptions): () => void {
  const proc = options.proc ?? process;
  const component = options.component ?? 'core';
  const exit = options.exit ?? true;

  function record(kind: CrashRecord['kind'], reason: unknown): void {
    const d = describe(reason);
    try {
      logger.fatal({ err: reason instanceof Error ? reason : d, kind, outcome: exit ? 'exit' : 'continue' }, 'fatal error in the process');
    } catch {
      // the logger itself failed: the crash record below still tells the story
    }
    try {
      writeCrashRecord(
        options.crashDir,
        {
          time: new Date().toISOString(),
          kind,
          component,
          pid: proc.pid,
          ...d,
          versions: {
            node: proc.versions.node,
            electron: proc.versions.electron ?? null,
            platform: proc.platform,
            arch: proc.arch,
          },
        },
        options.keep,
      );
    } catch {
      // no disk: nothing more can be done
    }
    if (exit) proc.exit(CRASH_EXIT_CODE);
  }

  const onException = (err: unknown) => record('uncaughtException', err);
  const onRejection = (reason: unknown) => record('unhandledRejection', reason);
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return () => {
    proc.off('uncaughtException', onException);
    proc.off('unhandledRejection', onRejection);
  };
}
