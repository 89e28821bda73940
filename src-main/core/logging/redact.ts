/**
 * Redaction on the write path: every log line passes through `redactLine` before it reaches a file, so
 * personal data never lands on disk whatever a caller logs (messages, nested objects, error messages and
 * stacks). It works on the serialised JSON line, which keeps it fast (no parse/re-stringify) and keeps the
 * line valid JSON: replacements are plain ASCII tokens.
 *
 * What is removed:
 *  - values of personal keys anywhere in the object tree (name, idNumber, phone, signature, photo, png,
 *    photoWlt, ... and secrets such as password/token), whatever their type;
 *  - 18-character ID numbers (any 17 digits + [0-9X], valid check digit or not) and 15-digit old ones;
 *  - mainland mobile numbers (also +86 / 3-4-4 separated forms);
 *  - bank card numbers (Luhn-valid 16–19 digits, also in groups of four);
 *  - any run of 20 or more digits (it could hide one of the above);
 *  - base64 / hex blobs (signatures, photos) and serialised Buffers;
 *  - values registered at run time with `registerSensitive` (applicants' names).
 */
import { isValidBankCard } from '../../contract/validation';
import { sensitiveValues, sensitiveVersion } from './sensitive';

export const REDACTED = '[REDACTED]';

/** Keys whose values never reach a log, compared case-insensitively. */
export const PERSONAL_KEYS: readonly string[] = [
  // named in the requirements
  'name', 'idNumber', 'phone', 'signature', 'photo', 'png', 'photoWlt',
  // the same facts under other common spellings
  'fullName', 'applicantName', 'idNo', 'certNo', 'mobile', 'tel', 'address', 'bankCard', 'cardNo',
  'accountNo', 'wlt', 'signaturePng', 'photoPng',
  // secrets
  'password', 'passphrase', 'token', 'secret', 'authorization', 'privateKey',
];

export interface RedactorOptions {
  /** Personal keys (default PERSONAL_KEYS). */
  keys?: readonly string[];
  /** Consult the process-wide `registerSensitive` registry (default true). */
  useSensitiveRegistry?: boolean;
}

export type Redactor = (line: string) => string;

const DIGIT = '[0-9\\uFF10-\\uFF19]'; // ASCII and full-width digits (typed with a Chinese IME)
const X = '[Xx\\uFF38\\uFF58]';
// Inside a JSON string a control character is written `\u0001`: its hex digits are not part of a number,
// a number may start right after the escape, and nothing may start inside it (the line must stay JSON).
// ESC_OPEN is a backslash that opens an escape (preceded by an even number of backslashes).
const ESC_OPEN = String.raw`(?<!\\)(?:\\\\)*\\`;
const NOT_IN_ESCAPE = String.raw`(?<!${ESC_OPEN}(?:u[0-9a-fA-F]{0,3})?)`;
const RUN_START = String.raw`${NOT_IN_ESCAPE}(?:(?<=${ESC_OPEN}u[0-9a-fA-F]{4})|(?<!${DIGIT}))`;
// A run ends at a non-digit, or at an X (an ID's check character), whatever follows the X.
const DIGIT_RUN = new RegExp(`${RUN_START}${DIGIT}{11,}(?:${X}|(?!${DIGIT}))`, 'g');
const SEPARATED = new RegExp(
  `${RUN_START}(?:` +
    `${DIGIT}{6}([ -])${DIGIT}{8}\\1${DIGIT}{3}(?:${DIGIT}|${X})` + // ID 330302 19900101 1234
    `|1[3-9]${DIGIT}([ -])${DIGIT}{4}\\2${DIGIT}{4}` + // mobile 138-0013-8000
    `|(?<card>${DIGIT}{4}([ -])${DIGIT}{4}\\4${DIGIT}{4}\\4${DIGIT}{4}(?:\\4?${DIGIT}{1,3})?)` + // card in fours
    `)(?!${DIGIT})`,
  'g',
);
const BLOB = new RegExp(`${NOT_IN_ESCAPE}[A-Za-z0-9+/]{80,}={0,2}`, 'g');
const BUFFER_JSON = /\{"type":"Buffer","data":\[[0-9,]*\]\}/g;

function asciiDigits(s: string): string {
  return s.replace(/[\uFF10-\uFF19\uFF38\uFF58]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0xff38 || code === 0xff58) return 'X';
    return String.fromCharCode(code - 0xff10 + 48);
  });
}

function isMobile(d: string): boolean {
  return /^1[3-9]\d{9}$/.test(d);
}

