/**
 * Pure validators and maskers for identifiers used across the renderer and the core.
 * No I/O, no dependencies: safe to import from the renderer through the contract.
 */
import type { IssueKey } from './issues';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/** GB 11643 check character for the first 17 digits, or null when they are not 17 digits. */
export function idCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

function isRealDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

export type IdNumberProblem = 'format' | 'birth_date' | 'check_digit';

/** Validates an 18-character citizen ID number (GB 11643-1999). Returns null when valid. */
export function idNumberProblem(value: string): IdNumberProblem | null {
  const v = value.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return 'format';
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  if (y < 1900 || !isRealDate(y, m, d)) return 'birth_date';
  if (idCheckChar(v.slice(0, 17)) !== v[17]) return 'check_digit';
  return null;
}

export function isValidIdNumber(value: string): boolean {
  return idNumberProblem(value) === null;
}

/** Birth date (YYYY-MM-DD) and gender code ('1' male, '2' female, GB/T 2261.1) encoded in an ID number. */
export function idNumberFacts(value: string): { birthDate: string; gender: '1' | '2' } | null {
  if (!isValidIdNumber(value)) return null;
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  const gender = Number(value[16]) % 2 === 1 ? '1' : '2';
  return { birthDate, gender };
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Unified social credit code (GB 32100-2015). */
export function isValidCreditCode(value: string): boolean {
  const v = value.toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(v)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(v[i]!) * USCC_WEIGHTS[i]!;
  const check = (31 - (sum % 31)) % 31;
  return USCC_CHARS[check] === v[17];
}

/** Luhn (mod 10) check used by bank card numbers; 12–19 digits. */
export function isValidBankCard(value: string): boolean {
  if (!/^\d{12,19}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < value.length; i++) {
    let digit = Number(value[value.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Mainland mobile number: 11 digits starting with 1[3-9]. */
export function isValidMobile(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value);
}

/** `330302********1234`: the first six and the last four characters stay. */
export function maskIdNumber(value: string): string {
  if (value.length <= 10) return '*'.repeat(value.length);
  return value.slice(0, 6) + '*'.repeat(value.length - 10) + value.slice(-4);
}

/** `180****1999`. */
export function maskPhone(value: string): string {
  if (value.length < 7) return '*'.repeat(value.length);
  return value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4);
}

/** `张*` / `欧阳**`: the family name's first character stays. */
export function maskName(value: string): string {
  const chars = Array.from(value);
  if (chars.length <= 1) return value;
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** `6222 **** **** 1234` style: the last four digits only. */
export function maskBankCard(value: string): string {
  if (value.length <= 4) return value;
  return '*'.repeat(value.length - 4) + value.slice(-4);
}

/** 证件类型 of an ID number typed by hand (no card on the reader). */
export type ManualIdType = 'resident' | 'hkmo_tw' | 'foreign' | 'other';

/**
 * The problem with a number typed by hand for its 证件类型 (an issue key), or null. 居民身份证 and 港澳台居民居住证
 * follow GB 11643; 外国人永久居留身份证 is the 2023 18-digit number (GB 11643 check digit) or the 2017 15-character
 * one (3 letters, 12 digits); 其他 is 4–30 letters, digits or '-'.
 */
export function manualIdProblem(type: ManualIdType, value: string): IssueKey | null {
  const v = value.trim().toUpperCase();
  if (type === 'other') return /^[A-Z0-9-]{4,30}$/.test(v) ? null : 'issue.manualId.other';
  if (type === 'foreign' && /^[A-Z]{3}\d{12}$/.test(v)) return null;
  const p = idNumberProblem(v);
  if (p === null) return null;
  if (p === 'check_digit') return 'issue.manualId.checkDigit';
  if (p === 'birth_date') return 'issue.manualId.birthDate';
  return type === 'foreign' ? 'issue.manualId.foreign' : 'issue.manualId.resident';
}
