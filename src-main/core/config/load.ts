/**
 * The terminal's configuration file (JSON, one per terminal, provisioned by branch IT): loading with
 * validation that names the wrong field, atomic saving with an audit hook, and a copy with secrets removed
 * for audit entries and the diagnostics bundle.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { configSchema, type TerminalConfig } from './schema';

export interface ConfigIssue {
  /** Dotted path of the field (`endpoints.si.url`), or '' for the file as a whole. */
  path: string;
  /** An issue key (ISSUE_KEYS) where the schema has one, for the screen; otherwise the problem in English. */
  message: string;
  /** The problem in English for branch IT's console and the log, where `message` is a key. */
  detail?: string;
}

export type ConfigErrorKind = 'missing' | 'unreadable' | 'syntax' | 'invalid';

/** A configuration that cannot be used. `message` lists every issue as `field: problem`. */
export class ConfigError extends Error {
  constructor(
    readonly kind: ConfigErrorKind,
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(`configuration ${file} ${kind === 'missing' ? 'does not exist' : 'is refused'}:\n` + issues.map((i) => `  ${i.path || '(file)'}: ${i.detail ?? i.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/** Where JSON.parse stopped, from its message (V8 gives a position, or a quoted excerpt around it). */
function syntaxErrorPosition(text: string, message: string): number | null {
  const at = /position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  if (/end of JSON input/.test(message)) return text.length;
  const excerpt = /Unexpected token '(.+?)', (\.\.\.)?"([\s\S]*?)"(\.\.\.)? is not valid JSON/.exec(message);
  if (!excerpt) return null;
  const [, token, cutBefore, context] = excerpt as unknown as [string, string, string | undefined, string];
  const start = text.indexOf(context);
  if (start === -1) return null;
  // V8 quotes up to 10 characters before the offending token.
  const expected = start + (cutBefore ? 10 : 0);
  let best: number | null = null;
  for (let i = text.indexOf(token, start); i !== -1 && i < start + context.length; i = text.indexOf(token, i + 1)) {
    if (best === null || Math.abs(i - expected) < Math.abs(best - expected)) best = i;
  }
  return best;
}

/** Paths present in `input` but not kept by the schema: misspelt or unknown fields. */
function unknownFields(input: unknown, parsed: unknown, prefix = ''): string[] {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return [];
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    const p = prefix ? `${prefix}.${key}` : key;
    if (!Object.prototype.hasOwnProperty.call(parsed, key)) out.push(p);
    else out.push(...unknownFields(value, (parsed as Record<string, unknown>)[key], p));
  }
  return out;
}

/** What a keyed schema issue means, in English for the console: the pattern a value missed, or the key itself. */
function issueDetail(issue: z.core.$ZodIssue): string | undefined {
  if (!issue.message.startsWith('issue.')) return undefined;
  if (issue.code === 'invalid_format' && 'pattern' in issue && issue.pattern) return `does not match ${issue.pattern} (${issue.message})`;
  return issue.message;
}

/** Validates a parsed configuration object; throws ConfigError naming every wrong field. */
export function validateConfig(input: unknown, file = '(in memory)'): TerminalConfig {
  const result = configSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      'invalid',
      file,
      result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, detail: issueDetail(i) })),
    );
  }
  const unknown = unknownFields(input, result.data);
  if (unknown.length > 0) {
    throw new ConfigError('invalid', file, unknown.map((p) => ({ path: p, message: 'unknown field (misspelt?)' })));
  }
  return result.data;
}

/** Reads and validates the configuration file. A missing file is ConfigError kind 'missing' (first run). */
export function loadConfig(file: string): TerminalConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError('missing', file, [{ path: '', message: 'file not found' }]);
    throw new ConfigError('unreadable', file, [{ path: '', message: `cannot read (${code ?? 'error'})` }]);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // BOM written by Windows Notepad
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (err) {
    const pos = syntaxErrorPosition(text, (err as Error).message);
    const where = pos === null ? '' : ` at ${lineAndColumn(text, pos)}`;
    throw new ConfigError('syntax', file, [{ path: '', message: `not valid JSON${where}` }]);
  }
  return validateConfig(input, file);
}

/**
 * The configuration as its file holds it now, for a screen that changes one part of it (people, settings) and must
 * keep what another screen saved since the start; on a first run, before the file exists, the one in force.
 */
export function configOnFile(file: string, inForce: TerminalConfig): TerminalConfig {
  try {
    return loadConfig(file);
  } catch (err) {
    if (err instanceof ConfigError && err.kind === 'missing') return inForce;
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------------

/** Field names whose values are secrets or lead to them (private key files, tokens, passwords). */
/** The terminal's file when it exists, else the embedded defaults (the first-run screen then offers them). */
export function readConfigFile(file: string | undefined): TerminalConfig {
  return file && existsSync(file) ? loadConfig(file) : configSchema.parse({});
}

export const SECRET_FIELD_RE = /key|token|password|passphrase|secret|credential|pin$/i;
export const SECRET_REMOVED = '[removed]';

function cleanUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  let changed = false;
  if (url.username || url.password) {
    url.username = '';
    url.password = '';
    changed = true;
  }
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_FIELD_RE.test(name)) {
      url.searchParams.set(name, SECRET_REMOVED);
      changed = true;
    }
  }
  return changed ? url.toString() : value;
}

/**
 * A deep copy of any configuration-like value with secrets removed: values of secret-named fields, PEM
 * blocks wherever they appear, credentials and token parameters in URLs.
 */
export function removeSecrets(value: unknown, key = ''): unknown {
  if (key && SECRET_FIELD_RE.test(key)) return value === null || value === undefined ? value : SECRET_REMOVED;
  if (typeof value === 'string') {
    if (/-----BEGIN [A-Z ]+-----/.test(value)) return SECRET_REMOVED;
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? cleanUrl(value) : value;
  }
  if (Array.isArray(value)) return value.map((v) => removeSecrets(v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, removeSecrets(v, k)]));
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Saving
// ---------------------------------------------------------------------------------------------

export interface ConfigChange {
  path: string;
  from: unknown;
  to: unknown;
}

export interface ConfigAuditEvent {
  action: 'config.saved';
  actor: string;
  file: string;
  /** Changed fields (secrets removed); every field when there was no valid file before. */
  changes: ConfigChange[];
}

export interface SaveConfigOptions {
  /** Called after the file is in place (the core writes it to the audit table). */
  audit?: (event: ConfigAuditEvent) => void;
}

function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

function diff(before: unknown, after: unknown): ConfigChange[] {
  const a = flatten(removeSecrets(before));
  const b = flatten(removeSecrets(after));
  const changes: ConfigChange[] = [];
  for (const p of new Set([...a.keys(), ...b.keys()])) {
    const from = a.get(p);
    const to = b.get(p);
    if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({ path: p, from: from ?? null, to: to ?? null });
  }
  return changes.sort((x, y) => (x.path < y.path ? -1 : 1));
}

/** Writes `text` (or bytes) to `file` so that a crash leaves either the old or the new file, never a torn one. */
export function writeFileAtomic(file: string, text: string | Uint8Array): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeFileSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // directories cannot be fsynced on Windows; the rename is durable there once it returns
  }
}

/**
 * Validates and writes the configuration atomically (pretty JSON), then reports the change to the audit
 * hook. Returns the configuration as written (defaults filled in).
 */
export function saveConfig(file: string, config: unknown, actor: string, options: SaveConfigOptions = {}): TerminalConfig {
  const valid = validateConfig(config, file);
  let before: unknown;
  try {
    before = loadConfig(file);
  } catch {
    before = {}; // first save, or the old file was broken: every field counts as changed
  }
  writeFileAtomic(file, JSON.stringify(valid, null, 2) + '\n');
  options.audit?.({ action: 'config.saved', actor, file, changes: diff(before, valid) });
  return valid;
}