/** The replacement for one run of digits (possibly ending in X), or the run itself when harmless. */
function classifyRun(run: string): string {
  const normal = asciiDigits(run);
  const hasX = /X$/i.test(normal);
  const digits = hasX ? normal.slice(0, -1) : normal;
  const n = digits.length;
  if (hasX && n === 17) return '[ID]';
  if (n === 18 || n === 15) return '[ID]';
  if (n === 11 && isMobile(digits)) return '[MOBILE]' + (hasX ? run.slice(-1) : '');
  if (n === 13 && digits.startsWith('86') && isMobile(digits.slice(2))) return '[MOBILE]';
  if (n >= 16 && n <= 19 && isValidBankCard(digits)) return '[CARD]' + (hasX ? run.slice(-1) : '');
  if (n >= 20) return '[DIGITS]';
  return run;
}

function replaceSeparated(match: string, ...args: unknown[]): string {
  const groups = args[args.length - 1] as { card?: string } | undefined;
  if (groups?.card !== undefined) {
    return isValidBankCard(asciiDigits(match).replace(/[ -]/g, '')) ? '[CARD]' : match;
  }
  return match.startsWith('1') && match.length === 13 ? '[MOBILE]' : '[ID]';
}

/** Index just past the JSON value starting at `i` (or the line's end when it is cut off). */
function endOfJsonValue(line: string, i: number): number {
  const first = line.charCodeAt(i);
  if (first === 34 /* " */) {
    for (let j = i + 1; j < line.length; j++) {
      const c = line.charCodeAt(j);
      if (c === 92 /* \ */) j++;
      else if (c === 34) return j + 1;
    }
    return line.length;
  }
  if (first === 123 /* { */ || first === 91 /* [ */) {
    let depth = 0;
    for (let j = i; j < line.length; j++) {
      const c = line.charCodeAt(j);
      if (c === 34) {
        j = endOfJsonValue(line, j) - 1;
      } else if (c === 123 || c === 91) {
        depth++;
      } else if (c === 125 /* } */ || c === 93 /* ] */) {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return line.length;
  }
  let j = i;
  while (j < line.length) {
    const c = line.charCodeAt(j);
    if (c === 44 /* , */ || c === 125 || c === 93) break;
    j++;
  }
  return j;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Builds a redactor. The default one (`redactLine`) is what every sink uses. */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const keys = options.keys ?? PERSONAL_KEYS;
  const useRegistry = options.useSensitiveRegistry ?? true;
  // A key is structural when its opening quote follows `{` or `,`: inside a JSON string every quote is
  // escaped, so `"name":` in a message never matches.
  const keyRe = new RegExp(`[{,]\\s*"(?:${keys.map(escapeRegExp).join('|')})"\\s*:\\s*`, 'gi');

  let namesVersion = -1;
  let namesRe: RegExp | null = null;
  function currentNames(): RegExp | null {
    if (!useRegistry) return null;
    const v = sensitiveVersion();
    if (v !== namesVersion) {
      namesVersion = v;
      const values = sensitiveValues();
      namesRe =
        values.length === 0
          ? null
          : new RegExp(
              values.map((s) => (/^[\x20-\x7e]+$/.test(s) ? `\\b${escapeRegExp(s)}\\b` : escapeRegExp(s))).join('|'),
              'gi',
            );
    }
    return namesRe;
  }

  function redactKeys(line: string): string {
    keyRe.lastIndex = 0;
    let m = keyRe.exec(line);
    if (m === null) return line;
    let out = '';
    let last = 0;
    while (m !== null) {
      const start = m.index + m[0].length;
      const end = endOfJsonValue(line, start);
      const value = line.slice(start, end);
      out += line.slice(last, start) + (value === 'null' ? 'null' : `"${REDACTED}"`);
      last = end;
      keyRe.lastIndex = end;
      m = keyRe.exec(line);
    }
    return out + line.slice(last);
  }

  return function redact(line: string): string {
    let s = redactKeys(line);
    if (s.length >= 80) s = s.replace(BLOB, '[BLOB]');
    if (s.includes('"Buffer"')) s = s.replace(BUFFER_JSON, '"[BINARY]"');
    s = s.replace(SEPARATED, replaceSeparated);
    s = s.replace(DIGIT_RUN, classifyRun);
    const names = currentNames();
    if (names !== null) s = s.replace(names, '[NAME]');
    return s;
  };
}

/** The default redactor: personal keys, patterns and the registered names. */
export const redactLine: Redactor = createRedactor();
