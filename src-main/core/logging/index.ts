/** Logging for every Node process of OneWindow: see logger.ts (writing), reader.ts (reading). */
export * from './types';
export { createLogger, withLogContext, type CreateLoggerOptions, type LogContext } from './logger';
export { terminalLogger } from './terminal-logger';
export { registerSensitive, unregisterSensitive } from './sensitive';
export { createRedactor, redactLine, PERSONAL_KEYS, REDACTED, type Redactor } from './redact';
export { createRendererLogSink, rendererLogEntrySchema, type RendererLogEntry, type RendererLogResult } from './renderer';
export { installCrashHandlers, writeCrashRecord, CRASH_EXIT_CODE, type CrashRecord } from './crash';
export { defaultLogDir, defaultCrashDir } from './location';
export { readLogs, followLogs, formatEntry, parseLogLine, parseTime, entryMatches, listLogFiles, type LogEntry, type LogFilter, type FollowHandle } from './reader';
export { runLogsCommand, LOGS_USAGE } from './logs-command';
