/**
 * The logger every core module receives. It is pino's shape, so the real sink (pino with redaction at the
 * sink, see logging/) and a test logger both fit. Never pass personal data on purpose; the sink redacts
 * whatever slips through anyway.
 */
export interface LogFn {
  (obj: Record<string, unknown>, msg?: string): void;
  (msg: string): void;
}

export interface Logger {
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  fatal: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** pino's numeric level for each label (what a file line may carry instead of the label). */
export const LEVEL_VALUES: Readonly<Record<LogLevel, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/** The root logger of a process: a Logger whose level changes at run time, and which owns its files. */
export interface RootLogger extends Logger {
  /** Changes the level of this logger and of every child made from it (children never set their own). */
  setLevel(level: LogLevel): void;
  readonly level: LogLevel;
  /** The file the next line goes to. */
  currentFile(): string;
  /** Closes the current file; later lines reopen it. */
  close(): void;
}

/** A logger that drops everything (for tests that do not look at logs). */
export const silentLogger: Logger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  fatal: () => {},
  child: () => silentLogger,
};
