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
import { guardFields, guardMessage, safeError } from './fields';
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

/** A pino logger as a Logger whose children's bindings pass the allow-list too (pino's own hooks see only calls). */
function wrap(l: pino.Logger): Logger {
  return {
    trace: (...args: unknown[]) => (l.trace as (...a: unknown[]) => void)(...args),
    debug: (...args: unknown[]) => (l.debug as (...a: unknown[]) => void)(...args),
    info: (...args: unknown[]) => (l.info as (...a: unknown[]) => void)(...args),
    warn: (...args: unknown[]) => (l.warn as (...a: unknown[]) => void)(...args),
    error: (...args: unknown[]) => (l.error as (...a: unknown[]) => void)(...args),
    fatal: (...args: unknown[]) => (l.fatal as (...a: unknown[]) => void)(...args),
    child: (bindings) => wrap(l.child(guardFields(bindings))),
  };
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
      // Errors are already reduced by the allow-list (fields.ts safeError); pino's default `err` serializer would
      // rename their type.
      serializers: { err: (v: unknown) => v, error: (v: unknown) => v },
      // The allow-list (fields.ts): unknown fields dropped, values checked, a message that is not a constant
      // replaced, printf-style arguments ignored. Runs before anything is serialised.
      hooks: {
        logMethod(args: unknown[], method) {
          const [first, second] = args;
          if (first instanceof Error) return method.call(this, { err: safeError(first) }, guardMessage(second) ?? 'error');
          if (typeof first === 'object' && first !== null) {
            const msg = guardMessage(second);
            return msg === undefined ? method.call(this, guardFields(first as Record<string, unknown>)) : method.call(this, guardFields(first as Record<string, unknown>), msg);
          }
          return method.call(this, guardMessage(first) ?? '');
        },
      },
      mixin: () => context.getStore() ?? {},
    },
    sink,
  );

  return {
    ...wrap(p),
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
