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
 *  - both in other groupings joined by single spaces, dots, dashes, underscores or slashes;
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

// Each pattern only starts where its kind of run starts (a fixed one-character look-behind keeps the scan
// linear); whether the start lies inside a JSON escape is decided in the replacer (see escapeOverlap).
// A digit run ends at a non-digit, or at an X (an ID's check character), whatever follows the X.
// Full-width digits (typed with a Chinese IME) need wider classes; the ASCII ones are about twice as fast,
// so they are used unless the line holds a full-width digit.
function numberPatterns(DIGIT: string, X: string): { run: RegExp; separated: RegExp } {
  return {
    run: new RegExp(`(?<!${DIGIT})${DIGIT}{11,}(?:${X}|(?!${DIGIT}))`, 'g'),
    separated: new RegExp(
      `(?<!${DIGIT})(?:` +
        `${DIGIT}{6}([ -])${DIGIT}{8}\\1${DIGIT}{3}(?:${DIGIT}|${X})` + // ID 330302 19900101 1234
        `|1[3-9]${DIGIT}([ -])${DIGIT}{4}\\2${DIGIT}{4}` + // mobile 138-0013-8000
        `|(?<card>${DIGIT}{4}([ -])${DIGIT}{4}\\4${DIGIT}{4}\\4${DIGIT}{4}(?:\\4?${DIGIT}{1,3})?)` + // card in fours
        `)(?!${DIGIT})`,
      'g',
    ),
  };
}
const ASCII_NUMBERS = numberPatterns('[0-9]', '[Xx]');
const WIDE_NUMBERS = numberPatterns('[0-9\\uFF10-\\uFF19]', '[Xx\\uFF38\\uFF58]');
const WIDE_DIGIT = /[\uFF10-\uFF19]/;
/** Every separated form holds three digits, a separator and four digits; most lines have none. */
const MAY_BE_SEPARATED = /[0-9\uFF10-\uFF19]{3}[ -][0-9\uFF10-\uFF19]{4}/;
/**
 * Other spellings of an ID number or a mobile: digit groups joined by single spaces, dots, dashes, underscores or
 * slashes, in any grouping (110105 1949 1231 002X, 1101 0519 4912 3100 2X, 138.0013.8000, 138/0013/8000). Judged
 * by their digits alone (17 + a digit or X; 11 starting 13–19), so dates, times and addresses are left as they are.
 */
const LOOSE_GROUPS = /(?<![0-9])[0-9]{2,}(?:[ ._/-][0-9]+)+[Xx]?(?![0-9])/g;
const MAY_BE_LOOSE = /[0-9]{2}[ ._/-][0-9]/;
const BLOB = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{80,}={0,2}/g;
const BUFFER_JSON = /\{"type":"Buffer","data":\[[0-9,]*\]\}/g;
const HEX = /^[0-9a-fA-F]$/;

/**
 * How many characters from `offset` on belong to a JSON escape that began before it (`\n` → the `n`,
 * `\u001b` → up to `001b`). A match must keep them, or the line would no longer be JSON, and must not
 * count them as digits of a number.
 */
function escapeOverlap(str: string, offset: number): number {
  // An escape opens at a backslash preceded by an even number of backslashes.
  const opensAt = (i: number) => {
    if (i < 0 || str.charCodeAt(i) !== 92) return false;
    let n = 0;
    for (let j = i - 1; j >= 0 && str.charCodeAt(j) === 92; j--) n++;
    return n % 2 === 0;
  };
  if (opensAt(offset - 1)) return str[offset] === 'u' ? 5 : 1;
  for (let k = 0; k <= 3; k++) {
    const u = offset - 1 - k; // position of the `u`
    if (u < 1) break;
    if (k > 0 && !HEX.test(str[offset - 1 - (k - 1)]!)) break;
    if (str[u] === 'u' && opensAt(u - 1)) {
      let ok = true;
      for (let j = u + 1; j < offset; j++) if (!HEX.test(str[j]!)) ok = false;
      if (ok) return 4 - k;
    }
  }
  return 0;
}

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

function replaceRun(run: string, offset: number, str: string): string {
  const skip = escapeOverlap(str, offset);
  return skip === 0 ? classifyRun(run) : run.slice(0, skip) + classifyRun(run.slice(skip));
}

function classifySeparated(match: string, isCard: boolean): string {
  if (isCard) return isValidBankCard(asciiDigits(match).replace(/[ -]/g, '')) ? '[CARD]' : match;
  return match.startsWith('1') && match.length === 13 ? '[MOBILE]' : '[ID]';
}

function replaceSeparated(match: string, ...args: unknown[]): string {
  const groups = args[args.length - 1] as { card?: string } | undefined;
  const str = args[args.length - 2] as string;
  const offset = args[args.length - 3] as number;
  const skip = escapeOverlap(str, offset);
  if (skip === 0) return classifySeparated(match, groups?.card !== undefined);
  // The match began inside an escape: look again at what follows the escape.
  return match.slice(0, skip) + match.slice(skip).replace(WIDE_NUMBERS.separated, replaceSeparated);
}

function classifyLoose(match: string): string {
  const digits = match.replace(/[ ._/-]/g, '');
  if (/^[0-9]{17}[0-9Xx]$/.test(digits)) return '[ID]';
  if (isMobile(digits)) return '[MOBILE]';
  return match;
}

function replaceLoose(match: string, offset: number, str: string): string {
  const skip = escapeOverlap(str, offset);
  // A match that began inside an escape (\u0031…) keeps the escape and is judged on what follows it.
  return skip === 0 ? classifyLoose(match) : match.slice(0, skip) + match.slice(skip).replace(LOOSE_GROUPS, classifyLoose);
}

function replaceBlob(blob: string, offset: number, str: string): string {
  const skip = escapeOverlap(str, offset);
  return skip === 0 ? '[BLOB]' : blob.slice(0, skip) + (blob.length - skip >= 80 ? '[BLOB]' : blob.slice(skip));
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
    if (s.length >= 80) s = s.replace(BLOB, replaceBlob);
    if (s.includes('"Buffer"')) s = s.replace(BUFFER_JSON, '"[BINARY]"');
    const numbers = WIDE_DIGIT.test(s) ? WIDE_NUMBERS : ASCII_NUMBERS;
    if (MAY_BE_SEPARATED.test(s)) s = s.replace(numbers.separated, replaceSeparated);
    if (MAY_BE_LOOSE.test(s)) s = s.replace(LOOSE_GROUPS, replaceLoose);
    s = s.replace(numbers.run, replaceRun);
    const names = currentNames();
    if (names !== null) s = s.replace(names, '[NAME]');
    return s;
  };
}

/** The default redactor: personal keys, patterns and the registered names. */
export const redactLine: Redactor = createRedactor();
