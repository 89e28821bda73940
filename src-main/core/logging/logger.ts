/**
 * The process's root logger: pino writing JSON lines through the redactor into one file per day.
 *
 *   const log = createLogger({ dir, terminalId, component: 'core', level: config.logging.level });
 *   const sync = log.child({ component: 'sync' });
 *   withLogContext({ caseId }, () => service.accept(...)); // every line inside carries caseId
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';
import { toChinaTime } from '../util/time';
import { DailyFileSink } from './daily-file';
import { redactLine } from './redact';
import { LOG_LEVELS, type LogLevel, type Logger, type RootLogger } from './types';

export interface CreateLoggerOptions {
  /** The terminal's log folder. */
  dir: string;
  terminalId: string;
  /** Which part of the program writes: core, main, renderer, webhost, ... Children may narrow it. */
  component: string;
  level?: LogLevel;
  /** Days of files kept, today included (default 30). */
  retentionDays?: number;
  /** Redaction at the sink (default on). Off only to measure what it costs. */
  redact?: boolean;
  clock?: () => number;
}

export interface LogContext {
  caseId?: string;
}

const context = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with a context whose fields (the case id) every log line written inside it carries. */
export function withLogContext<T>(ctx: LogContext, fn: () => T): T {
  return context.run({ ...context.getStore(), ...ctx }, fn);
}

function assertLevel(level: string): asserts level is LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new Error(`log level must be one of ${LOG_LEVELS.join(', ')}; got "${level}"`);
  }
}

export function createLogger(options: CreateLoggerOptions): RootLogger {
  const level = options.level ?? 'info';
  assertLevel(level);
  const clock = options.clock ?? Date.now;
  const sink = new DailyFileSink({
    dir: options.dir,
    retentionDays: options.retentionDays ?? 30,
    transform: options.redact === false ? undefined : redactLine,
    clock,
  });
  const p = pino(
    {
      level,
      base: { component: options.component, terminalId: options.terminalId },
      timestamp: () => `,"time":"${toChinaTime(clock())}"`,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
      mixin: () => context.getStore() ?? {},
    },
    sink,
  );

  return {
    trace: p.trace.bind(p),
    debug: p.debug.bind(p),
    info: p.info.bind(p),
    warn: p.warn.bind(p),
    error: p.error.bind(p),
    fatal: p.fatal.bind(p),
    child: (bindings) => p.child(bindings) as unknown as Logger,
    setLevel(next: LogLevel) {
      assertLevel(next);
      p.level = next;
    },
    get level() {
      return p.level as LogLevel;
    },
    currentFile: () => sink.currentFile(),
    close: () => sink.close(),
  };
}
