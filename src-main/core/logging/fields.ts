/**
 * What a log line may carry: structured fields from an allow-list, each with the kind of value it holds, and a
 * constant message. Free text (a name, an address typed into a remark) has no field to go into: every logger
 * passes its fields and message through `guardFields` / `guardMessage` before the sink (see logger.ts), so an
 * unknown field is dropped (its name listed under `dropped`), a value of the wrong kind is replaced, and a message
 * that is not a plain-ASCII constant is replaced. The redactor at the sink still runs over what is left.
 *
 * Messages are constants: ESLint (`onewindow/constant-log-message`, eslint.config.js) refuses a log call whose
 * message is not a string literal; the runtime check here catches what slips through (non-ASCII text, long text).
 */

/**
 * - `token`: an identifier-like string (no spaces, printable ASCII, ≤ 200 characters), a number, a boolean or null;
 * - `text`: printable ASCII with spaces, ≤ 500 characters (device status texts, English error texts);
 * - `list`: an array (≤ 50) of tokens or of arrays of tokens (validation paths);
 * - `record`: a plain object (two levels) whose keys are identifiers and whose values are tokens;
 * - `error`: an Error (type, code, English message, stack frames) or an error text.
 */
export type FieldKind = 'token' | 'text' | 'list' | 'record' | 'error';

/** Every field a log line may carry. A new field is added here, with its kind, in the same change as its log call. */
export const LOG_FIELDS = {
  // identity of the line
  component: 'token',
  terminalId: 'token',
  source: 'token',
  caseId: 'token',
  // calls and events
  call: 'token',
  event: 'token',
  issues: 'list',
  fields: 'list',
  code: 'token',
  kind: 'token',
  level: 'token',
  rendererLevel: 'token',
  status: 'token',
  syncState: 'token',
  itemCode: 'token',
  mode: 'token',
  host: 'token',
  file: 'token',
  channel: 'token',
  // sync
  endpoint: 'token',
  si: 'token',
  tax: 'token',
  rev: 'token',
  rows: 'token',
  answered: 'token',
  kept: 'token',
  changed: 'list',
  defects: 'token',
  failures: 'token',
  attempts: 'token',
  skewMs: 'token',
  cases: 'token',
  outcome: 'token',
  http: 'token',
  line: 'token',
  batchId: 'token',
  state: 'token',
  // catalog
  catalogVersion: 'token',
  calendar: 'record',
  from: 'token',
  to: 'token',
  reported: 'token',
  result: 'record',
  // devices
  device: 'token',
  detail: 'text',
  // processes
  restarts: 'token',
  delayMs: 'token',
  exitCode: 'token',
  version: 'token',
  // counts
  count: 'token',
  dropped: 'list',
  // errors
  err: 'error',
  error: 'error',
  stack: 'error',
  data: 'record',
  // merged areas: ratings, card checks, people, retention, lease takeover, practice
  evaluationId: 'token',
  checks: 'list',
  rejectedReads: 'token',
  userId: 'token',
  nextWaitMs: 'token',
  roles: 'list',
  reason: 'token',
  created: 'token',
  pinChanged: 'token',
  report: 'record',
  pid: 'token',
  msLeft: 'token',
  practice: 'token',
  workspace: 'token',
} as const satisfies Record<string, FieldKind>;

export type LogField = keyof typeof LOG_FIELDS;

/** What replaces a value that is not of its field's kind. */
export const NOT_ALLOWED = '[TEXT]';
/** What replaces a message that is not a constant. */
export const MESSAGE_DROPPED = 'log message dropped: not a constant';

const TOKEN = /^[\x21-\x7e]{0,200}$/;
const TEXT = /^[\x20-\x7e]{0,500}$/;
const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,40}$/;
const FRAME = /^\s+at [\x20-\x7e]{1,300}$/;

function token(v: unknown): unknown {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'string') return TOKEN.test(v) ? v : NOT_ALLOWED;
  return NOT_ALLOWED;
}

function text(v: unknown): unknown {
  if (typeof v === 'string') return TEXT.test(v) ? v : NOT_ALLOWED;
  return token(v);
}

function list(v: unknown): unknown {
  if (!Array.isArray(v)) return token(v);
  return v.slice(0, 50).map((x) => (Array.isArray(x) ? x.slice(0, 20).map(token) : token(x)));
}

function record(v: unknown, depth = 0): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return Array.isArray(v) ? list(v) : token(v);
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (!KEY.test(k) || n++ >= 30) continue;
    out[k] = x !== null && typeof x === 'object' && depth < 1 ? record(x, depth + 1) : Array.isArray(x) ? list(x) : token(x);
  }
  return out;
}

/** An error as a log line may hold it: type, code, the message when it is plain ASCII, the stack's frames. */
export function safeError(v: unknown): unknown {
  if (v instanceof Error) {
    const type = token(v.name);
    const message = text(v.message);
    const frames = (v.stack ?? '').split('\n').filter((l) => FRAME.test(l)).slice(0, 30);
    const out: Record<string, unknown> = { type, message, stack: [`${String(type)}: ${String(message)}`, ...frames].join('\n') };
    const code = (v as { code?: unknown }).code;
    if (code !== undefined) out.code = token(code);
    return out;
  }
  if (typeof v === 'string') {
    // A stack as text (the renderer's): its frames, and its first line when that is plain ASCII.
    const lines = v.split('\n');
    if (lines.length > 1) return [text(lines[0]), ...lines.slice(1).filter((l) => FRAME.test(l)).slice(0, 30)].join('\n');
    return text(v);
  }
  return token(v);
}

const GUARDS: Record<FieldKind, (v: unknown) => unknown> = { token, text, list, record: (v) => record(v), error: safeError };

function isLogField(key: string): key is LogField {
  return Object.prototype.hasOwnProperty.call(LOG_FIELDS, key);
}

/** The fields of a log call with every value checked against its kind; unknown fields dropped and named. */
export function guardFields(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined) continue;
    if (isLogField(key)) out[key] = GUARDS[LOG_FIELDS[key]](value);
    else dropped.push(KEY.test(key) ? key : NOT_ALLOWED);
  }
  if (dropped.length > 0) out.dropped = [...(Array.isArray(out.dropped) ? out.dropped : []), ...dropped].slice(0, 50);
  return out;
}

/** A message as written: the constant itself, or MESSAGE_DROPPED when it holds anything but plain ASCII. */
export function guardMessage(msg: unknown): string | undefined {
  if (msg === undefined) return undefined;
  return typeof msg === 'string' && TEXT.test(msg) && msg.length <= 200 ? msg : MESSAGE_DROPPED;
}
